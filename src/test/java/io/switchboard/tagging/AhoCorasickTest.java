package io.switchboard.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AhoCorasickTest {

    @Test
    void shouldFindOverlappingAndNestedPatterns() {
        AhoCorasick ac = AhoCorasick.build(List.of("he", "she", "his", "hers"));
        assertThat(matches(ac, "ushers")).containsExactly("she@1-4", "he@2-4", "hers@2-6");
        assertThat(matches(ac, "ahishers")).containsExactly("his@1-4", "she@3-6", "he@4-6", "hers@4-8");
    }

    @Test
    void shouldMatchChineseWithoutSegmentation() {
        AhoCorasick ac = AhoCorasick.build(List.of("电池", "鼓包", "电池鼓包", "退款"));
        assertThat(matches(ac, "我的电池鼓包了，要退款")).containsExactly("电池@2-4", "电池鼓包@2-6", "鼓包@4-6", "退款@9-11");
    }

    @Test
    void shouldReportEveryIndexOfARepeatedPattern() {
        AhoCorasick ac = AhoCorasick.build(List.of("aa", "aa", "a"));
        List<String> found = new ArrayList<>();
        ac.scan("aaa", (p, s, e) -> found.add(p + "@" + s));
        assertThat(found).containsExactlyInAnyOrder("2@0", "2@1", "2@2", "0@0", "1@0", "0@1", "1@1");
    }

    @Test
    void shouldRejectEmptyPatterns() {
        assertThatThrownBy(() -> AhoCorasick.build(List.of("ok", ""))).hasMessageContaining("pattern 1 is empty");
    }

    @Test
    void shouldAgreeWithNaiveSearchOnRandomDictionaries() {
        SplittableRandom rnd = new SplittableRandom(7);
        String alphabet = "ab退款电池x";
        for (int round = 0; round < 200; round++) {
            List<String> patterns = new ArrayList<>();
            int n = 1 + rnd.nextInt(30);
            for (int i = 0; i < n; i++) {
                patterns.add(random(rnd, alphabet, 1 + rnd.nextInt(4)));
            }
            String text = random(rnd, alphabet, rnd.nextInt(60));
            TreeSet<String> expected = new TreeSet<>();
            for (int p = 0; p < patterns.size(); p++) {
                String pat = patterns.get(p);
                for (int i = text.indexOf(pat); i >= 0; i = text.indexOf(pat, i + 1)) {
                    expected.add(p + "@" + i + "-" + (i + pat.length()));
                }
            }
            TreeSet<String> actual = new TreeSet<>();
            AhoCorasick.build(patterns).scan(text, (p, s, e) -> actual.add(p + "@" + s + "-" + e));
            assertThat(actual).as("patterns %s in %s", patterns, text).isEqualTo(expected);
        }
    }

    private static String random(SplittableRandom rnd, String alphabet, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static List<String> matches(AhoCorasick ac, String text) {
        List<String> out = new ArrayList<>();
        ac.scan(text, (p, s, e) -> out.add(text.substring(s, e) + "@" + s + "-" + e));
        return out;
    }
}
