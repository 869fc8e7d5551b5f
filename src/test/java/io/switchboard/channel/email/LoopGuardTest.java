package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.channel.email.LoopGuard.Kind;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class LoopGuardTest {

    private static ParsedEmail parse(String headers) {
        return EmailParser.parse((headers + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bounceExposesTheOriginalMessageIdFromTheAttachedMessage() {
        ParsedEmail m = EmailParser.parse(Corpus.read("php-imap/example_bounce.eml"));
        assertThat(m.loopKind()).isEqualTo(Kind.BOUNCE);
        assertThat(m.bouncedMessageId()).isNotBlank().isNotEqualTo(m.messageId());
        assertThat(m.loopGuard().suppressAutoResponse()).isTrue();
    }

    @Test
    void amazonSesStyleDsnIsABounceWithItsOriginalId() {
        ParsedEmail m = EmailParser.parse(Corpus.read("flanker/bounce/zed.eml"));
        assertThat(m.loopKind()).isEqualTo(Kind.BOUNCE);
        assertThat(m.loopGuard().reason()).contains("delivery-status");
        assertThat(m.bouncedMessageId()).isNotNull();
    }

    @Test
    void chineseOutOfOfficeSubjectIsAnAutoReply() {
        ParsedEmail m = parse("From: zhang@example.cn\r\nSubject: =?UTF-8?B?" + java.util.Base64.getEncoder()
                .encodeToString("自动回复: 订单问题".getBytes(StandardCharsets.UTF_8)) + "?=");
        assertThat(m.loopKind()).isEqualTo(Kind.AUTO_REPLY);
    }

    @Test
    void chineseBounceSubjectIsABounce() {
        assertThat(parse("From: system@mail.example.cn\r\nSubject: 系统退信").loopKind()).isEqualTo(Kind.BOUNCE);
    }

    @Test
    void autoSubmittedNoIsNotAnAutoReplyButAnyOtherValueIs() {
        assertThat(parse("From: a@b.c\r\nSubject: hi\r\nAuto-Submitted: no").loopKind()).isEqualTo(Kind.NONE);
        assertThat(parse("From: a@b.c\r\nSubject: hi\r\nAuto-Submitted: auto-generated").loopKind())
                .isEqualTo(Kind.AUTO_REPLY);
        assertThat(parse("From: a@b.c\r\nSubject: hi\r\nX-Autoreply: yes").loopKind()).isEqualTo(Kind.AUTO_REPLY);
        assertThat(parse("From: a@b.c\r\nSubject: hi\r\nPrecedence: auto_reply").loopKind())
                .isEqualTo(Kind.AUTO_REPLY);
    }

    @Test
    void autoResponseSuppressAloneIsARequestNotAnAutoReply() {
        ParsedEmail m = parse("From: a@b.c\r\nSubject: Meeting notes\r\nX-Auto-Response-Suppress: All");
        assertThat(m.loopKind()).isEqualTo(Kind.NONE);
    }

    @Test
    void precedenceBulkSuppressesAutoResponsesWithoutBeingCalledAnAutoReplyByDefault() {
        ParsedEmail m = parse("From: list@b.c\r\nSubject: Newsletter\r\nPrecedence: bulk");
        assertThat(m.loopKind()).isEqualTo(Kind.NONE);
        assertThat(m.loopGuard().suppressAutoResponse()).isTrue();
        MailHeaders h = MailHeadersAccess.headersOf("Precedence: bulk\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(LoopGuard.classify(new LoopGuard.Signals(h, "Newsletter", "list@b.c", null, java.util.Set.of()),
                LoopGuard.PrecedencePolicy.AUTO_REPLY).kind()).isEqualTo(Kind.AUTO_REPLY);
    }

    @Test
    void nullReturnPathWithoutOtherSignalsIsABounce() {
        assertThat(parse("Return-Path: <>\r\nFrom: x@b.c\r\nSubject: status").loopKind()).isEqualTo(Kind.BOUNCE);
    }

    @Test
    void readReceiptAndFeedbackReportsAreRecognised() {
        assertThat(EmailParser.parse(Corpus.read("flanker/disposition-notification.eml")).loopKind())
                .isEqualTo(Kind.READ_RECEIPT);
        assertThat(EmailParser.parse(Corpus.read("flanker/complaints/aol.eml")).loopKind())
                .isEqualTo(Kind.FEEDBACK_REPORT);
    }

    @Test
    void humanMailFromAPostmasterAddressIsNotABounce() {
        assertThat(EmailParser.parse(Corpus.read("flanker/long-links.eml")).loopKind()).isEqualTo(Kind.NONE);
    }

    @Test
    void gatewaysOwnReplyIsRecognisedBeforeAnyOtherRule() {
        ParsedEmail own = parse("From: support@example.com\r\nSubject: Re: 订单\r\n"
                + "Message-ID: <switchboard.reply.r-9@example.com>\r\nAuto-Submitted: auto-replied");
        assertThat(own.loopKind()).isEqualTo(Kind.OWN_REPLY);
        assertThat(own.loopGuard().suppressAutoResponse()).isTrue();
        assertThat(own.loopGuard().reason()).contains("switchboard.reply.r-9@example.com");
    }
}
