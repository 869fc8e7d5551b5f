package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.domain.Channel;
import io.switchboard.domain.RawMessage;
import io.switchboard.pipeline.ContactPublisher;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.MailServer;
import io.switchboard.testing.PipelineProgress;
import io.switchboard.testing.TopicReader;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Real mail through a real IMAP server (GreenMail), polled by the email-inbound routes into real Kafka. */
@QuarkusTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = MailServer.class, restrictToAnnotatedClass = true)
class EmailInboundTest {

    static final String RAW = "switchboard.inbound.raw";
    static final String CONTACTS = "switchboard.contacts";
    static final String QUEUE = "switchboard.queue.general.medium";
    static final String DEAD_LETTER = "switchboard.dead-letter";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    MeterRegistry registry;

    static String mail(String messageId, String from, String subject, String body) {
        return "From: " + from + "\r\nTo: support@example.com\r\nSubject: " + subject + "\r\n"
                + "Message-ID: <" + messageId + ">\r\nDate: Tue, 04 Nov 2025 10:00:00 +0800\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + body;
    }

    static JsonNode contact(String messageId) throws IOException {
        String id = RawMessage.recordIdFor(Channel.EMAIL, Threading.normalizeId(messageId));
        List<ConsumerRecord<String, byte[]>> found = TopicReader.read(CONTACTS, TopicReader.valueContains(id), 1, WAIT);
        assertThat(found).as("contact of %s", messageId).hasSize(1);
        return JSON.readTree(found.get(0).value());
    }

    static int queued(String messageId, Duration within) {
        return TopicReader.read(QUEUE, TopicReader.valueContains(RawMessage.recordIdFor(Channel.EMAIL, messageId)), 1,
                within).size();
    }

    static void awaitSeen(String user, String messageId) {
        Awaitility.await().atMost(WAIT).until(() -> MailServer.isSeen(user, messageId));
    }

    @Test
    void shouldTurnMailDeliveredBySmtpIntoAContactAndFlagItSeenOnlyOnceStored() throws Exception {
        String messageId = "smtp-" + UUID.randomUUID() + "@customer.example";
        String body = "My order SO-123 has not arrived yet.\r\n\r\n-- \r\nLi Lei\r\n\r\n"
                + "On Mon, Support wrote:\r\n> Your order has shipped.\r\n";
        MailServer.sendBySmtp(MailServer.SUPPORT, mail(messageId, "\"Li Lei\" <Li.Lei@Customer.Example>",
                "Re: Where is my order?", body).getBytes(StandardCharsets.UTF_8));

        JsonNode record = contact(messageId);
        assertThat(record.get("channel").asText()).isEqualTo("email");
        assertThat(record.get("channelMessageId").asText()).isEqualTo(messageId);
        assertThat(record.at("/from/type").asText()).isEqualTo("email");
        assertThat(record.at("/from/value").asText()).isEqualTo("li.lei@customer.example");
        assertThat(record.at("/to/value").asText()).isEqualTo(MailServer.SUPPORT);
        assertThat(record.get("subject").asText()).isEqualTo("Re: Where is my order?");
        assertThat(record.get("text").asText()).isEqualTo("My order SO-123 has not arrived yet.");
        assertThat(record.at("/context/email/quoted").asText()).contains("Your order has shipped.");
        assertThat(record.at("/context/email/signature").asText()).contains("Li Lei");
        assertThat(record.at("/context/email/mailbox").asText()).isEqualTo("support");
        assertThat(record.get("threadKey").asText()).isEqualTo("email:" + messageId);
        assertThat(record.get("tags").toString()).as("mail from a person carries no loop-guard tag")
                .doesNotContain("email.");
        assertThat(record.get("queue").asText()).isEqualTo("general");
        assertThat(queued(messageId, WAIT)).isEqualTo(1);

        List<ConsumerRecord<String, byte[]>> raw = TopicReader.read(RAW, TopicReader.keyIs(messageId), 1, WAIT);
        assertThat(raw).hasSize(1);
        String source = new String(raw.get(0).value(), StandardCharsets.UTF_8);
        assertThat(source).contains("Message-ID: <" + messageId + ">").contains("Received: ")
                .contains("\r\n\r\nMy order SO-123 has not arrived yet.\r\n").endsWith("> Your order has shipped.");
        awaitSeen(MailServer.SUPPORT, messageId);
    }

    @Test
    void shouldMoveStoredMailToTheProcessedFolderWhenOneIsConfigured() throws Exception {
        String messageId = "sales-" + UUID.randomUUID() + "@customer.example";
        MailServer.append(MailServer.SALES, mail(messageId, "buyer@customer.example", "Quote for 200 units",
                "Please send a quote.\r\n").getBytes(StandardCharsets.UTF_8));
        assertThat(contact(messageId).at("/to/value").asText()).isEqualTo(MailServer.SALES);
        Awaitility.await().atMost(WAIT).until(() -> MailServer.count(MailServer.SALES, MailServer.PROCESSED, messageId)[0] == 1);
        assertThat(MailServer.count(MailServer.SALES, "INBOX", messageId)[0]).isZero();
    }

