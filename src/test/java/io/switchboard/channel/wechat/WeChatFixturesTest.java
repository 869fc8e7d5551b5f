package io.switchboard.channel.wechat;

import static io.switchboard.channel.wechat.WeChatVectors.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.channel.wechat.WeChatContactSummary.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every XML payload under shared/data/wechat (extracted from wechatpy's MIT-licensed tests, see
 * shared/data/SOURCES.md §5) parses and maps to a non-empty text of the right kind. The directory comes
 * from {@code -Dswitchboard.shared-data} (default {@code ../shared/data}, fallback /work/shared/data).
 */
class WeChatFixturesTest {

    private static final WeChatXmlParser PARSER = new WeChatXmlParser();
    private static final WeChatContentMapper MAPPER = new WeChatContentMapper();

    static Stream<Path> fixtures() throws IOException {
        Path root = sharedData().resolve("wechat");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        return files.stream().map(root::relativize);
    }

    @Test
    void shouldFindAllSixtySixFixtures() throws IOException {
        assertThat(fixtures().count()).isGreaterThanOrEqualTo(66);
        assertThat(fixtures().filter(p -> p.startsWith("wecom")).count()).isGreaterThanOrEqualTo(12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void shouldParseAndMapFixture(Path relative) {
        String name = relative.getFileName().toString();
        WeChatMessage message = PARSER.parse(readFixture(relative.toString()));
        if (message.isEnvelopeOnly()) {
            message = decryptWithWechatpyConstants(name, message);
        }
        WeChatContactSummary summary = MAPPER.map(message);

        Kind expected = name.contains("event") ? Kind.EVENT : Kind.MESSAGE;
        assertThat(summary.kind()).as("kind of %s", name).isEqualTo(expected);
        assertThat(summary.text()).as("text of %s", name).isNotBlank();
        assertThat(summary.type()).isEqualTo(message.msgType());
        if (summary.kind() == Kind.EVENT && "event".equals(message.msgType())) {
            assertThat(summary.text()).startsWith("[event " + message.event() + "]");
        }
        assertThat(message.createTime()).as("CreateTime of %s", name).isNotNull();
        assertThat(message.fromUserName()).isNotBlank();
        assertThat(message.dedupeKey()).isNotBlank();
    }

    /** The two envelopes come from wechatpy's test_crypto.py, whose dummy constants are vector D. */
    private static WeChatMessage decryptWithWechatpyConstants(String name, WeChatMessage envelope) {
        WeChatMessageCrypto crypto = new WeChatMessageCrypto(D_TOKEN, new WeChatCipher(D_KEY, D_CORP_ID));
        if (envelope.has("MsgSignature")) { // crypto__encrypt_message_2: a reply envelope, signed inside
            return crypto.decryptMessage(envelope.get("MsgSignature"), envelope.get("TimeStamp"),
                    envelope.get("Nonce"), envelope, PARSER);
        }
        assertThat(name).isEqualTo("crypto__decrypt_message.xml");
        return crypto.decryptMessage(D_DECRYPT_SIGNATURE, D_TIMESTAMP, D_NONCE, envelope, PARSER);
    }
}
