package io.switchboard.tagging.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.ibm.icu.text.Transliterator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The shipped table against ICU4J's own Traditional-Simplified transliterator. */
class TraditionalToSimplifiedTest {

    private static final Transliterator ICU = Transliterator.getInstance(HantHansTable.ICU_ID);
    private static final TraditionalToSimplified FOLD = TraditionalToSimplified.shipped();

    @Test
    void shouldFoldEveryMessageOfTheTaggingDataExactlyAsIcuDoes() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String f : List.of("src/test/resources/tagging/zh-test.csv", "src/test/resources/tagging/zh-dev.csv",
                "config/intent-training.csv", "config/taxonomy.yaml", "config/sentiment.yaml")) {
            lines.addAll(Files.readAllLines(Path.of(f)));
        }
        assertThat(lines).hasSizeGreaterThan(1000);
        for (String line : lines) {
            assertThat(FOLD.fold(line)).as(line).isEqualTo(ICU.transliterate(line));
        }
    }

    @Test
    void shouldFoldEveryRuleInContextAndRandomMixturesExactlyAsIcuDoes() throws IOException {
        List<String[]> rules = rules();
        SplittableRandom random = new SplittableRandom(19);
        String filler = "電腦我们的abc，12 😀𠀀";
        for (String[] rule : rules) {
            String text = pick(filler, random) + rule[0] + pick(filler, random);
            assertThat(FOLD.fold(text)).as(text).isEqualTo(ICU.transliterate(text));
        }
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int j = 0, len = 1 + random.nextInt(12); j < len; j++) {
                String[] rule = rules.get(random.nextInt(rules.size()));
                text.append(random.nextInt(4) == 0 ? pick(filler, random) : rule[0].substring(0,
                        rule[0].offsetByCodePoints(0, 1 + random.nextInt(rule[0].codePointCount(0, rule[0].length())))));
            }
            assertThat(FOLD.fold(text.toString())).as(text.toString()).isEqualTo(ICU.transliterate(text.toString()));
        }
    }

    @Test
    void shouldFoldTraditionalCustomerWordsToTheSimplifiedOnesTheKeywordsUse() {
        assertThat(FOLD.fold("我要投訴，退貨還沒發貨，電池壞了")).isEqualTo("我要投诉，退货还没发货，电池坏了");
        assertThat(FOLD.fold("帳戶餘額")).isEqualTo("帐户余额");
    }

    @Test
    void shouldHandBackTheSameStringWhenThereIsNothingToFold() {
        String simplified = "电池鼓包了，我要退款 refund please 😀";
        assertThat(FOLD.fold(simplified)).isSameAs(simplified);
        assertThat(FOLD.fold("")).isEmpty();
    }

    @Test
    void shouldMatchTheTableIcuGeneratesToday() throws IOException {
        try (InputStream in = TraditionalToSimplified.class.getResourceAsStream("hant-hans.txt")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .as("hant-hans.txt is stale: regenerate it with HantHansTable").isEqualTo(HantHansTable.generate());
        }
    }

    private static String pick(String filler, SplittableRandom random) {
        int[] cps = filler.codePoints().toArray();
        return Character.toString(cps[random.nextInt(cps.length)]);
    }

    private static List<String[]> rules() throws IOException {
        List<String[]> out = new ArrayList<>();
        for (String line : HantHansTable.generate().split("\n")) {
            if (!line.startsWith("#")) {
                out.add(line.split("\t"));
            }
        }
        return out;
    }
}
