package io.switchboard.tagging.classifier;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Text normalisation applied before feature extraction, keyword matching and sentiment: Unicode NFKC
 * (folds full-width / half-width forms, ligatures, compatibility characters), locale-independent
 * lower-casing, and Traditional Chinese folded to Simplified ({@link TraditionalToSimplified}), so that
 * 退貨 and 退货 are one word to every later step. The customer's text itself is never changed: this
 * is a working copy.
 */
public final class TextNormalizer {

    private TextNormalizer() {
    }

    public static String normalize(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
        return TraditionalToSimplified.shipped().fold(s.toLowerCase(Locale.ROOT));
    }
}
