package io.switchboard.channel.email;

import java.nio.file.Files;
import java.nio.file.Path;

/** Manual helper (not a test): prints one line per corpus file. Run via the test classpath. */
final class CorpusReport {

    private CorpusReport() {
    }

    public static void main(String[] args) throws Exception {
        for (Path f : Corpus.files()) {
            ParsedEmail m = EmailParser.parse(Files.readAllBytes(f));
            System.out.printf("%-70s %-15s %-12s | %s | %s | text=%d att=%d | %s | warn=%s%n", Corpus.relative(f),
                    m.loopKind(), m.bouncedMessageId() == null ? "-" : "bmid", m.from(), trunc(m.subject()),
                    m.text().length(), m.attachments().size(), m.loopGuard().reason(), m.warnings());
        }
    }

    private static String trunc(String s) {
        return s.length() > 50 ? s.substring(0, 50) : s;
    }
}
