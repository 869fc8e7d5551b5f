package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.MailServer;
import io.switchboard.testing.TopicReader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Real-world mail from the shared corpus and generated Chinese mail, appended over IMAP and polled by the gateway. */
@QuarkusTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = MailServer.class, restrictToAnnotatedClass = true)
class EmailCorpusInboundTest {

    static final Duration WAIT = Duration.ofSeconds(90);

    /** Fixture → the tag the loop guard must put on its record ("" for ordinary mail, which reaches the queue). */
    static final Map<String, String> SAMPLE = new LinkedHashMap<>();

    static {
        SAMPLE.put("flanker/bounce/gmail-invalid-address.eml", "email.bounce");
        SAMPLE.put("flanker/bounce/mailbox-full.eml", "email.bounce");
        SAMPLE.put("sisimai-bounces/bsd/rfc3834-01.eml", "email.auto-reply");
        SAMPLE.put("sisimai-bounces/bsd/rfc3834-03.eml", "email.auto-reply");
        SAMPLE.put("flanker/disposition-notification.eml", "email.read-receipt");
        SAMPLE.put("flanker/complaints/aol.eml", "email.feedback-report");
        SAMPLE.put("php-imap/html_only.eml", "");
        SAMPLE.put("flanker/missing-boundaries.eml", "");
        SAMPLE.put("mikel-mail/plain_emails/raw_email_with_partially_quoted_subject.eml", "");
        SAMPLE.put("mikel-mail/error_emails/content_transfer_encoding_empty.eml", "");
    }

    @Test
    void shouldRecordCorpusMailWithLoopGuardTagsAndQueueOnlyMailFromPeople() throws Exception {
        for (String fixture : SAMPLE.keySet()) {
            MailServer.append(MailServer.SUPPORT, Corpus.read(fixture));
        }
        for (Map.Entry<String, String> e : SAMPLE.entrySet()) {
            ParsedEmail expected = EmailParser.parse(Corpus.read(e.getKey()));
            JsonNode record = contactWithSubject(expected.subject());
            assertThat(record.get("text").asText()).as(e.getKey()).isEqualTo(
                    expected.text().isBlank() ? expected.fullText() : expected.text());
            String recordId = record.get("id").asText();
            if (e.getValue().isEmpty()) {
                assertThat(record.get("tags").toString()).as(e.getKey()).doesNotContain("email.");
                assertThat(record.get("queue").asText()).as(e.getKey()).isEqualTo("general");
                String lane = "switchboard.queue.general." + record.get("priority").asText();
                assertThat(TopicReader.read(lane, TopicReader.valueContains(recordId), 1, WAIT))
                        .as(e.getKey()).hasSize(1);
            } else {
                assertThat(record.get("tags").toString()).as(e.getKey()).isEqualTo("[\"" + e.getValue() + "\"]");
                assertThat(record.get("queue").isNull()).as(e.getKey()).isTrue();
            }
        }
        JsonNode bounce = contactWithSubject(EmailParser.parse(Corpus.read("flanker/bounce/gmail-invalid-address.eml")).subject());
        assertThat(bounce.at("/context/email/bouncedMessageId").asText()).isNotBlank();
        assertThat(bounce.get("threadKey").asText()).isEqualTo("email:" + bounce.at("/context/email/bouncedMessageId").asText());
        JsonNode html = contactWithSubject(EmailParser.parse(Corpus.read("php-imap/html_only.eml")).subject());
        assertThat(html.at("/context/email/textFromHtml").asBoolean()).isTrue();
        JsonNode hanzi = contactWithSubject("Re: Test: \"漢字\" mid \"漢字\" tail");
        assertThat(hanzi.at("/from/value").asText()).isEqualTo("jamis@37signals.com");
        for (String agentQueueless : new String[] {"flanker/bounce/mailbox-full.eml", "flanker/complaints/aol.eml"}) {
            String id = contactWithSubject(EmailParser.parse(Corpus.read(agentQueueless)).subject()).get("id").asText();
            assertThat(TopicReader.read(EmailInboundTest.QUEUE, TopicReader.valueContains(id), 1, Duration.ofSeconds(3)))
                    .as(agentQueueless).isEmpty();
        }
    }

