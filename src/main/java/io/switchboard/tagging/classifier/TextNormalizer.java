package io.switchboard.tagging.classifier;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Text normalisation applied before feature extraction: Unicode NFKC (folds full-width /
 * half-width forms, ligatures, compatibility characters) followed by locale-independent
 * lower-casing. CJK characters are preserved.
 */
public final class TextNormalizer {

    private TextNormalizer() {
    }

    public static String normalize(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
        return s.toLowerCase(Locale.ROOT);
    }
}
