package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ReplySplitterTest {

    @Test
    void gmailStyleAttributionWrappedOverTwoLinesStartsTheQuote() {
        String body = "Thanks, that fixed it.\n\nBest,\nAnna\n\nOn Mon, 3 Nov 2025 at 10:12, Support Team <\n"
                + "support@example.com> wrote:\n> Please restart the router.\n> \n> Kind regards\n";
        ReplySplitter.Split s = ReplySplitter.split(body);
        assertThat(s.text()).isEqualTo("Thanks, that fixed it.\n\nBest,\nAnna");
        assertThat(s.quoted()).startsWith("On Mon, 3 Nov 2025").contains("> Please restart the router.");
        assertThat(s.signature()).isEmpty();
    }

    @Test
    void outlookOriginalMessageSeparatorAndSignatureAreSeparated() {
        String body = "Hello,\nthe invoice is attached.\n-- \nJohn Smith\nACME Ltd.\n\n"
                + "-----Original Message-----\nFrom: Support <support@example.com>\nSent: Monday\n"
                + "Subject: Invoice\n\nCould you send the invoice?\n";
        ReplySplitter.Split s = ReplySplitter.split(body);
        assertThat(s.text()).isEqualTo("Hello,\nthe invoice is attached.");
        assertThat(s.signature()).isEqualTo("John Smith\nACME Ltd.");
        assertThat(s.quoted()).startsWith("-----Original Message-----").contains("Could you send the invoice?");
    }

    @Test
    void outlookHeaderBlockWithoutSeparatorStartsTheQuote() {
        String body = "Works now.\n\n________________________________\nFrom: Help Desk <help@example.com>\n"
                + "Sent: Tuesday, 4 November 2025 09:00\nTo: Bob\nSubject: RE: VPN\n\nTry again.\n";
        ReplySplitter.Split s = ReplySplitter.split(body);
        assertThat(s.text()).isEqualTo("Works now.");
        assertThat(s.quoted()).contains("Try again.");
    }

    @Test
    void qqMailOriginalMessageMarkerStartsTheQuote() {
        String body = "好的，谢谢！\n\n------------------ 原始邮件 ------------------\n发件人: \"客服\"<kefu@example.cn>;\n"
                + "发送时间: 2025年11月4日(星期二) 上午10:00\n收件人: \"张三\"<zhang@qq.com>;\n主题: 回复：订单\n\n您的订单已发货。\n";
        ReplySplitter.Split s = ReplySplitter.split(body);
        assertThat(s.text()).isEqualTo("好的，谢谢！");
        assertThat(s.quoted()).startsWith("------------------ 原始邮件").contains("您的订单已发货。");
    }

    @Test
    void foxmailAndChineseOutlookHeaderBlocksStartTheQuote() {
        String body = "收到，马上处理。\n\n发件人：客服中心\n发送时间：2025-11-04 10:00\n收件人：张三\n主题：退款\n\n请提供订单号。\n";
        ReplySplitter.Split s = ReplySplitter.split(body);
        assertThat(s.text()).isEqualTo("收到，马上处理。");
        assertThat(s.quoted()).startsWith("发件人：客服中心").contains("请提供订单号。");
    }

    @Test
    void chineseGmailAttributionAndMobileSignoffAreSeparated() {
        String body = "已经解决了。\n\n发自我的iPhone\n\n在 2025年11月3日，下午3:00，客服 <kefu@example.cn> 写道：\n\n> 请重启路由器。\n";
        ReplySplitter.Split s = ReplySplitter.split(body);
        assertThat(s.text()).isEqualTo("已经解决了。");
        assertThat(s.signature()).isEqualTo("发自我的iPhone");
        assertThat(s.quoted()).startsWith("在 2025年11月3日").contains("> 请重启路由器。");
    }

    @Test
    void interleavedRepliesKeepTheAnswersAndMoveQuotedLinesAside() {
        String body = "Bob wrote:\n> Is the server up?\nYes, since 9:00.\n> And the backups?\nRunning.\n";
        ReplySplitter.Split s = ReplySplitter.split(body);
        assertThat(s.text()).isEqualTo("Yes, since 9:00.\nRunning.");
        assertThat(s.quoted()).isEqualTo("Bob wrote:\n> Is the server up?\n> And the backups?");
    }

    @Test
    void forwardedMessageIsContentNotQuote() {
        String body = "FYI\n\n---------- Forwarded message ---------\nFrom: Carol <c@example.com>\nDate: Mon\n"
                + "Subject: Outage\n\nThe outage starts at 22:00.\n";
        ReplySplitter.Split s = ReplySplitter.split(body);
        assertThat(s.text()).contains("FYI").contains("The outage starts at 22:00.");
        assertThat(s.quoted()).isEmpty();
    }

    @Test
    void parsedReplyFromACorpusMailSplitsTextAndQuote() {
        ParsedEmail m = EmailParser.parse(Corpus.read("mikel-mail/plain_emails/raw_email_reply.eml"));
        assertThat(m.text()).isNotBlank();
        assertThat(m.fullText()).contains(m.text());
    }

    @Test
    void generatedChineseReplyFixtureSplitsNewTextQuoteAndSignature() throws Exception {
        byte[] raw;
        try (var in = getClass().getResourceAsStream("/email/qq-reply-gb18030.eml")) {
            raw = in.readAllBytes();
        }
        ParsedEmail m = EmailParser.parse(raw);
        assertThat(m.subject()).isEqualTo("回复：订单 20251104 镕");
        assertThat(m.subjectKey()).isEqualTo("订单 20251104 镕");
        assertThat(m.text()).isEqualTo("好的，收到退款了，谢谢！");
        assertThat(m.signature()).isEqualTo("张三\n电话：138-0000-0000");
        assertThat(m.quoted()).startsWith("------------------ 原始邮件 ------------------").contains("退款已经处理");
        assertThat(m.threadKey()).isEqualTo("order-20251104@support.example.cn");
        assertThat(m.loopKind()).isEqualTo(LoopGuard.Kind.NONE);
    }

    @Test
    void plainReplyWithoutQuoteIsAllText() {
        ParsedEmail m = EmailParser.parse("From: a@b.c\r\nSubject: hi\r\n\r\nJust text.\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(m.text()).isEqualTo("Just text.");
        assertThat(m.quoted()).isEmpty();
        assertThat(m.signature()).isEmpty();
    }
}