    @Test
    void shouldCarryChineseSubjectsAndBodiesExactlyThroughImapForEveryCharsetLabel() throws Exception {
        String rong = "关于朱镕基的资料：请回复";
        Object[][] cases = {
                {"GB2312", Charset.forName("GB2312"), "信用卡账单：您好，欢迎使用客服中心。"},
                {"gb2312", Charset.forName("GBK"), rong}, // what real mailers send: GBK bytes under a GB2312 label
                {"GBK", Charset.forName("GBK"), rong},
                {"GB18030", Charset.forName("GB18030"), "罕见字𠀀与欧元符号€，" + rong},
                {"UTF-8", StandardCharsets.UTF_8, "罕见字𠀀与欧元符号€，" + rong}};
        Map<String, String> expected = new LinkedHashMap<>();
        for (Object[] c : cases) {
            String label = (String) c[0];
            Charset charset = (Charset) c[1];
            String text = (String) c[2];
            for (String transfer : new String[] {"8bit", "base64"}) {
                String messageId = "cn-" + label + "-" + transfer + "-" + UUID.randomUUID() + "@example.cn";
                String body = text + "\r\n第二行：订单 SO-88";
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                raw.writeBytes(("From: =?" + label + "?B?" + ChineseCharsetRoundTripTest.b64("李雷", charset)
                        + "?= <li.lei@example.cn>\r\nTo: support@example.com\r\n"
                        + "Subject: " + ChineseCharsetRoundTripTest.bWords(label, charset, text) + "\r\n"
                        + "Message-ID: <" + messageId + ">\r\nDate: Tue, 04 Nov 2025 10:00:00 +0800\r\nMIME-Version: 1.0\r\n"
                        + "Content-Type: text/plain; charset=\"" + label + "\"\r\nContent-Transfer-Encoding: " + transfer
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                raw.writeBytes(transfer.equals("8bit") ? body.getBytes(charset)
                        : Base64.getMimeEncoder().encode(body.getBytes(charset)));
                raw.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
                MailServer.append(MailServer.SUPPORT, raw.toByteArray());
                expected.put(messageId, text);
            }
        }
        // RFC 6532: raw UTF-8 in the Subject header itself, no encoded-word, next to a GBK body. (Raw 8-bit GBK
        // headers decode in EmailContactAdapterTest, but came back from GreenMail as U+FFFD.)
        String eightBitId = "cn-raw-header-" + UUID.randomUUID() + "@example.cn";
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes("From: li.lei@example.cn\r\nTo: support@example.com\r\nSubject: ".getBytes(StandardCharsets.US_ASCII));
        raw.writeBytes(rong.getBytes(StandardCharsets.UTF_8));
        raw.writeBytes(("\r\nMessage-ID: <" + eightBitId + ">\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=gb2312\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        raw.writeBytes((rong + "\r\n第二行：订单 SO-88\r\n").getBytes(Charset.forName("GBK")));
        MailServer.append(MailServer.SUPPORT, raw.toByteArray());
        expected.put(eightBitId, rong);

        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            JsonNode record = EmailInboundTest.contact(e.getKey());
            if (!record.get("subject").asText().equals(e.getValue())
                    || !record.get("text").asText().equals(e.getValue() + "\n第二行：订单 SO-88")
                    || !"zh".equals(record.get("language").asText())) {
                mismatches.add(e.getKey() + ": subject=" + record.get("subject") + " text=" + record.get("text"));
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(EmailInboundTest.contact(expected.keySet().iterator().next()).at("/context/email/fromName").asText())
                .isEqualTo("李雷");
    }

    static JsonNode contactWithSubject(String subject) throws Exception {
        List<ConsumerRecord<String, byte[]>> found = TopicReader.read(EmailInboundTest.CONTACTS, r -> {
            try {
                JsonNode node = EmailInboundTest.JSON.readTree(r.value());
                return "email".equals(node.path("channel").asText()) && subject.equals(node.path("subject").asText());
            } catch (java.io.IOException e) {
                return false;
            }
        }, 1, WAIT);
        assertThat(found).as("contact with subject %s", subject).hasSize(1);
        return EmailInboundTest.JSON.readTree(found.get(0).value());
    }
}
