package io.switchboard.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ingress.InvalidPayloadException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TwilioCallbackTest {

    /** docs/protocols.md §3.3 (kilbergr/BoomerRang `_HUMAN_ANSWER`). */
    private static final String FIXTURE = "Called=%2B15005550006&ToState=NY&CallerCountry=US&Direction=outbound-api&Timestamp=Thurs,+20+July+1989+18:30:43+%2B0000&CallbackSource=call-progress-events&CallerState=CA&ToZip=10028&SequenceNumber=0&CallSid=CAf19604a3eec3e63d157870c5f7f3b3a0&To=%2B15005550006&CallerZip=94571&ToCountry=US&CallDuration=42&ApiVersion=2010-04-01&CalledZip=10028&CalledCity=NEW+YORK&CallStatus=completed&From=%2B15107571675&AccountSid=AC8d88ba5085adeac4015ea92ec9a81ded&CalledCountry=US&CallerCity=SAN+FRANCISCO&Caller=%2B15107571675&FromCountry=US&ToCity=NEW+YORK&FromCity=SAN+FRANCISCO&CalledState=NY&FromZip=94571&AnsweredBy=human&FromState=CA";

    private static Map<String, String> fixture() {
        return FormBody.firstValues(FormBody.parse(FIXTURE.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void realCompletedCallbackIsTerminalAndKeyedByCallSid() {
        TwilioCallback c = TwilioCallback.from(fixture());
        assertThat(c.terminal()).isTrue();
        assertThat(c.channelMessageId()).isEqualTo("CAf19604a3eec3e63d157870c5f7f3b3a0");
        assertThat(c.outcome()).isEqualTo(CallStatus.ANSWERED);
        assertThat(c.callDirection()).isEqualTo(CallDirection.OUTBOUND);
        assertThat(c.from()).isEqualTo("+15107571675");
        assertThat(c.callDuration()).isEqualTo(42);
        // "Thurs" is not RFC 2822: the time is unknown rather than wrong
        assertThat(c.eventTime()).isNull();
    }

    @ParameterizedTest
    @CsvSource({"queued", "initiated", "ringing", "in-progress"})
    void intermediateStatusesAreNoContactAndGetTheirOwnKey(String status) {
        Map<String, String> p = new HashMap<>(fixture());
        p.put("CallStatus", status);
        p.put("SequenceNumber", "2");
        TwilioCallback c = TwilioCallback.from(p);
        assertThat(c.terminal()).isFalse();
        assertThat(c.channelMessageId()).isEqualTo("CAf19604a3eec3e63d157870c5f7f3b3a0#2");
    }

    @ParameterizedTest
    @CsvSource({"completed, human, ANSWERED", "completed, machine_end_beep, VOICEMAIL", "busy, , BUSY",
            "no-answer, , MISSED", "canceled, , MISSED", "failed, , FAILED"})
    void terminalStatusesMapToDispositions(String status, String answeredBy, CallStatus expected) {
        Map<String, String> p = new HashMap<>(fixture());
        p.put("CallStatus", status);
        if (answeredBy == null) {
            p.remove("AnsweredBy");
        } else {
            p.put("AnsweredBy", answeredBy);
        }
        assertThat(TwilioCallback.from(p).outcome()).isEqualTo(expected);
    }

    @Test
    void inboundCallTimesComeFromTimestampAndDuration() {
        Map<String, String> p = new HashMap<>(fixture());
        p.put("Direction", "inbound");
        p.put("Timestamp", "Mon, 03 Mar 2025 02:00:30 +0000");
        TwilioCallback c = TwilioCallback.from(p);
        assertThat(c.callDirection()).isEqualTo(CallDirection.INBOUND);
        CallRecord call = PhoneContacts.fromTwilio(c, Instant.EPOCH, new PhoneNumbers("US"));
        assertThat(call.endedAt()).isEqualTo(Instant.parse("2025-03-03T02:00:30Z"));
        assertThat(call.startedAt()).isEqualTo(Instant.parse("2025-03-03T01:59:48Z"));
        assertThat(call.from().value()).isEqualTo("+15107571675");
    }

    @Test
    void missingOrHostileCallSidIsRejectedNamingIt() {
        Map<String, String> p = new HashMap<>(fixture());
        p.remove("CallSid");
        assertThatThrownBy(() -> TwilioCallback.from(p)).isInstanceOf(InvalidPayloadException.class)
                .extracting(e -> ((InvalidPayloadException) e).field()).isEqualTo("CallSid");
        p.put("CallSid", "CA1#forged");
        assertThatThrownBy(() -> TwilioCallback.from(p)).isInstanceOf(InvalidPayloadException.class);
        p.put("CallSid", "CA1");
        p.put("CallDuration", "-3");
        assertThatThrownBy(() -> TwilioCallback.from(p)).hasMessageContaining("CallDuration");
    }

    @Test
    void formBodyKeepsRepeatedParametersAndDecodesPlus() {
        Map<String, List<String>> p = FormBody.parse("a=1&b=x+y&a=2&c".getBytes(StandardCharsets.UTF_8));
        assertThat(p).containsEntry("a", List.of("1", "2")).containsEntry("b", List.of("x y")).containsEntry("c", List.of(""));
        assertThatThrownBy(() -> FormBody.parse("a=%zz".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