    @Test
    void shouldProduceOneRecordWhenTheSameMailIsPolledAgainOrArrivesInTwoMailboxes() throws Exception {
        String messageId = "twice-" + UUID.randomUUID() + "@customer.example";
        byte[] raw = mail(messageId, "twice@customer.example", "Sent to two mailboxes", "Hello twice.\r\n")
                .getBytes(StandardCharsets.UTF_8);
        MailServer.append(MailServer.SUPPORT, raw);
        awaitSeen(MailServer.SUPPORT, messageId);
        MailServer.markUnseen(MailServer.SUPPORT, messageId);
        awaitSeen(MailServer.SUPPORT, messageId);
        MailServer.append(MailServer.SALES, raw);
        Awaitility.await().atMost(WAIT).until(() -> MailServer.count(MailServer.SALES, MailServer.PROCESSED, messageId)[0] == 1);

        assertThat(TopicReader.read(RAW, TopicReader.keyIs(messageId), 3, WAIT)).hasSize(3);
        PipelineProgress.awaitDrained(RAW, WAIT);
        String id = RawMessage.recordIdFor(Channel.EMAIL, messageId);
        assertThat(TopicReader.read(CONTACTS, TopicReader.valueContains(id), 1, Duration.ofSeconds(3))).hasSize(1);
        assertThat(queued(messageId, Duration.ofSeconds(3))).isEqualTo(1);
    }

    @Test
    void shouldStoreAndDeadLetterMailWithoutASenderInsteadOfRetryingItForever() throws Exception {
        String messageId = "nosender-" + UUID.randomUUID() + "@broken.example";
        byte[] raw = ("To: support@example.com\r\nSubject: who sent this?\r\nMessage-ID: <" + messageId + ">\r\n"
                + "Content-Type: multipart/mixed; boundary=\"never-closed\"\r\n\r\n--never-closed\r\n"
                + "Content-Type: text/plain\r\n\r\nbroken body\r\n").getBytes(StandardCharsets.US_ASCII);
        MailServer.append(MailServer.SUPPORT, raw);
        List<ConsumerRecord<String, byte[]>> dead = TopicReader.read(DEAD_LETTER, TopicReader.keyIs(messageId), 1, WAIT);
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).value(), StandardCharsets.US_ASCII)).contains("broken body");
        assertThat(new String(dead.get(0).headers().lastHeader(ContactPublisher.DLQ_REASON).value(), StandardCharsets.UTF_8))
                .contains("no usable sender");
        awaitSeen(MailServer.SUPPORT, messageId);
    }

    @Test
    void shouldDeadLetterTheHeaderOfAMailTooLargeForAKafkaRecordAndNotRetryIt() throws Exception {
        String messageId = "huge-" + UUID.randomUUID() + "@customer.example";
        String attachment = java.util.Base64.getMimeEncoder().encodeToString(new byte[1_500_000]);
        MailServer.append(MailServer.SUPPORT, ("From: scanner@customer.example\r\nTo: support@example.com\r\n"
                + "Subject: scanned invoice\r\nMessage-ID: <" + messageId + ">\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee scan\r\n"
                + "--b\r\nContent-Type: application/pdf; name=scan.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + attachment + "\r\n--b--\r\n").getBytes(StandardCharsets.US_ASCII));
        List<ConsumerRecord<String, byte[]>> dead = TopicReader.read(DEAD_LETTER, TopicReader.keyIs(messageId), 1, WAIT);
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).value(), StandardCharsets.US_ASCII)).contains("Subject: scanned invoice")
                .doesNotContain("see scan");
        assertThat(new String(dead.get(0).headers().lastHeader(ContactPublisher.DLQ_REASON).value(), StandardCharsets.UTF_8))
                .contains("exceeds the largest record");
        awaitSeen(MailServer.SUPPORT, messageId);
    }

    @Test
    void shouldCarryAMailOfNineTenthsOfAMebibyteThroughThePipelineWithoutHoldingUpTheNext() throws Exception {
        String bigId = "large-" + UUID.randomUUID() + "@customer.example";
        String line = "The attached log shows the same error every minute since Monday morning.\r\n";
        String body = line.repeat((int) (0.9 * 1_048_576) / line.length());
        MailServer.sendBySmtp(MailServer.SUPPORT, mail(bigId, "ops@customer.example", "error log", body)
                .getBytes(StandardCharsets.UTF_8));
        String nextId = "after-large-" + UUID.randomUUID() + "@customer.example";
        MailServer.sendBySmtp(MailServer.SUPPORT, mail(nextId, "li.lei@customer.example", "order", "Where is SO-9?")
                .getBytes(StandardCharsets.UTF_8));

        JsonNode big = contact(bigId);
        assertThat(big.get("text").asText().length()).as("the whole text, not cut").isGreaterThan(900_000);
        assertThat(big.get("queue").asText()).isEqualTo("general");
        assertThat(contact(nextId).get("text").asText()).isEqualTo("Where is SO-9?");
        awaitSeen(MailServer.SUPPORT, bigId);
        awaitSeen(MailServer.SUPPORT, nextId);
    }

    @Test
    void shouldLeaveMailUnseenWhileKafkaIsDownAndStoreItOnceKafkaIsBack() throws Exception {
        String messageId = "outage-" + UUID.randomUUID() + "@customer.example";
        double failedBefore = rejectedUnavailable();
        GatewayInfrastructure.stopBroker();
        try {
            MailServer.append(MailServer.SUPPORT, mail(messageId, "patient@customer.example", "Sent during an outage",
                    "Please do not lose me.\r\n").getBytes(StandardCharsets.UTF_8));
            Awaitility.await().atMost(WAIT).until(() -> rejectedUnavailable() >= failedBefore + 2);
            assertThat(MailServer.isSeen(MailServer.SUPPORT, messageId)).as("seen while Kafka is down").isFalse();
        } finally {
            GatewayInfrastructure.restartBroker();
        }
        assertThat(contact(messageId).get("text").asText()).isEqualTo("Please do not lose me.");
        awaitSeen(MailServer.SUPPORT, messageId);
    }

    private double rejectedUnavailable() {
        Counter counter = registry.find("switchboard.ingress.rejected").tags("channel", "email", "reason", "unavailable")
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
