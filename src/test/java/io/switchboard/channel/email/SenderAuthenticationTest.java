package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Authentication-Results as receiving servers write them (RFC 8601 examples and Gmail's form). */
class SenderAuthenticationTest {

    private static final Set<String> TRUSTED = Set.of("mx.google.com");

    @Test
    void shouldTrustADmarcPassForTheFromDomainFromATrustedServer() {
        String gmail = "mx.google.com; dkim=pass header.i=@shop.example header.s=s1 header.b=abc;"
                + " spf=pass (google.com: domain of bounce@shop.example designates 192.0.2.1 as permitted sender)"
                + " smtp.mailfrom=bounce@shop.example; dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=shop.example";
        assertThat(SenderAuthentication.proves("shop.example", List.of(gmail), TRUSTED)).isTrue();
    }

    @Test
    void shouldTrustAnAlignedDkimOrSpfPassWithoutDmarc() {
        assertThat(SenderAuthentication.proves("mail.shop.example",
                List.of("mx.google.com; dkim=pass header.d=shop.example"), TRUSTED)).isTrue();
        assertThat(SenderAuthentication.proves("shop.example",
                List.of("mx.google.com 1; spf=pass smtp.mailfrom=\"bounce@news.shop.example\""), TRUSTED)).isTrue();
    }

    @Test
    void shouldIgnoreVerdictsOfServersTheOperatorDoesNotTrust() {
        String forged = "mx.attacker.example; dmarc=pass header.from=bank.example";
        assertThat(SenderAuthentication.proves("bank.example", List.of(forged), TRUSTED)).isFalse();
        assertThat(SenderAuthentication.proves("bank.example", List.of("mx.google.com; dmarc=pass header.from=bank.example"),
                Set.of())).as("nothing trusted").isFalse();
    }

    @Test
    void shouldRefusePassesOfAnotherDomainFailuresAndMalformedFields() {
        assertThat(SenderAuthentication.proves("bank.example",
                List.of("mx.google.com; dkim=pass header.d=attacker.example; spf=pass smtp.mailfrom=x@attacker.example"),
                TRUSTED)).as("unaligned").isFalse();
        assertThat(SenderAuthentication.proves("bank.example",
                List.of("mx.google.com; dkim=pass header.d=example"), TRUSTED)).as("a bare TLD never aligns").isFalse();
        assertThat(SenderAuthentication.proves("bank.example",
                List.of("mx.google.com; dkim=fail header.d=bank.example; spf=softfail smtp.mailfrom=bank.example"),
                TRUSTED)).isFalse();
        assertThat(SenderAuthentication.proves("bank.example",
                List.of("mx.google.com; dkim=pass header.d=bank.example; dmarc=fail header.from=bank.example"),
                TRUSTED)).as("a DMARC failure wins").isFalse();
        assertThat(SenderAuthentication.proves("bank.example", List.of("mx.google.com; none"), TRUSTED)).isFalse();
        for (String junk : List.of("", ";;;", "mx.google.com", "mx.google.com; =pass", "mx.google.com; dkim=pass (unclosed",
                "mx.google.com; dkim=pass header.d=\"bank.example")) {
            assertThat(SenderAuthentication.proves("bank.example", List.of(junk), TRUSTED)).as(junk).isFalse();
        }
    }

    @Test
    void shouldNotBeFooledByAVerdictHiddenInAComment() {
        assertThat(SenderAuthentication.proves("bank.example",
                List.of("mx.google.com; dkim=fail (dmarc=pass header.from=bank.example) header.d=bank.example"),
                TRUSTED)).isFalse();
    }
}
