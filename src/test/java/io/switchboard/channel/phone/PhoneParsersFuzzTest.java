package io.switchboard.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.switchboard.ingress.InvalidPayloadException;
import java.io.IOException;
import java.io.StringReader;
import java.time.ZoneId;

/**
 * Coverage-guided fuzzing (Jazzer) of the phone channel's readers of untrusted bytes: signed call
 * events, Twilio forms, CDR CSV files. Any input ends as a result or the documented refusal.
 */
class PhoneParsersFuzzTest {

    private static final CdrFileReader ASTERISK = new CdrFileReader(CdrLayout.asterisk(ZoneId.of("Asia/Shanghai")));

    @FuzzTest(maxDuration = "30s")
    void callEvent(byte[] body) {
        try {
            assertThat(PhoneWebhook.readEvent(body).callId()).isNotBlank();
        } catch (InvalidPayloadException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @FuzzTest(maxDuration = "30s")
    void twilioForm(byte[] body) {
        try {
            FormBody.parse(body).forEach((name, values) -> assertThat(values).isNotEmpty());
        } catch (IllegalArgumentException expected) { // answered 401: the signature cannot cover a broken form
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    /** A file with broken rows still reads: good rows come out, the others become row errors. */
    @FuzzTest(maxDuration = "30s")
    void asteriskCsv(FuzzedDataProvider data) throws IOException {
        CdrReadResult result = ASTERISK.read(new StringReader(data.consumeRemainingAsString()), "fuzz.csv");
        result.errors().forEach(e -> assertThat(e.reason()).isNotBlank());
    }
}
