package io.switchboard.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class OutboundHttpTest {

    private final OutboundHttp http = new OutboundHttp(Duration.ofSeconds(1), Duration.ofSeconds(1),
            Clock.fixed(Instant.parse("2026-11-22T08:00:00Z"), ZoneOffset.UTC));

    @Test
    void shouldReadRetryAfterAsSecondsOrAsAnHttpDate() {
        assertThat(http.parseRetryAfter("120")).contains(Duration.ofSeconds(120));
        assertThat(http.parseRetryAfter("Sun, 22 Nov 2026 08:01:30 GMT")).contains(Duration.ofSeconds(90));
        assertThat(http.parseRetryAfter("Sun, 22 Nov 2026 07:00:00 GMT")).contains(Duration.ZERO);
        assertThat(http.parseRetryAfter("soon")).isEmpty();
        assertThat(http.parseRetryAfter("99999999999999999999999")).isEmpty();
    }

    @Test
    void shouldRetryTimeoutsThrottlingAndServerErrorsOnly() {
        assertThat(OutboundHttp.retryableStatus(408)).isTrue();
        assertThat(OutboundHttp.retryableStatus(429)).isTrue();
        assertThat(OutboundHttp.retryableStatus(503)).isTrue();
        assertThat(OutboundHttp.retryableStatus(400)).isFalse();
        assertThat(OutboundHttp.retryableStatus(401)).isFalse();
        assertThat(OutboundHttp.retryableStatus(404)).isFalse();
    }

    @Test
    void shouldNameTheSettingOfAUrlThatIsNoHttpUrl() {
        assertThat(OutboundHttp.url("switchboard.wechat.api-url", " https://api.weixin.qq.com ").getHost())
                .isEqualTo("api.weixin.qq.com");
        assertThatThrownBy(() -> OutboundHttp.url("switchboard.wechat.api-url", "api.weixin.qq.com"))
                .hasMessageContaining("switchboard.wechat.api-url must be an http(s) URL");
        assertThatThrownBy(() -> OutboundHttp.url("switchboard.phone.sms.api-url", "http://bad host"))
                .hasMessageContaining("switchboard.phone.sms.api-url");
    }
}
