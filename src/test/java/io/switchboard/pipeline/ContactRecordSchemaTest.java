package io.switchboard.pipeline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.domain.Channel;
import io.switchboard.domain.RawMessage;
import io.switchboard.ingress.TimestampedSignature;
import io.switchboard.testing.ChatRequests;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.MailServer;
import io.switchboard.testing.TopicReader;
import io.switchboard.testing.WeChatRequests;
import io.switchboard.testing.WeChatTestAccounts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/contact-record.schema.json describes the ContactRecords the gateway really publishes: one message per
 * channel goes in through its real ingress (signed webhook, WeChat push, CDR file, mail over SMTP and IMAP),
 * and the record read back from switchboard.contacts must validate, formats included; so must the example of
 * docs/contact-record.md.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = MailServer.class, restrictToAnnotatedClass = true)
class ContactRecordSchemaTest {

    static final Path SCHEMA = Path.of("docs/contact-record.schema.json");
    static final String CONTACTS = "switchboard.contacts";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();

    static Schema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = Files.newInputStream(SCHEMA)) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }

    @Test
    void chatRecordsWithAndWithoutOptionalFieldsMatchTheSchema() throws IOException {
        String full = "schema-chat-" + UUID.randomUUID();
        ChatRequests.post(ChatRequests.message(full, "我的订单 SO-20261123 还没到，很生气！")).then().statusCode(202);
        String bare = "schema-chat-bare-" + UUID.randomUUID();
        ChatRequests.post("""
                {"messageId":"%s","sessionId":"s-%s","visitor":{"id":"v-%s"},"text":"hello","sentAt":"2026-11-23T09:30:00Z"}"""
                .formatted(bare, bare, bare)).then().statusCode(202);

        JsonNode record = published(Channel.CHAT, full);
        assertValid(record);
        assertThat(record.get("attachments")).hasSize(1);
        JsonNode minimal = published(Channel.CHAT, bare);
        assertValid(minimal);
        assertThat(minimal.get("to").isNull()).as("no widget, no `to`").isTrue();
    }

    @Test
    void phoneCallEventAndCdrFileRecordsMatchTheSchema() throws IOException {
        String callId = "schema-call-" + UUID.randomUUID();
        String event = """
                {"callId":"%s","from":"+8613800138000","to":"8001","direction":"inbound","status":"missed",\
                "startedAt":"2025-01-02T10:00:00+08:00","endedAt":"2025-01-02T10:00:30+08:00","durationSeconds":30,\
                "recordingUrl":"https://rec.example.com/%s.wav","agentId":"8001"}""".formatted(callId, callId);
        given().contentType("application/json")
                .header(TimestampedSignature.HEADER, TimestampedSignature.headerFor(GatewayInfrastructure.PHONE_SECRET,
                        Instant.now().getEpochSecond(), event.getBytes(StandardCharsets.UTF_8)))
                .body(event.getBytes(StandardCharsets.UTF_8)).post("/webhooks/phone").then().statusCode(202);
        String cdrCall = "schema-cdr-" + UUID.randomUUID();
        dropCdr("\"\",\"anonymous\",\"8001\",\"from-trunk\",\"\",\"SIP/t\",\"SIP/8001\",\"Dial\",\"x\","
                + "\"2025-03-03 09:00:00\",\"2025-03-03 09:00:05\",\"2025-03-03 09:01:00\",60,55,\"ANSWERED\","
                + "\"DOCUMENTATION\",\"" + cdrCall + "\",\"\"\n");

        JsonNode call = published(Channel.PHONE, callId);
        assertValid(call);
        assertThat(call.at("/attachments/0/contentType").isNull()).as("a recording's type is not reported").isTrue();
        JsonNode fromFile = published(Channel.PHONE, cdrCall);
        assertValid(fromFile);
        assertThat(fromFile.at("/from/type").asText()).isEqualTo("phone-anonymous");
    }

    @Test
    void weChatMessageAndEventRecordsMatchTheSchema() throws IOException {
        long msgId = Math.abs(UUID.randomUUID().getMostSignificantBits());
        String openId = "oSchema" + msgId;
        WeChatRequests.postPlain(WeChatTestAccounts.OA_PLAIN, WeChatTestAccounts.OA_PLAIN_TOKEN, """
                <xml><ToUserName><![CDATA[gh_schema]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>\
                <CreateTime>1732350000</CreateTime><MsgType><![CDATA[image]]></MsgType>\
                <PicUrl><![CDATA[https://mmbiz.example/pic.jpg]]></PicUrl><MediaId><![CDATA[media-1]]></MediaId>\
                <MsgId>%d</MsgId></xml>""".formatted(openId, msgId)).then().statusCode(200);
        WeChatRequests.postPlain(WeChatTestAccounts.OA_PLAIN, WeChatTestAccounts.OA_PLAIN_TOKEN, """
                <xml><ToUserName><![CDATA[gh_schema]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>\
                <CreateTime>1732350001</CreateTime><MsgType><![CDATA[event]]></MsgType>\
                <Event><![CDATA[subscribe]]></Event></xml>""".formatted(openId)).then().statusCode(200);

        JsonNode image = published(Channel.WECHAT, WeChatTestAccounts.OA_PLAIN + ":" + msgId);
        assertValid(image);
        assertThat(image.at("/attachments/0/contentId").asText()).isEqualTo("media-1");
        JsonNode subscribe = published(Channel.WECHAT,
                WeChatTestAccounts.OA_PLAIN + ":" + openId + "#1732350001#subscribe");
        assertValid(subscribe);
    }

    @Test
    void emailRecordWithItsMailContextMatchesTheSchema() throws Exception {
        String messageId = "schema-" + UUID.randomUUID() + "@customer.example";
        MailServer.sendBySmtp(MailServer.SUPPORT, ("From: \"Li Lei\" <li.lei@customer.example>\r\nTo: support@example.com\r\n"
                + "Subject: Refund please\r\nMessage-ID: <" + messageId + ">\r\nDate: Tue, 04 Nov 2025 10:00:00 +0800\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nPlease refund order SO-1.\r\n")
                .getBytes(StandardCharsets.UTF_8));

        JsonNode mail = published(Channel.EMAIL, messageId);
        assertValid(mail);
        assertThat(mail.at("/context/email/loopGuard/kind").asText()).isEqualTo("none");
    }

    @Test
    void theSchemaRefusesARecordThatDriftsFromIt() throws IOException {
        String messageId = "schema-drift-" + UUID.randomUUID();
        ChatRequests.post(ChatRequests.fromNewVisitor(messageId, "hello")).then().statusCode(202);
        ObjectNode record = (ObjectNode) published(Channel.CHAT, messageId);

        assertThat(errors(record.deepCopy().put("channel", "fax"))).as("unknown channel").isNotEmpty();
        assertThat(errors(record.deepCopy().put("assignee", "a-17"))).as("a field the schema does not describe").isNotEmpty();
        ObjectNode withoutQueue = record.deepCopy();
        withoutQueue.remove("queue");
        assertThat(errors(withoutQueue)).as("a field missing instead of null").isNotEmpty();
        assertThat(errors(record.deepCopy().put("receivedAt", "yesterday"))).as("not a date-time").isNotEmpty();
    }

    @Test
    void theExampleOfTheContactRecordPageMatchesTheSchema() throws IOException {
        String page = Files.readString(Path.of("docs/contact-record.md"), StandardCharsets.UTF_8);
        int example = page.indexOf("## Example");
        int start = page.indexOf("```json\n", example) + "```json\n".length();
        assertValid(JSON.readTree(page.substring(start, page.indexOf("```", start))));
    }

    private static JsonNode published(Channel channel, String channelMessageId) throws IOException {
        String id = RawMessage.recordIdFor(channel, channelMessageId);
        List<ConsumerRecord<String, byte[]>> found = TopicReader.read(CONTACTS, TopicReader.valueContains(id), 1, WAIT);
        assertThat(found).as("record %s of %s on %s", id, channelMessageId, CONTACTS).hasSize(1);
        return JSON.readTree(found.get(0).value());
    }

    private static void assertValid(JsonNode record) {
        assertThat(errors(record)).as("%s against %s:%n%s", record.get("id"), SCHEMA, record.toPrettyString()).isEmpty();
    }

    private static List<String> errors(JsonNode record) {
        return schema.validate(record, context -> context.executionConfig(c -> c.formatAssertionsEnabled(true)))
                .stream().map(Error::toString).toList();
    }

    private static void dropCdr(String csv) throws IOException {
        Path inbox = Path.of(ConfigProvider.getConfig().getValue("switchboard.phone.cdr.inbox", String.class));
        Files.createDirectories(inbox);
        String name = "schema-" + UUID.randomUUID() + ".csv";
        Path hidden = inbox.resolve("." + name);
        Files.writeString(hidden, csv);
        Files.move(hidden, inbox.resolve(name));
    }
}
