package io.switchboard.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.Identity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhoneContactsTest {

    private static final PhoneNumbers CN = new PhoneNumbers("CN");

    private static CallEvent event(String from, String to, String direction, String status) {
        return CallEvent.fromMap(Map.of("callId", "c-1", "from", from, "to", to, "direction", direction,
                "status", status, "startedAt", "2025-01-02T10:00:00+08:00"));
    }

    private static ContactRecord contact(CallEvent e) {
        return PhoneContacts.toContact(PhoneContacts.fromEvent(e, CN), e.recordingUrl(), ContactRecord.builder())
                .orElseThrow().build();
    }

    @Test
    void inboundCustomerIsTheCallerInE164() {
        ContactRecord r = contact(event("138 0013 8000", "8001", "inbound", "answered"));
        assertThat(r.direction()).isEqualTo("inbound");
        assertThat(r.from()).isEqualTo(new Identity("phone", "+8613800138000"));
        assertThat(r.to()).isEqualTo(new Identity("phone-extension", "8001"));
        assertThat(r.identities()).containsExactly(new Identity("phone", "+8613800138000"));
        assertThat(r.tags()).containsExactly("phone.answered");
        assertThat(r.threadKey()).isEqualTo("phone:c-1");
    }

    @Test
    void outboundCustomerIsTheCallee() {
        ContactRecord r = contact(event("8001", "0755 1234 5678", "outbound", "busy"));
        assertThat(r.direction()).isEqualTo("outbound");
        assertThat(r.identities()).containsExactly(new Identity("phone", "+8675512345678"));
        assertThat(r.tags()).containsExactly("phone.busy");
        assertThat(r.subject()).isEqualTo("Busy outbound call to +8675512345678");
    }

    @Test
    void invalidNumbersAreKeptRawAndFlaggedWithdheldOnesIdentifyNobody() {
        ContactRecord invalid = contact(event("12345678901234", "8001", "inbound", "voicemail"));
        assertThat(invalid.from()).isEqualTo(new Identity("phone-raw", "12345678901234"));
        assertThat(invalid.tags()).containsExactly("phone.voicemail", "phone.callback-needed", "phone.invalid-number");
        ContactRecord anonymous = contact(event("anonymous", "8001", "inbound", "missed"));
        assertThat(anonymous.from()).isEqualTo(new Identity("phone-anonymous", "call:c-1"));
        assertThat(anonymous.identities()).isEmpty();
        assertThat(anonymous.tags()).containsExactly("phone.missed", "phone.anonymous");
    }

    @Test
    void internalCallsAreNoContact() {
        CallEvent e = event("8001", "8002", "internal", "answered");
        assertThat(PhoneContacts.toContact(PhoneContacts.fromEvent(e, CN), null, ContactRecord.builder())).isEmpty();
    }

    @Test
    void errorReportCellsAreGuardedAgainstFormulaInjection(@TempDir Path dir) throws IOException {
        Path report = dir.resolve("sub/x.csv.errors.csv");
        CdrInbox.writeReport(report, List.of(new RowError("=cmd.csv", 7, "-bad start timestamp")));
        assertThat(Files.readAllLines(report)).containsExactly("file,line,reason", "'=cmd.csv,7,'-bad start timestamp");
    }

    @Test
    void movedFilesGetAUtcStampSoARedropNeverOverwrites() {
        assertThat(CdrInbox.stamped("Master.csv", Instant.parse("2025-03-03T01:02:03.456Z")))
                .isEqualTo("Master-20250303T010203456Z.csv");
        assertThat(CdrInbox.stamped("noext", Instant.parse("2025-03-03T01:02:03.456Z")))
                .isEqualTo("noext-20250303T010203456Z");
    }
}
