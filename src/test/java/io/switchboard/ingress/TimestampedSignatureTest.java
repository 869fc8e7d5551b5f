package io.switchboard.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimestampedSignatureTest {

    private static final byte[] BODY = "{\"messageId\":\"m-1\"}".getBytes(StandardCharsets.UTF_8);
    /** Computed independently: printf '1700000000.{"messageId":"m-1"}' | openssl dgst -sha256 -hmac whsec_test */
    private static final String OPENSSL_V1 = "d4cd8a397391da953122caa55d6431caeaf681c8c166e416d8daf7fdf12ac291";
    private static final long T = 1_700_000_000L;

    private final TimestampedSignature verifier = new TimestampedSignature(List.of("whsec_test"), Duration.ofMinutes(5),
            Clock.fixed(Instant.ofEpochSecond(T + 60), ZoneOffset.UTC));

    @Test
    void shouldMatchAnIndependentlyComputedHmac() {
        assertThat(TimestampedSignature.headerFor("whsec_test", T, BODY)).isEqualTo("t=" + T + ",v1=" + OPENSSL_V1);
        assertThatCode(() -> verifier.verify("t=" + T + ",v1=" + OPENSSL_V1, BODY)).doesNotThrowAnyException();
    }

    @Test
    void shouldRejectABodyChangedAfterSigning() {
        byte[] tampered = "{\"messageId\":\"m-2\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> verifier.verify("t=" + T + ",v1=" + OPENSSL_V1, tampered))
                .isInstanceOf(SignatureRejectedException.class).hasMessageContaining("does not match");
    }

    @Test
    void shouldRejectTheSameSignatureUnderAnotherTimestamp() {
        assertThatThrownBy(() -> verifier.verify("t=" + (T + 1) + ",v1=" + OPENSSL_V1, BODY))
                .isInstanceOf(SignatureRejectedException.class);
    }

    @Test
    void shouldRejectTimestampsOutsideTheWindowInBothDirections() {
        TimestampedSignature early = new TimestampedSignature(List.of("whsec_test"), Duration.ofMinutes(5),
                Clock.fixed(Instant.ofEpochSecond(T - 301), ZoneOffset.UTC));
        TimestampedSignature late = new TimestampedSignature(List.of("whsec_test"), Duration.ofMinutes(5),
                Clock.fixed(Instant.ofEpochSecond(T + 301), ZoneOffset.UTC));
        String header = "t=" + T + ",v1=" + OPENSSL_V1;
        assertThatThrownBy(() -> early.verify(header, BODY)).hasMessageContaining("tolerance");
        assertThatThrownBy(() -> late.verify(header, BODY)).hasMessageContaining("tolerance");
    }

    @Test
    void shouldAcceptAnyConfiguredSecretAndAnyListedSignature() {
        TimestampedSignature rotating = new TimestampedSignature(List.of("new-secret", " whsec_test "), Duration.ofMinutes(5),
                Clock.fixed(Instant.ofEpochSecond(T), ZoneOffset.UTC));
        assertThatCode(() -> rotating.verify("t=" + T + ",v1=deadbeef,v1=zz-not-hex,v1=" + OPENSSL_V1, BODY))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldExplainMalformedHeaders() {
        assertThatThrownBy(() -> verifier.verify(null, BODY)).hasMessageContaining("missing");
        assertThatThrownBy(() -> verifier.verify("v1=" + OPENSSL_V1, BODY)).hasMessageContaining("timestamp");
        assertThatThrownBy(() -> verifier.verify("t=" + T, BODY)).hasMessageContaining("no v1");
        assertThatThrownBy(() -> verifier.verify("t=yesterday,v1=" + OPENSSL_V1, BODY)).hasMessageContaining("unix seconds");
    }

    @Test
    void shouldRejectEverythingWhenNoSecretIsConfigured() {
        TimestampedSignature unconfigured = new TimestampedSignature(List.of(" "), Duration.ofMinutes(5), Clock.systemUTC());
        assertThat(unconfigured.configured()).isFalse();
        assertThatThrownBy(() -> unconfigured.verify("t=" + T + ",v1=" + OPENSSL_V1, BODY))
                .hasMessageContaining("no signing secret");
    }
}
