package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.channel.email.LoopGuard.Kind;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Evaluates the loop guard against corpus labels derived from SOURCES.md §3:
 * sisimai-bounces/bsd by file-name prefix (rfc3834* auto-reply, arf* feedback report, rest bounce), sisimai
 * not/ = NONE, flanker bounce/ = BOUNCE, flanker complaints/ = FEEDBACK_REPORT, *disposition-notification* = read
 * receipt. SOURCES.md also names further DSNs/reports outside those folders; they are labelled explicitly in
 * {@link #EXPLICIT} (each was checked by hand: multipart/report delivery-status or an "Undeliverable"/"Mail delivery
 * failed" notice). Everything else is an ordinary mail = NONE.
 *
 * <p>Floors were set after measuring (see the printed table) a little below the measured values so regressions
 * fail but the known label disagreements (documented in the report) do not.
 */
class LoopGuardCorpusEvaluationTest {

    static final Map<String, Kind> EXPLICIT = Map.ofEntries(
            Map.entry("mikel-mail/multipart_report_emails/multi_address_bounce1.eml", Kind.BOUNCE),
            Map.entry("mikel-mail/multipart_report_emails/multi_address_bounce2.eml", Kind.BOUNCE),
            Map.entry("mikel-mail/multipart_report_emails/multipart_report_multiple_status.eml", Kind.BOUNCE),
            Map.entry("mikel-mail/multipart_report_emails/report_422.eml", Kind.BOUNCE),
            Map.entry("mikel-mail/multipart_report_emails/report_530.eml", Kind.BOUNCE),
            Map.entry("mikel-mail/mime_emails/raw_email_with_mimepart_without_content_type.eml", Kind.BOUNCE),
            Map.entry("php-imap/example_bounce.eml", Kind.BOUNCE),
            Map.entry("php-imap/issue-462.eml", Kind.BOUNCE),
            Map.entry("mimekit/bounce.txt", Kind.BOUNCE),
            Map.entry("mimekit/delivery-status-no-blank-line.txt", Kind.BOUNCE),
            Map.entry("mimekit/delivery-status.anonymized.eml", Kind.BOUNCE),
            Map.entry("mimekit/delivery-status2.txt", Kind.BOUNCE),
            Map.entry("mimekit/feedback-report.txt", Kind.FEEDBACK_REPORT));

    static Kind label(String rel) {
        String name = rel.substring(rel.lastIndexOf('/') + 1);
        if (rel.startsWith("sisimai-bounces/bsd/")) {
            if (name.startsWith("rfc3834")) {
                return Kind.AUTO_REPLY;
            }
            if (name.startsWith("arf")) {
                return Kind.FEEDBACK_REPORT;
            }
            return Kind.BOUNCE;
        }
        if (rel.startsWith("sisimai-bounces/not/")) {
            return Kind.NONE;
        }
        if (rel.startsWith("flanker/bounce/")) {
            return Kind.BOUNCE;
        }
        if (rel.startsWith("flanker/complaints/")) {
            return Kind.FEEDBACK_REPORT;
        }
        if (name.contains("disposition-notification")) {
            return Kind.READ_RECEIPT;
        }
        return EXPLICIT.getOrDefault(rel, Kind.NONE);
    }

    @Test
    void loopGuardReachesPrecisionAndRecallFloorsOnTheLabelledCorpus() throws Exception {
        Map<Kind, int[]> stats = new EnumMap<>(Kind.class); // tp, fp, fn
        for (Kind k : Kind.values()) {
            stats.put(k, new int[3]);
        }
        List<String> errors = new ArrayList<>();
        int total = 0;
        for (Path f : Corpus.files()) {
            String rel = Corpus.relative(f);
            Kind expected = label(rel);
            ParsedEmail m = EmailParser.parse(Files.readAllBytes(f));
            Kind actual = m.loopKind();
            total++;
            if (expected == actual) {
                stats.get(expected)[0]++;
            } else {
                stats.get(actual)[1]++;
                stats.get(expected)[2]++;
                errors.add(String.format("  %-62s expected %-15s got %-15s (%s)", rel, expected, actual,
                        m.loopGuard().reason()));
            }
        }
        StringBuilder sb = new StringBuilder("Loop-guard evaluation over " + total + " corpus files\n");
        sb.append(String.format("  %-16s %5s %5s %5s %9s %7s%n", "class", "tp", "fp", "fn", "precision", "recall"));
        for (Kind k : Kind.values()) {
            int[] s = stats.get(k);
            sb.append(String.format("  %-16s %5d %5d %5d %9.3f %7.3f%n", k, s[0], s[1], s[2], precision(s), recall(s)));
        }
        sb.append("Misclassified:\n");
        errors.forEach(e -> sb.append(e).append('\n'));
        System.out.println(sb);

        assertThat(recall(stats.get(Kind.BOUNCE))).as("bounce recall").isGreaterThanOrEqualTo(0.97);
        assertThat(precision(stats.get(Kind.BOUNCE))).as("bounce precision").isGreaterThanOrEqualTo(0.97);
        assertThat(recall(stats.get(Kind.AUTO_REPLY))).as("auto-reply recall").isGreaterThanOrEqualTo(1.0);
        assertThat(precision(stats.get(Kind.AUTO_REPLY))).as("auto-reply precision").isGreaterThanOrEqualTo(0.8);
        assertThat(recall(stats.get(Kind.FEEDBACK_REPORT))).as("feedback recall").isGreaterThanOrEqualTo(0.9);
        assertThat(precision(stats.get(Kind.FEEDBACK_REPORT))).as("feedback precision").isGreaterThanOrEqualTo(1.0);
        assertThat(recall(stats.get(Kind.READ_RECEIPT))).as("read-receipt recall").isGreaterThanOrEqualTo(1.0);
        assertThat(precision(stats.get(Kind.READ_RECEIPT))).as("read-receipt precision").isGreaterThanOrEqualTo(1.0);
        assertThat(recall(stats.get(Kind.NONE))).as("NONE recall (no false alarms)").isGreaterThanOrEqualTo(0.98);
        assertThat(precision(stats.get(Kind.NONE))).as("NONE precision").isGreaterThanOrEqualTo(0.98);
    }

    @Test
    void treatingPrecedenceBulkAsAutoReplyCostsPrecision() throws Exception {
        // documents the policy choice: measured, not asserted beyond "it flags more ordinary list mail"
        int flaggedOrdinary = 0;
        for (Path f : Corpus.files()) {
            String rel = Corpus.relative(f);
            if (label(rel) != Kind.NONE) {
                continue;
            }
            ParsedEmail m = EmailParser.parse(Files.readAllBytes(f));
            MailHeaders h = MailHeadersAccess.headersOf(Files.readAllBytes(f));
            LoopGuard.Verdict strict = LoopGuard.classify(new LoopGuard.Signals(h, m.subject(),
                    m.from() == null ? null : m.from().address(), null, Set.of()), LoopGuard.PrecedencePolicy.AUTO_REPLY);
            if (strict.kind() == Kind.AUTO_REPLY && m.loopKind() == Kind.NONE) {
                flaggedOrdinary++;
                assertThat(m.loopGuard().suppressAutoResponse()).as(rel).isTrue();
            }
        }
        System.out.println("Precedence: bulk|list|junk as AUTO_REPLY would flag " + flaggedOrdinary
                + " ordinary (NONE-labelled) corpus mails");
        assertThat(flaggedOrdinary).isGreaterThan(0);
    }

    private static double precision(int[] s) {
        return s[0] + s[1] == 0 ? 1.0 : (double) s[0] / (s[0] + s[1]);
    }

    private static double recall(int[] s) {
        return s[0] + s[2] == 0 ? 1.0 : (double) s[0] / (s[0] + s[2]);
    }
}
