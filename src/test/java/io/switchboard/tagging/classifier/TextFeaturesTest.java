package io.switchboard.tagging.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextFeaturesTest {

    private static List<Long> features(FeatureConfig cfg, String text) {
        List<Long> out = new ArrayList<>();
        new FeatureExtractor(cfg).extract(text, (key, block) -> out.add(key * 2 + block));
        return out;
    }

    @Test
    void shouldFoldFullWidthAndLowerCase() {
        assertEquals("card 123 abc", TextNormalizer.normalize("ＣＡＲＤ　１２３ Abc"));
        assertEquals("カ", TextNormalizer.normalize("ｶ")); // half-width katakana folded
    }

    @Test
    void shouldKeepCjkCharacters() {
        assertEquals("我的卡丢了", TextNormalizer.normalize("我的卡丢了"));
    }

    @Test
    void shouldProduceSameFeaturesForFullWidthAndAsciiText() {
        FeatureConfig cfg = FeatureConfig.defaults();
        assertEquals(features(cfg, "Top up FAILED!"), features(cfg, "Ｔｏｐ　ｕｐ　ＦＡＩＬＥＤ！"));
    }

    @Test
    void shouldIgnoreApostrophesInsideWords() {
        FeatureConfig cfg = FeatureConfig.defaults();
        assertEquals(features(cfg, "card hasnt arrived"), features(cfg, "card hasn't arrived"));
        assertEquals(features(cfg, "card hasnt arrived"), features(cfg, "card hasn\u2019t arrived"));
    }

    @Test
    void shouldEmitCharacterNgramsForChineseWithoutSpaces() {
        FeatureConfig cfg = new FeatureConfig(2, 2, 3, 1, true, 1f);
        List<Long> zh = features(cfg, "我的卡丢了");
        // 5 ideographs -> 5 unigrams + 4 bigrams; padded run of 7 -> 6 bigrams + 5 trigrams
        assertEquals(5 + 4 + 6 + 5, zh.size());
        assertTrue(zh.stream().anyMatch(k -> features(cfg, "卡丢").contains(k)));
    }

    @Test
    void shouldDistinguishDifferentTexts() {
        FeatureConfig cfg = FeatureConfig.defaults();
        assertNotEquals(features(cfg, "lost card"), features(cfg, "card lost"));
        assertFalse(features(cfg, "").iterator().hasNext());
    }

    @Test
    void shouldProduceUnitLengthTfIdfVectors() {
        Vectorizer v = Vectorizer.fit(List.of("my card is lost", "card arrived late", "top up failed",
                "top up pending", "lost my phone"), new FeatureConfig(2, 2, 4, 1, true, 0.75f));
        SparseVector x = v.transform("my card is lost again");
        assertEquals(1.0, x.squaredNorm(), 1e-5);
        assertEquals(0, v.transform("zzzz").size());
    }
}
