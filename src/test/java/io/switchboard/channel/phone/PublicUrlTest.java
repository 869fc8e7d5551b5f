package io.switchboard.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PublicUrlTest {

    private static java.util.function.Function<String, String> headers(Map<String, String> h) {
        Map<String, String> ci = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ci.putAll(h);
        return ci::get;
    }

    @Test
    void configuredUrlWinsAndKeepsTheRequestQuery() {
        assertThat(PublicUrl.of(Optional.of("https://mycompany.com/myapp.php"), "http", "/webhooks/phone?foo=1&bar=2",
                headers(Map.of("Host", "10.0.0.5:8080", "X-Forwarded-Host", "evil.example.com"))))
                .isEqualTo("https://mycompany.com/myapp.php?foo=1&bar=2");
    }

    @Test
    void withoutConfigurationTheUrlIsRebuiltFromForwardedHeaders() {
        assertThat(PublicUrl.of(Optional.empty(), "http", "/webhooks/phone",
                headers(Map.of("Host", "10.0.0.5:8080", "X-Forwarded-Proto", "https, http",
                        "X-Forwarded-Host", "gw.example.com", "X-Forwarded-Port", "8443"))))
                .isEqualTo("https://gw.example.com:8443/webhooks/phone");
        assertThat(PublicUrl.of(Optional.empty(), "http", "/webhooks/phone?x=1", headers(Map.of("Host", "gw:8080"))))
                .isEqualTo("http://gw:8080/webhooks/phone?x=1");
        assertThat(PublicUrl.of(Optional.empty(), "http", "/webhooks/phone",
                headers(Map.of("X-Forwarded-Host", "[2001:db8::1]:443", "X-Forwarded-Port", "443"))))
                .isEqualTo("http://[2001:db8::1]:443/webhooks/phone");
    }

    @Test
    void aPathRewritingProxyReportsTheOriginalUri() {
        assertThat(PublicUrl.of(Optional.empty(), "http", "/webhooks/phone",
                headers(Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "mycompany.com",
                        "X-Forwarded-Uri", "/myapp.php?foo=1&bar=2"))))
                .isEqualTo("https://mycompany.com/myapp.php?foo=1&bar=2");
    }
}
