package io.switchboard.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.time.ZoneOffset;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormulaGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {"=1+1", "+8613800138000", "-10", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\")"})
    void formulaLikeValuesArePrefixedWithASingleQuote(String value) {
        assertThat(FormulaGuard.isFormulaLike(value)).isTrue();
        assertThat(FormulaGuard.neutralizeForCsvExport(value)).isEqualTo("'" + value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "8001", "Zhang San", " =not first", "'=already", "a=b"})
    void harmlessValuesAreUnchanged(String value) {
        assertThat(FormulaGuard.isFormulaLike(value)).isFalse();
        assertThat(FormulaGuard.neutralizeForCsvExport(value)).isSameAs(value);
    }

    @Test
    void nullStaysNull() {
        assertThat(FormulaGuard.neutralizeForCsvExport(null)).isNull();
        assertThat(FormulaGuard.isFormulaLike(null)).isFalse();
    }

    @Test
    void callRecordExportNeutralisesEveryTextCellButParsingKeptValuesVerbatim() throws IOException {
        String csv = "\"\",\"+8613800138000\",\"8001\",\"-ctx\",\"\"\"=cmd|' /C calc'!A0\"\" <+8613800138000>\","
                + "\"\",\"\",\"Dial\",\"\",\"2025-01-02 10:00:00\",,\"2025-01-02 10:00:10\",10,0,\"NO ANSWER\","
                + "\"DOCUMENTATION\",\"@id.1\",\"\"\n";
        CdrReadResult read = TestFiles.read(CdrLayout.asterisk(ZoneOffset.UTC), csv);
        assertThat(read.errors()).isEmpty();
        List<CallRecord> calls = new CallAssembler().assemble(read.rows());
        CallRecord call = calls.get(0);
        assertThat(call.callId()).isEqualTo("@id.1");
        assertThat(call.callerName()).isEqualTo("=cmd|' /C calc'!A0");
        assertThat(call.from().value()).isEqualTo("+8613800138000");

        StringBuilder out = new StringBuilder();
        CallRecordCsvExport.write(calls, out);
        List<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(out.toString())).getRecords();
        assertThat(records).hasSize(1);
        CSVRecord r = records.get(0);
        assertThat(r.get("callId")).isEqualTo("'@id.1");
        assertThat(r.get("from")).isEqualTo("'+8613800138000");
        assertThat(r.get("callerName")).isEqualTo("'=cmd|' /C calc'!A0");
        assertThat(r.get("context")).isEqualTo("'-ctx");
        assertThat(r.get("to")).isEqualTo("8001");
        assertThat(r.get("status")).isEqualTo("MISSED");
        assertThat(r.get("callbackNeeded")).isEqualTo("true");
    }
}
