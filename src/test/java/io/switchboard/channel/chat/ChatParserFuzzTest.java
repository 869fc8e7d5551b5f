package io.switchboard.channel.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.switchboard.ingress.InvalidPayloadException;
import io.switchboard.ingress.SignatureRejectedException;
import io.switchboard.ingress.TimestampedSignature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Coverage-guided fuzzing (Jazzer) of what reads untrusted chat webhook bytes: any input ends as a
 * message or as the documented refusal, never another exception. {@code mvn verify} replays the seeds
 * under src/test/resources; {@code .ci/run} fuzzes each target for a bounded time.
 */
class ChatParserFuzzTest {

    private static final Instant NOW = Instant.parse("2026-11-23T09:30:00Z");
    private static final TimestampedSignature SIGNATURE = new TimestampedSignature(List.of("fuzz-secret"),
            Duration.ofSeconds(300), Clock.fixed(NOW, ZoneOffset.UTC));

    @FuzzTest(maxDuration = "30s")
    void chatPayload(byte[] body) {
        try {
            ChatMessage message = ChatMessageParser.parse(body);
            assertThat(message.messageId()).isNotBlank();
            assertThat(message.sessionId()).isNotBlank();
        } catch (InvalidPayloadException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @FuzzTest(maxDuration = "30s")
    void signatureHeader(FuzzedDataProvider data) {
        String header = data.consumeString(600);
        byte[] body = data.consumeRemainingAsBytes();
        try {
            SIGNATURE.verify(header, body);
            // generated input cannot hold an HMAC-SHA256 made with the secret: acceptance is a forgery
            fail("accepted a header not made with the secret: %s", header);
        } catch (SignatureRejectedException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
