package io.switchboard.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Vectors from docs/protocols.md §3.3 (twilio-java RequestValidatorTest). */
class TwilioSignatureTest {

    private static final String TOKEN = "12345";
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final String URL_443 = "https://mycompany.com:443/myapp.php?foo=1&bar=2";
    private static final String HTTP_URL_80 = "http://mycompany.com:80/myapp.php?foo=1&bar=2";
    private static final String HTTP_URL = "http://mycompany.com/myapp.php?foo=1&bar=2";
    private static final String SIG = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
    private static final String SIG_443 = "kvajT1Ptam85bY51eRf/AJRuM3w=";
    private static final String SIG_HTTP_80 = "0ZXoZLH/DfblKGATFgpif+LLRf4=";

    private static Map<String, String> params() {
        Map<String, String> p = new HashMap<>();
        p.put("Digits", "1234");
        p.put("CallSid", "CA1234567890ABCDE");
        p.put("To", "+18005551212");
        p.put("Caller", "+14158675309");
        p.put("From", "+14158675309");
        return p;
    }

    private final TwilioSignature twilio = new TwilioSignature(TOKEN);

    @Test
    void computesTheDocumentedVectors() {
        assertThat(twilio.compute(URL, params())).isEqualTo(SIG);
        assertThat(twilio.compute(URL_443, params())).isEqualTo(SIG_443);
        assertThat(twilio.compute(HTTP_URL_80, params())).isEqualTo(SIG_HTTP_80);
    }

    @Test
    void validatesTheDocumentedVector() {
        assertThat(twilio.validate(URL, params(), SIG)).isTrue();
    }

    @Test
    void acceptsSignatureOverUrlWithDefaultPortWhenRequestUrlHasNone() {
        assertThat(twilio.validate(URL, params(), SIG_443)).isTrue();
        assertThat(twilio.validate(HTTP_URL, params(), SIG_HTTP_80)).isTrue();
    }

    @Test
    void acceptsSignatureOverUrlWithoutPortWhenRequestUrlHasOne() {
        assertThat(twilio.validate(URL_443, params(), SIG)).isTrue();
        assertThat(twilio.validate(URL_443, params(), SIG_443)).isTrue();
        String sigHttpNoPort = twilio.compute(HTTP_URL, params());
        assertThat(twilio.validate(HTTP_URL_80, params(), sigHttpNoPort)).isTrue();
    }

    @Test
    void doesNotConfuseSchemesOrDefaultPorts() {
        assertThat(twilio.validate(HTTP_URL, params(), SIG)).as("https signature on http URL").isFalse();
        assertThat(twilio.validate("https://mycompany.com:80/myapp.php?foo=1&bar=2", params(), SIG_HTTP_80)).isFalse();
    }

    @Test
    void urlVariantsCoverPortlessAndDefaultPortForms() {
        assertThat(TwilioSignature.urlVariants(URL)).containsExactly(URL, URL_443);
        assertThat(TwilioSignature.urlVariants(URL_443)).containsExactly(URL_443, URL);
        assertThat(TwilioSignature.urlVariants("https://u:p@h.example:8443/x"))
                .containsExactly("https://u:p@h.example:8443/x", "https://u:p@h.example/x");
        assertThat(TwilioSignature.urlVariants("http://[::1]/cb?a=1"))
                .containsExactly("http://[::1]/cb?a=1", "http://[::1]:80/cb?a=1");
        assertThat(TwilioSignature.urlVariants("not a url")).containsExactly("not a url");
    }

    @Test
    void rejectsForgedOrTamperedRequests() {
        assertThat(twilio.validate(URL, params(), "RSOYDt4T1cUTdK1PDd93/VVr8B9=")).isFalse();
        assertThat(new TwilioSignature("54321").validate(URL, params(), SIG)).as("other token").isFalse();
        Map<String, String> tampered = params();
        tampered.put("To", "+18005551213");
        assertThat(twilio.validate(URL, tampered, SIG)).isFalse();
        Map<String, String> extra = params();
        extra.put("Injected", "1");
        assertThat(twilio.validate(URL, extra, SIG)).isFalse();
        assertThat(twilio.validate(URL + "&baz=3", params(), SIG)).isFalse();
        assertThat(twilio.validate(URL, params(), "")).isFalse();
        assertThat(twilio.validate(URL, params(), null)).isFalse();
        assertThat(twilio.validate(null, params(), SIG)).isFalse();
    }

    @Test
    void getRequestsSignTheUrlOnly() {
        String sig = twilio.compute(URL, Map.of());
        assertThat(twilio.compute(URL, null)).isEqualTo(sig);
        assertThat(twilio.validate(URL, Map.of(), sig)).isTrue();
        assertThat(twilio.validate(URL, params(), sig)).isFalse();
    }

    @Test
    void jsonBodyIsValidatedThroughBodySha256() {
        String body = "{\"CallSid\":\"CA123\",\"CallStatus\":\"completed\"}";
        String hash = TwilioSignature.sha256Hex(body.getBytes(StandardCharsets.UTF_8));
        assertThat(hash).hasSize(64).matches("[0-9a-f]+");
        String url = "https://mycompany.com/myapp.php?bodySHA256=" + hash;
        String sig = twilio.compute(url, Map.of());
        assertThat(twilio.validateJsonBody(url, body, sig)).isTrue();
        // port variant works for JSON too
        assertThat(twilio.validateJsonBody("https://mycompany.com:443/myapp.php?bodySHA256=" + hash, body, sig)).isTrue();
        // body changed after signing
        assertThat(twilio.validateJsonBody(url, body.replace("completed", "failed"), sig)).isFalse();
        // attacker recomputes bodySHA256 for a new body but cannot re-sign the URL
        String forgedBody = "{\"CallSid\":\"CA999\"}";
        String forgedUrl = "https://mycompany.com/myapp.php?bodySHA256="
                + TwilioSignature.sha256Hex(forgedBody.getBytes(StandardCharsets.UTF_8));
        assertThat(twilio.validateJsonBody(forgedUrl, forgedBody, sig)).isFalse();
        // no bodySHA256 parameter at all
        assertThat(twilio.validateJsonBody("https://mycompany.com/myapp.php", body,
                twilio.compute("https://mycompany.com/myapp.php", Map.of()))).isFalse();
    }

    @Test
    void knownSha256OfEmptyBody() {
        assertThat(TwilioSignature.sha256Hex(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void multiValuedParamsAreSortedByNameThenValue() {
        Map<String, List<String>> multi = Map.of("b", List.of("2", "1"), "a", List.of("x"));
        String sig = twilio.computeMulti("https://h/x", multi);
        // same as signing the concatenation a x b 1 b 2 by hand
        assertThat(sig).isEqualTo(twilio.compute("https://h/xaxb1b2", Map.of()));
        assertThat(twilio.validateMulti("https://h:443/x", multi, sig)).isTrue();
        assertThat(twilio.validateMulti("https://h/x", multi, sig)).isTrue();
        assertThat(twilio.validateMulti("https://h/x", Map.of("b", List.of("1", "2"), "a", List.of("x")), sig)).isTrue();
        assertThat(twilio.validateMulti("https://h/x", Map.of("b", List.of("1"), "a", List.of("x")), sig)).isFalse();
    }

    @Test
    void emptyTokenIsRefused() {
        assertThatThrownBy(() -> new TwilioSignature("")).isInstanceOf(IllegalArgumentException.class);
    }
}
