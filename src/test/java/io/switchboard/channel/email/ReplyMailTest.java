package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyMailTest {

    @Test
    void shouldPrefixReOnceAndKeepExistingReplyPrefixesAsTheyAre() {
        assertThat(ReplyMail.replySubject("订单问题")).isEqualTo("Re: 订单问题");
        assertThat(ReplyMail.replySubject("回复: 订单问题")).isEqualTo("回复: 订单问题");
        assertThat(ReplyMail.replySubject("答复：发票")).isEqualTo("答复：发票");
        assertThat(ReplyMail.replySubject("RE: Invoice")).isEqualTo("RE: Invoice");
        assertThat(ReplyMail.replySubject("Re[2]: Invoice")).isEqualTo("Re[2]: Invoice");
        assertThat(ReplyMail.replySubject("AW: Rechnung")).isEqualTo("AW: Rechnung");
        assertThat(ReplyMail.replySubject("Fwd: Invoice")).isEqualTo("Re: Fwd: Invoice");
        assertThat(ReplyMail.replySubject("Regarding my order")).isEqualTo("Re: Regarding my order");
        assertThat(ReplyMail.replySubject("")).isEqualTo("Re:");
        assertThat(ReplyMail.replySubject("line\r\nBcc: victim@example.com")).isEqualTo("Re: line Bcc: victim@example.com");
    }

    @Test
    void shouldReferenceTheirReferencesThenTheirMessageOnce() {
        assertThat(ReplyMail.references(List.of("<a@x>", "b@x", "<parent@x>"), "parent@x"))
                .isEqualTo("<a@x> <b@x> <parent@x>");
        assertThat(ReplyMail.references(List.of(), "parent@x")).isEqualTo("<parent@x>");
    }

    @Test
    void shouldDropIdsThatCouldInjectHeaders() {
        assertThat(ReplyMail.plainId("<ok.1@x>")).isEqualTo("ok.1@x");
        assertThat(ReplyMail.plainId("<a@x>\r\nBcc: victim@example.com")).isNull();
        assertThat(ReplyMail.plainId("<a b@x>")).isNull();
        assertThat(ReplyMail.plainId("no-at-sign")).isNull();
        assertThat(ReplyMail.references(List.of("<a@x>\r\nBcc: v@x", "<b@x>"), "p@x")).isEqualTo("<b@x> <p@x>");
    }

    @Test
    void shouldKeepTheRootAndTheNewestIdsOfALongThread() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add("<m" + i + "@x>");
        }
        String references = ReplyMail.references(ids, "parent@x");
        assertThat(references.split(" ")).hasSize(20);
        assertThat(references).startsWith("<m0@x> <m12@x>").endsWith("<m29@x> <parent@x>");
    }
}
