package io.switchboard.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CdrFileReaderTest {

    private static final CdrLayout AST = CdrLayout.asterisk(ZoneOffset.UTC);

    private static String row(String src, String clid, String start, String uid) {
        return "\"\",\"" + src + "\",\"8001\",\"from-trunk\",\"" + clid + "\",\"SIP/t-1\",\"SIP/8001-1\",\"Dial\",\"\",\""
                + start + "\",\"" + start + "\",\"" + start + "\",0,0,\"ANSWERED\",\"DOCUMENTATION\",\"" + uid + "\",\"\"";
    }

    private static String good(int n) {
        return row("1380013800" + n, "n" + n, "2025-01-02 10:00:0" + n, "u." + n);
    }

    @Test
    void unclosedQuoteIsReportedOnItsLineAndLaterRowsStillFlow() {
        // the last field lost its closing quote: the quote stays open until end of input
        String broken = good(3).substring(0, good(3).length() - 1);
        String csv = good(1) + "\n" + good(2) + "\n" + broken + "\n" + good(4) + "\n" + good(5) + "\n";
        CdrReadResult r = TestFiles.read(AST, csv);
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.reason()).contains("unclosed quoted field");
        });
        assertThat(r.rows()).extracting(CdrRow::line).containsExactly(1L, 2L, 4L, 5L);
        assertThat(r.rows()).extracting(x -> x.get(CdrField.UNIQUE_ID)).containsExactly("u.1", "u.2", "u.4", "u.5");
    }

    @Test
    void unclosedQuoteOnTheLastLineIsReported() {
        CdrReadResult r = TestFiles.read(AST, good(1) + "\n" + "\"\",\"123");
        assertThat(r.rows()).hasSize(1);
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.reason()).contains("end of input");
        });
    }

    @Test
    void aQuotedFieldMaySpanOnlyALimitedNumberOfLines() throws IOException {
        StringBuilder sb = new StringBuilder(good(1)).append('\n').append("\"\",\"open").append('\n');
        for (int i = 0; i < 4; i++) {
            sb.append("free text without quotes ").append(i).append('\n');      // lines 3-6
        }
        sb.append(good(7)).append('\n');
        CdrReadResult r = new CdrFileReader(AST, 3).read(new StringReader(sb.toString()), "f.csv");
        assertThat(r.errors().get(0).line()).isEqualTo(2);
        assertThat(r.errors().get(0).reason()).contains("more than 3 lines");
        // the lines that were swallowed are read again on their own
        assertThat(r.errors()).extracting(RowError::line).containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(r.rows()).extracting(CdrRow::line).containsExactly(1L, 7L);
    }

    @Test
    void aQuoteClosedByALaterLineCostsOnlyTheBrokenRow() {
        // a field lost its closing quote; the next line's first quote "closes" it and the
        // merged record is malformed: only line 2 is reported, line 3 is read again
        String broken = "\"\",\"13800138002\",\"8001\",\"from-trunk\",\"oops, no closing quote";
        CdrReadResult r = TestFiles.read(AST, good(1) + "\n" + broken + "\n" + good(3) + "\n" + good(4) + "\n");
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.reason()).contains("record spanning lines 2-3").contains("re-reading from line 3");
        });
        assertThat(r.rows()).extracting(CdrRow::line).containsExactly(1L, 3L, 4L);
    }

    @Test
    void embeddedNewlinesInQuotedFieldsKeepPhysicalLineNumbersRight() {
        String multi = row("13800138002", "first line\nsecond line\nthird, with comma", "2025-01-02 10:00:02", "u.2");
        String badDate = row("13800138003", "x", "2025-13-45 10:00:00", "u.3");
        String csv = good(1) + "\n" + multi + "\n" + badDate + "\n" + good(4) + "\n";
        CdrReadResult r = TestFiles.read(AST, csv);
        assertThat(r.rows()).extracting(CdrRow::line).containsExactly(1L, 2L, 6L);
        assertThat(r.rows().get(1).get(CdrField.CLID)).isEqualTo("first line\nsecond line\nthird, with comma");
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(5);
            assertThat(e.reason()).contains("bad start timestamp").contains("2025-13-45");
        });
    }

    @Test
    void crlfLineEndingsAndEmbeddedCrlfAreHandled() {
        String multi = row("13800138002", "a\r\nb", "2025-01-02 10:00:02", "u.2");
        String csv = good(1) + "\r\n" + multi + "\r\n" + good(3) + "\r\n";
        CdrReadResult r = TestFiles.read(AST, csv);
        assertThat(r.errors()).isEmpty();
        assertThat(r.rows()).extracting(CdrRow::line).containsExactly(1L, 2L, 4L);
        assertThat(r.rows().get(1).get(CdrField.CLID)).isEqualTo("a\r\nb");
    }

    @Test
    void malformedRowsAreReportedWithLineNumbersWhileOtherRowsFlow() {
        List<String> lines = new ArrayList<>();
        lines.add(good(1));                                                     // 1 ok
        lines.add("\"\",\"1\",\"2\"");                                            // 2 wrong column count
        lines.add(row("13800138003", "x", "2025-02-30 10:00:00", "u.3"));       // 3 impossible date
        lines.add(good(4).replace(",0,0,", ",abc,0,"));                          // 4 bad duration
        lines.add(good(5).replace(",0,0,", ",0,-5,"));                           // 5 negative billsec
        lines.add(row("13800138006", "x", "", "u.6"));                          // 6 empty start
        lines.add(good(7).replace("\"n7\"", "\"n7\"junk"));                     // 7 junk after closing quote
        lines.add("");                                                           // 8 blank: skipped
        lines.add(good(9));                                                      // 9 ok
        CdrReadResult r = TestFiles.read(AST, String.join("\n", lines) + "\n");
        assertThat(r.rows()).extracting(CdrRow::line).containsExactly(1L, 9L);
        Map<Long, String> errors = new LinkedHashMap<>();
        r.errors().forEach(e -> errors.put(e.line(), e.reason()));
        assertThat(errors.keySet()).containsExactly(2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(errors.get(2L)).contains("wrong column count");
        assertThat(errors.get(3L)).contains("bad start timestamp");
        assertThat(errors.get(4L)).contains("bad duration number 'abc'");
        assertThat(errors.get(5L)).contains("negative billsec");
        assertThat(errors.get(6L)).contains("start time is empty");
        assertThat(errors.get(7L)).contains("malformed CSV");
        assertThat(r.errors()).allSatisfy(e -> assertThat(e.file()).isEqualTo("inline.csv"));
    }

    @Test
    void doubledQuotesEmbeddedCommasAndFormulaLikeValuesAreStoredVerbatim() {
        String csv = "\"\",\"+8613800138000\",\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\"ctx\","
                + "\"\"\"Smith, John\"\" <+8613800138000>\",\"-cmd\",\"@SUM(1)\",\"Dial\",\"\t tab\","
                + "\"2025-01-02 10:00:00\",,\"2025-01-02 10:00:10\",10,0,\"NO ANSWER\",\"DOCUMENTATION\",\"u.1\",\"\"\n";
        CdrReadResult r = TestFiles.read(AST, csv);
        assertThat(r.errors()).isEmpty();
        CdrRow row = r.rows().get(0);
        assertThat(row.get(CdrField.SRC)).isEqualTo("+8613800138000");
        assertThat(row.get(CdrField.DST)).isEqualTo("=HYPERLINK(\"http://x\",\"y\")");
        assertThat(row.get(CdrField.CLID)).isEqualTo("\"Smith, John\" <+8613800138000>");
        assertThat(row.get(CdrField.CHANNEL)).isEqualTo("-cmd");
        assertThat(row.get(CdrField.DST_CHANNEL)).isEqualTo("@SUM(1)");
        assertThat(row.get(CdrField.LAST_DATA)).isEqualTo("\t tab");
        assertThat(row.answer()).isNull();
        CallRecord c = new CallAssembler().assemble(r.rows()).get(0);
        assertThat(c.from().type()).isEqualTo(NormalizedNumber.Type.PHONE);
        assertThat(c.from().value()).isEqualTo("+8613800138000");
        assertThat(c.to().type()).isEqualTo(NormalizedNumber.Type.INVALID);
        assertThat(c.to().value()).isEqualTo("=HYPERLINK(\"http://x\",\"y\")");
        assertThat(c.callerName()).isEqualTo("Smith, John");
    }

    @Test
    void timesAreReadInTheConfiguredZone() {
        CdrRow shanghai = TestFiles.read(CdrLayout.asterisk(ZoneId.of("Asia/Shanghai")), good(1)).rows().get(0);
        CdrRow utc = TestFiles.read(AST, good(1)).rows().get(0);
        assertThat(shanghai.start()).isEqualTo(Instant.parse("2025-01-02T02:00:01Z"));
        assertThat(utc.start()).isEqualTo(Instant.parse("2025-01-02T10:00:01Z"));
        assertThat(CdrLayout.asterisk(ZoneOffset.UTC).withZone(ZoneId.of("Asia/Shanghai")).zone())
                .isEqualTo(ZoneId.of("Asia/Shanghai"));
    }

    @Test
    void byteOrderMarkAndBlankLinesAreIgnored() throws IOException {
        String csv = "\uFEFF" + good(1) + "\n\n   \n" + good(4) + "\n";
        CdrReadResult r = new CdrFileReader(AST).read(
                new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "bom.csv", StandardCharsets.UTF_8);
        assertThat(r.errors()).isEmpty();
        assertThat(r.rows()).extracting(CdrRow::line).containsExactly(1L, 4L);
        assertThat(r.rows().get(0).get(CdrField.ACCOUNT_CODE)).isEmpty();
    }

    @Test
    void rowsCanBeStreamedToConsumers() throws IOException {
        List<String> events = new ArrayList<>();
        CdrLayout used = new CdrFileReader(AST).read(new StringReader(good(1) + "\nx\n" + good(3)), "s.csv",
                row -> events.add("row@" + row.line()), err -> events.add("err@" + err.line()));
        assertThat(events).containsExactly("row@1", "err@2", "row@3");
        assertThat(used.name()).isEqualTo("asterisk-18");
    }

    @Test
    void aFileWithNoUsableRowReportsTheRequestedLayout() {
        CdrReadResult r = TestFiles.read(AST, "a,b,c\n");
        assertThat(r.rows()).isEmpty();
        assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.reason())
                .contains("layout asterisk accepts [16, 17, 18, 19, 20, 21] columns, found 3"));
        assertThat(r.layout()).isSameAs(AST);
    }

    @Test
    void customLayoutFromConfigMapWithHeaderEpochTimesAndOwnColumnOrder() {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("name", "vendor-x");
        cfg.put("uuid", 0);
        cfg.put("start", "1");
        cfg.put("end", "2");
        cfg.put("from", "3");
        cfg.put("to", "4");
        cfg.put("disposition", "5");
        cfg.put("timeFormat", "epoch");
        cfg.put("skipLines", "1");
        cfg.put("columnCount", "6");
        CdrLayout layout = CdrLayout.fromConfig(cfg);
        String csv = "id,start,end,from,to,status\n"
                + "c-1,1735783200,1735783230.5,13800138000,8001,NO ANSWER\n"
                + "c-2,notatime,1735783230,13800138000,8001,ANSWERED\n"
                + "c-3,1735783200,1735783230,13800138000,8001,ANSWERED,extra\n";
        CdrReadResult r = TestFiles.read(layout, csv);
        assertThat(r.rows()).singleElement().satisfies(row -> {
            assertThat(row.line()).isEqualTo(2);
            assertThat(row.start()).isEqualTo(Instant.parse("2025-01-02T02:00:00Z"));
            assertThat(row.end()).isEqualTo(Instant.parse("2025-01-02T02:00:30.5Z"));
            assertThat(row.get(CdrField.UNIQUE_ID)).isEqualTo("c-1");
            assertThat(row.durationSeconds()).isNull();
        });
        assertThat(r.errors()).extracting(RowError::line).containsExactly(3L, 4L);
        CallRecord c = new CallAssembler().assemble(r.rows()).get(0);
        assertThat(c.callId()).isEqualTo("c-1");
        assertThat(c.status()).isEqualTo(CallStatus.MISSED);
        assertThat(c.durationSeconds()).isEqualTo(30);
        assertThat(c.callbackNeeded()).isTrue();
    }

    @Test
    void customLayoutWithPatternAndZoneReadsLocalTimes() {
        CdrLayout layout = CdrLayout.fromConfig(Map.of(
                "src", "0", "dst", "1", "start", "2", "answer", "3",
                "timeFormat", "dd/MM/yyyy HH:mm", "timeZone", "Asia/Shanghai"));
        CdrReadResult r = TestFiles.read(layout, "13800138000,8001,02/01/2025 10:00,02/01/2025 10:01,ignored\n"
                + "13800138000,8001,31/02/2025 10:00,,\n");
        assertThat(r.rows()).singleElement().satisfies(row -> {
            assertThat(row.start()).isEqualTo(Instant.parse("2025-01-02T02:00:00Z"));
            assertThat(row.answer()).isEqualTo(Instant.parse("2025-01-02T02:01:00Z"));
        });
        assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.line()).isEqualTo(2));
        CallRecord c = new CallAssembler().assemble(r.rows()).get(0);
        assertThat(c.status()).as("no disposition column: answered iff answer time").isEqualTo(CallStatus.ANSWERED);
        assertThat(c.callId()).startsWith("h-");
    }

    @Test
    void customLayoutConfigErrorsAreExplicit() {
        assertThatThrownBy(() -> CdrLayout.fromConfig(Map.of("src", "0", "start", "1", "colour", "2")))
                .hasMessageContaining("unknown CDR layout key 'colour'");
        assertThatThrownBy(() -> CdrLayout.fromConfig(Map.of("src", "0")))
                .hasMessageContaining("must map 'start'");
        assertThatThrownBy(() -> CdrLayout.fromConfig(Map.of("src", "0", "start", "0")))
                .hasMessageContaining("column 0 mapped to both");
        assertThatThrownBy(() -> CdrLayout.fromConfig(Map.of("src", "-1", "start", "1")))
                .hasMessageContaining(">= 0");
        assertThatThrownBy(() -> CdrLayout.fromConfig(Map.of("src", "0", "start", "1", "timeZone", "Mars/Base")))
                .hasMessageContaining("bad timeZone");
        assertThatThrownBy(() -> CdrLayout.fromConfig(Map.of("src", "0", "start", "1", "timeFormat", "yyyy-MM-dd {")))
                .hasMessageContaining("bad timeFormat");
        assertThatThrownBy(() -> CdrLayout.fromConfig(Map.of("src", "0", "start", "3", "columnCount", "2")))
                .hasMessageContaining("columnCount");
    }
}
