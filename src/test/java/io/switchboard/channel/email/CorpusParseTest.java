package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CorpusParseTest {

    static Stream<Path> corpusFiles() {
        return Corpus.files().stream();
    }

    @Test
    void corpusIsPresentAndLarge() {
        assertThat(Corpus.files()).as("eml corpus under " + Corpus.emlRoot()).hasSizeGreaterThan(250);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusFiles")
    void parsingNeverThrowsAndYieldsContentOrAWarning(Path file) throws Exception {
        byte[] raw = Files.readAllBytes(file);
        AtomicReference<ParsedEmail> ref = new AtomicReference<>();
        assertThatCode(() -> ref.set(EmailParser.parse(raw))).doesNotThrowAnyException();
        ParsedEmail m = ref.get();
        assertThat(m).isNotNull();
        boolean hasContent = m.from() != null && !m.subject().isBlank() && !m.fullText().isBlank();
        assertThat(hasContent || !m.warnings().isEmpty())
                .as("%s: from=%s subject=%s text=%d chars, warnings=%s", Corpus.relative(file), m.from(),
                        m.subject(), m.fullText().length(), m.warnings())
                .isTrue();
        // no parser-failure fallback anywhere in the corpus
        assertThat(m.warnings()).noneMatch(w -> w.startsWith("parser failure"));
        assertThat(m.loopGuard()).isNotNull();
        assertThat(m.subjectKey()).isNotNull();
        List<Attachment> atts = m.attachments();
        assertThat(atts).allSatisfy(a -> assertThat(a.size()).isGreaterThanOrEqualTo(0));
    }
}
