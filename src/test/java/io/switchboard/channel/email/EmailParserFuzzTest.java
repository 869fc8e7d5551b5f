package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing (Jazzer) of the MIME parser, which promises never to throw: broken
 * structure, charsets and encodings end as a best-effort {@link ParsedEmail} with warnings.
 */
class EmailParserFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void mime(byte[] raw) {
        ParsedEmail parsed = EmailParser.parse(raw);
        assertThat(parsed).isNotNull();
        assertThat(parsed.text()).isNotNull();
    }
}
