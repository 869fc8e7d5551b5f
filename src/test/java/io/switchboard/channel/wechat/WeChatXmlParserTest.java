package io.switchboard.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.switchboard.channel.wechat.MalformedPayloadException.Reason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WeChatXmlParserTest {

    private final WeChatXmlParser parser = new WeChatXmlParser();

    private static final String TEXT = """
            <xml>
            <ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>
            <FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>
            <CreateTime>1409735668</CreateTime>
            <MsgType><![CDATA[text]]></MsgType>
            <Content><![CDATA[ hello <b>&amp; ]]]]><![CDATA[> ]]></Content>
            <MsgId>6054768590064713728</MsgId>
            <UnionId><![CDATA[o6_bmasdasdsad6_2sgVt7hMZOPfL]]></UnionId>
            </xml>""";

    // ---------------------------------------------------------------- happy path

    @Test
    void shouldExposeTypedAccessorsOfATextMessage() {
        WeChatMessage m = parser.parse(TEXT);
        assertThat(m.toUserName()).isEqualTo("gh_10f6c3c3ac5a");
        assertThat(m.fromUserName()).isEqualTo("oyORnuP8q7ou2gfYjqLzSIWZf0rs");
        assertThat(m.createTime()).isEqualTo(Instant.ofEpochSecond(1409735668L));
        assertThat(m.msgType()).isEqualTo("text");
        assertThat(m.msgId()).isEqualTo("6054768590064713728");
        assertThat(m.unionId()).isEqualTo("o6_bmasdasdsad6_2sgVt7hMZOPfL");
        assertThat(m.event()).isNull();
        assertThat(m.eventKey()).isNull();
        assertThat(m.agentId()).isNull();
        assertThat(m.encrypt()).isNull();
        assertThat(m.isEvent()).isFalse();
        assertThat(m.dedupeKey()).isEqualTo("6054768590064713728");
    }

    @Test
    void shouldUnwrapCdataAndKeepUserTextVerbatim() {
        WeChatMessage m = parser.parse(TEXT);
        assertThat(m.content()).isEqualTo(" hello <b>&amp; ]]> ");
    }

    @Test
    void shouldKeepTopLevelFieldsInDocumentOrder() {
        assertThat(parser.parse(TEXT).fields().keySet()).containsExactly(
                "ToUserName", "FromUserName", "CreateTime", "MsgType", "Content", "MsgId", "UnionId");
    }

    @Test
    void shouldDecodePredefinedEntitiesAndCharacterReferences() {
        WeChatMessage m = parser.parse("<xml><Content>a &lt;&amp;&gt; &#20013;&#x6587;</Content></xml>");
        assertThat(m.content()).isEqualTo("a <&> 中文");
    }

    @Test
    void shouldFlattenNestedElementsWithDottedNames() {
        WeChatMessage m = parser.parse(WeChatVectors.readFixture("official-account/events__scan_code_push_event.xml"));
        assertThat(m.get("ScanCodeInfo.ScanType")).isEqualTo("qrcode");
        assertThat(m.get("ScanCodeInfo.ScanResult")).isEqualTo("1");
        assertThat(m.root().child("ScanCodeInfo").child("ScanType").text()).isEqualTo("qrcode");
        assertThat(m.has("ScanCodeInfo")).isFalse(); // containers themselves are not leaves
    }

    @Test
    void shouldIndexRepeatedSiblingsOnlyWhenTheyRepeat() {
        WeChatMessage pics = parser.parse(WeChatVectors.readFixture("official-account/events__pic_sysphoto_event.xml"));
        assertThat(pics.get("SendPicsInfo.PicList.item.PicMd5Sum")).isEqualTo("1b5f7c23b5bf75682a53e7b6d163e185");

        WeChatMessage beacons = parser.parse(
                WeChatVectors.readFixture("official-account/events__shakearound_user_shake_event.xml"));
        assertThat(beacons.get("ChosenBeacon.Distance")).isEqualTo("0.057");
        assertThat(beacons.get("AroundBeacons.AroundBeacon[0].Distance")).isEqualTo("166.816");
        assertThat(beacons.get("AroundBeacons.AroundBeacon[1].Distance")).isEqualTo("15.013");
    }

    @Test
    void shouldKeepEmptyElementsAsEmptyStrings() {
        WeChatMessage m = parser.parse(WeChatVectors.readFixture("official-account/events__location_select_event.xml"));
        assertThat(m.has("SendLocationInfo.Poiname")).isTrue();
        assertThat(m.get("SendLocationInfo.Poiname")).isEmpty();
        assertThat(m.get("SendLocationInfo.Label")).isEqualTo("广州市海珠区客村艺苑路 106号");
    }

    @Test
    void shouldReadWeComAgentIdWhetherPlainOrCdata() {
        assertThat(parser.parse(WeChatVectors.readFixture("wecom/work_parser__parse_text_message.xml")).agentId())
                .isEqualTo("1");
        assertThat(parser.parse(WeChatVectors.readFixture("official-account/crypto__decrypt_message.xml")).agentId())
                .isEqualTo("1");
    }

    @Test
    void shouldRecogniseEncryptedEnvelope() {
        WeChatMessage m = parser.parse(WeChatVectors.readFixture("official-account/crypto__decrypt_message.xml"));
        assertThat(m.isEncrypted()).isTrue();
        assertThat(m.isEnvelopeOnly()).isTrue();
        assertThat(m.encrypt()).startsWith("RgqEoJj5A4EM");
        assertThat(m.createTime()).isNull();
        assertThat(m.dedupeKey()).isNull();
    }

    @Test
    void shouldUseFromUserNameCreateTimeAndEventAsDedupeKeyForEvents() {
        WeChatMessage m = parser.parse(WeChatVectors.readFixture("official-account/events__subscribe_scan_event.xml"));
        assertThat(m.msgId()).isNull();
        assertThat(m.dedupeKey()).isEqualTo("FromUser#123456789#subscribe");
    }

    @Test
    void shouldNotMistakeJobMsgIDForMsgId() {
        WeChatMessage m = parser.parse(
                WeChatVectors.readFixture("official-account/events__template_send_job_finish_event.xml"));
        assertThat(m.get("MsgID")).isEqualTo("200163836");
        assertThat(m.msgId()).isNull();
        assertThat(m.dedupeKey()).isEqualTo("fromuser#1395658920#TEMPLATESENDJOBFINISH");
    }

    @Test
    void shouldFallBackToSenderAndTimeForMessagesWithoutMsgId() {
        WeChatMessage m = parser.parse("<xml><FromUserName>u</FromUserName><CreateTime>5</CreateTime>"
                + "<MsgType>text</MsgType><Content>x</Content></xml>");
        assertThat(m.dedupeKey()).isEqualTo("u#5");
    }

    @Test
    void shouldIgnoreDeclaredEncodingForAlreadyDecodedText() {
        assertThat(parser.parse("<?xml version=\"1.0\" encoding=\"GBK\"?><xml><Content>中文</Content></xml>")
                .content()).isEqualTo("中文");
    }

    @Test
    void shouldHonourDeclaredEncodingOfRawBytes() throws Exception {
        byte[] gbk = "<?xml version=\"1.0\" encoding=\"GBK\"?><xml><Content>中文</Content></xml>".getBytes("GBK");
        assertThat(parser.parse(gbk).content()).isEqualTo("中文");
    }

    @Test
    void shouldAcceptXmlDeclarationCommentsAndByteInput() {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- hi -->\n<xml><Content>中文</Content></xml>")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(parser.parse(body).content()).isEqualTo("中文");
    }

    // ---------------------------------------------------------------- hostile XML

    @Test
    void shouldRejectXxeToLocalFile(@TempDir Path dir) throws IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "CANARY-FILE-CONTENT");
        for (String uri : List.of("file:///etc/passwd", secret.toUri().toString())) {
            String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE xml [\n<!ENTITY xxe SYSTEM \"" + uri + "\">\n]>\n"
                    + "<xml><ToUserName>a</ToUserName><Content>&xxe;</Content></xml>";
            assertThatThrownBy(() -> parser.parse(xml))
                    .isInstanceOfSatisfying(MalformedPayloadException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.DOCTYPE_FORBIDDEN))
                    .hasMessageContaining("DOCTYPE")
                    .hasMessageNotContaining("CANARY")
                    .hasMessageNotContaining("root:");
        }
    }

    @Test
    void shouldRejectXxeToDiscardPortOnLoopback() {
        String xml = "<!DOCTYPE xml [<!ENTITY xxe SYSTEM \"http://127.0.0.1:9/\">]>"
                + "<xml><Content>&xxe;</Content></xml>";
        assertThatThrownBy(() -> parser.parse(xml))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.DOCTYPE_FORBIDDEN));
    }

    @Test
    void shouldNotOpenAnyConnectionForExternalEntitiesOrDtds() throws Exception {
        try (ServerSocket canary = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String base = "http://127.0.0.1:" + canary.getLocalPort();
            List<String> attacks = List.of(
                    "<!DOCTYPE xml [<!ENTITY xxe SYSTEM \"" + base + "/general\">]><xml><Content>&xxe;</Content></xml>",
                    "<!DOCTYPE xml [<!ENTITY % p SYSTEM \"" + base + "/param\"> %p;]><xml/>",
                    "<!DOCTYPE xml SYSTEM \"" + base + "/external.dtd\"><xml/>",
                    "<!DOCTYPE xml PUBLIC \"-//X//Y//EN\" \"" + base + "/public.dtd\"><xml/>",
                    "<xml xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"" + base
                            + "/xinclude\"/></xml>");
            List<Reason> reasons = new ArrayList<>();
            for (String xml : attacks) {
                try {
                    parser.parse(xml);
                    reasons.add(null);
                } catch (MalformedPayloadException e) {
                    reasons.add(e.reason());
                }
            }
            // Every DOCTYPE variant is refused; XInclude is simply not processed (parses as plain elements).
            assertThat(reasons).containsExactly(Reason.DOCTYPE_FORBIDDEN, Reason.DOCTYPE_FORBIDDEN,
                    Reason.DOCTYPE_FORBIDDEN, Reason.DOCTYPE_FORBIDDEN, null);
            canary.setSoTimeout(300);
            assertThatThrownBy(() -> {
                try (Socket s = canary.accept()) {
                    throw new AssertionError("parser connected to " + s.getRemoteSocketAddress());
                }
            }).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void shouldRejectBillionLaughsQuickly() {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE xml [\n<!ENTITY lol0 \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            String prev = "&lol" + (i - 1) + ";";
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(prev.repeat(10)).append("\">\n");
        }
        dtd.append("]>\n<xml><Content>&lol9;</Content></xml>");
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> parser.parse(dtd.toString()))
                        .isInstanceOfSatisfying(MalformedPayloadException.class,
                                e -> assertThat(e.reason()).isEqualTo(Reason.DOCTYPE_FORBIDDEN)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "<!DOCTYPE xml><xml/>",
            "<!DOCTYPE xml []><xml/>",
            "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ELEMENT xml ANY>]><xml/>",
            "<!DOCTYPE xml [<!ATTLIST xml a CDATA \"x\">]><xml/>",
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" "
                    + "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\"><xml/>"})
    void shouldRejectAnyDoctype(String xml) {
        assertThatThrownBy(() -> parser.parse(xml))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.DOCTYPE_FORBIDDEN));
    }

    @Test
    void shouldRejectUndeclaredEntityReference() {
        assertThatThrownBy(() -> parser.parse("<xml><Content>&nbsp;</Content></xml>"))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_WELL_FORMED))
                .hasMessageContaining("\"nbsp\" was referenced, but not declared");
    }

    // ---------------------------------------------------------------- malformed / limits

    @Test
    void shouldExplainMalformedXmlWithLineNumber() {
        String xml = "<xml>\n<ToUserName>a</ToUserName>\n<Content>x</Cont>\n</xml>";
        assertThatThrownBy(() -> parser.parse(xml))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_WELL_FORMED))
                .hasMessageStartingWith("XML is not well-formed at line 3")
                .hasMessageContaining("Content")
                .hasMessageNotContaining("ParseError");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"not xml at all", "<xml><Content>x</Content>", "<xml></xml><xml></xml>",
            "{\"json\": true}", "<xml><a></b></xml>"})
    void shouldRejectMalformedXml(String body) {
        assertThatThrownBy(() -> parser.parse(body))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_WELL_FORMED))
                .hasMessageStartingWith("XML is not well-formed");
    }

    @Test
    void shouldRejectEmptyBody() {
        assertThatThrownBy(() -> parser.parse(new byte[0]))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.EMPTY));
        assertThatThrownBy(() -> parser.parse((String) null))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.EMPTY));
    }

    @Test
    void shouldEnforceSizeLimitBeforeParsing() {
        WeChatXmlParser small = new WeChatXmlParser(256, 8);
        String head = "<xml><Content>";
        String tail = "</Content></xml>";
        String fits = head + "x".repeat(256 - head.length() - tail.length()) + tail;
        assertThat(fits.getBytes(StandardCharsets.UTF_8)).hasSize(256);
        assertThat(small.parse(fits).content()).hasSize(256 - head.length() - tail.length());

        String tooBig = head + "x".repeat(257 - head.length() - tail.length()) + tail;
        assertThatThrownBy(() -> small.parse(tooBig))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
                .hasMessageContaining("of at least 257 bytes exceeds the limit of 256 bytes");
        // multi-byte characters count as bytes, not chars: 100 chars x 3 bytes
        String chinese = head + "中".repeat(100) + tail;
        assertThatThrownBy(() -> small.parse(chinese))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
        // a body that is not even XML is refused for its size, without being parsed
        assertThatThrownBy(() -> small.parse(new byte[10_000]))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
                .hasMessage("XML body of 10000 bytes exceeds the limit of 256 bytes");
    }

    @Test
    void shouldDefaultTo128KibLimit() {
        String big = "<xml><Content>" + "x".repeat(WeChatXmlParser.DEFAULT_MAX_BYTES) + "</Content></xml>";
        assertThatThrownBy(() -> parser.parse(big))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
    }

    @Test
    void shouldEnforceDepthLimit() {
        Function<Integer, String> nested = depth -> "<xml>" + "<a>".repeat(depth - 1) + "x"
                + "</a>".repeat(depth - 1) + "</xml>";
        WeChatXmlParser shallow = new WeChatXmlParser(4096, 4);
        assertThat(shallow.parse(nested.apply(4)).get("a.a.a")).isEqualTo("x");
        assertThatThrownBy(() -> shallow.parse(nested.apply(5)))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_DEEP));
    }

    @Test
    void shouldRejectRootOtherThanXml() {
        assertThatThrownBy(() -> parser.parse("<root><Content>x</Content></root>"))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_ROOT))
                .hasMessageContaining("<root>");
    }

    @Test
    void shouldRejectDuplicatedHeaderField() {
        String xml = "<xml><FromUserName>victim</FromUserName><MsgType>text</MsgType>"
                + "<FromUserName>attacker</FromUserName></xml>";
        assertThatThrownBy(() -> parser.parse(xml))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.DUPLICATE_FIELD))
                .hasMessageContaining("FromUserName");
    }

    @ParameterizedTest(name = "{0}")
    // the last one parses as a long but lies beyond Instant's range (found by WeChatParsersFuzzTest)
    @ValueSource(strings = {"yesterday", "1.5e9", "99999999999999999999", "340000000400000000"})
    void shouldRejectCreateTimeThatIsNotUnixSeconds(String createTime) {
        assertThatThrownBy(() -> parser.parse("<xml><CreateTime>" + createTime + "</CreateTime></xml>"))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_FIELD))
                .hasMessageContaining("CreateTime")
                .hasMessageContaining(createTime);
    }

    @Test
    void shouldNotLeakFieldValuesInToString() {
        assertThat(parser.parse(TEXT).toString()).doesNotContain("oyORnuP8q7ou2gfYjqLzSIWZf0rs").contains("text");
    }
}
