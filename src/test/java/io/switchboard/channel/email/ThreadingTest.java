package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThreadingTest {

    @Test
    void phpImapReplyJoinsTheThreadOfItsParentAndTheUnrelatedMailDoesNot() {
        ParsedEmail topic = EmailParser.parse(Corpus.read("php-imap/thread_my_topic.eml"));
        ParsedEmail reply = EmailParser.parse(Corpus.read("php-imap/thread_re_my_topic.eml"));
        ParsedEmail unrelated = EmailParser.parse(Corpus.read("php-imap/thread_unrelated.eml"));

        assertThat(topic.messageId()).isEqualTo("123@example.com");
        assertThat(topic.threadKey()).isEqualTo("123@example.com");
        assertThat(reply.inReplyTo()).containsExactly("123@example.com");
        assertThat(reply.threadKey()).isEqualTo(topic.threadKey());
        assertThat(reply.subjectKey()).isEqualTo(topic.subjectKey()).isEqualTo("nuu");
        assertThat(unrelated.threadKey()).isNotEqualTo(topic.threadKey()).isEqualTo("999@example.com");
        assertThat(unrelated.subjectKey()).isNotEqualTo(topic.subjectKey());
    }

    @Test
    void threadKeyIsTheFirstReferenceNormalised() {
        String mail = "From: a@b.c\r\nSubject: Re: Re: x\r\nMessage-ID: <Own@Host>\r\n"
                + "In-Reply-To: <Parent@HOST>\r\nReferences: <ROOT@Example.COM>\r\n <Parent@HOST>\r\n\r\nhi\r\n";
        ParsedEmail m = EmailParser.parse(mail.getBytes(StandardCharsets.US_ASCII));
        assertThat(m.references()).containsExactly("root@example.com", "parent@host");
        assertThat(m.threadKey()).isEqualTo("root@example.com");
        assertThat(m.messageId()).isEqualTo("own@host");
    }

    @Test
    void mailWithoutAnyIdHasNoThreadKeyButASubjectKey() {
        ParsedEmail m = EmailParser.parse("Subject: FW: Hello\r\n\r\nx".getBytes(StandardCharsets.US_ASCII));
        assertThat(m.threadKey()).isNull();
        assertThat(m.subjectKey()).isEqualTo("hello");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Re: Hello world|hello world",
            "RE: re: Fwd: FW: Hello   world|hello world",
            "回复: 回复：答复: 转发: 订单问题|订单问题",
            "Aw: Re[2]: [Support] [Ticket#123] Hello|hello",
            "Fw:Re:Hello|hello",
            "【重要】回复：发票|发票",
            "Re: [tag]|[tag]",
            "Regarding your order|regarding your order"})
    void subjectKeyStripsReplyAndForwardPrefixesAndTags(String subject, String key) {
        assertThat(Threading.subjectKey(subject)).isEqualTo(key);
    }
}
