package io.switchboard.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped config/taxonomy.yaml, matched the way the tagger does. */
class TaxonomyTest {

    static Taxonomy taxonomy;

    @BeforeAll
    static void load() throws IOException {
        taxonomy = Taxonomy.parse(Files.readString(Path.of("config/taxonomy.yaml")));
    }

    @Test
    void shouldShipThreeFamiliesRefinedIntoThirtyToFiftyTypes() {
        assertThat(taxonomy.typeIds()).hasSizeBetween(30, 50)
                .contains("product.fault.battery", "service.after-sales-delay", "process.refund");
        assertThat(taxonomy.typeIds().stream().map(t -> t.substring(0, t.indexOf('.'))).distinct())
                .containsExactlyInAnyOrder("product", "service", "process");
    }

    @Test
    void shouldMatchChineseKeywordsWithoutSegmentation() {
        assertThat(types("手机电池鼓包了，我要退款")).containsExactlyInAnyOrder("product.fault.battery", "process.refund");
        assertThat(types("送修一个月了还没修好，售后一直拖着")).contains("service.after-sales-delay");
    }

    @Test
    void shouldMatchEnglishWholeWordsCaseAndWidthFolded() {
        assertThat(types("The BATTERY drains fast and I want a Refund")).containsExactlyInAnyOrder(
                "product.fault.battery", "process.refund");
        assertThat(types("ＲＥＦＵＮＤ please")).containsExactly("process.refund"); // full-width
        assertThat(types("refunded twice?")).contains("process.refund"); // refund* takes endings
        assertThat(types("the application is so happy")).doesNotContain("product.software.app-crash");
        assertThat(types("he was a bit snappy")).isEmpty();
    }

    @Test
    void shouldReportWhichPhrasesFiredAndHowStrongly() {
        Taxonomy.RuleScore s = taxonomy.match(KeywordIndex.normalize("电池鼓包，电池续航也差，电池")).scores().stream()
                .filter(r -> r.type().equals("product.fault.battery")).findFirst().orElseThrow();
        assertThat(s.evidence()).containsExactly("电池", "鼓包", "续航");
        assertThat(s.score()).isEqualTo(3.0); // a phrase repeated counts once
    }

    @Test
    void shouldRejectInvalidFilesNamingTheProblem() {
        String valid = """
                rules: {strong-score: 1, hint-weight: 0.4, model-min-confidence: 0.3}
                families: [{id: product, zh: 产品, en: Product}]
                types:
                  - {id: product.fault.battery, zh: 电池, en: Battery, keywords: {zh: [电池], en: [battery]}}
                """;
        assertThat(Taxonomy.parse(valid).typeIds()).containsExactly("product.fault.battery");
        assertThatThrownBy(() -> Taxonomy.parse(valid.replace("keywords:", "keywrods:")))
                .hasMessageContaining("unknown key 'keywrods'");
        assertThatThrownBy(() -> Taxonomy.parse(valid.replace("product.fault.battery", "service.fault")))
                .hasMessageContaining("not in a declared family");
        assertThatThrownBy(() -> Taxonomy.parse(valid.replace("keywords:", "patterns: ['(unclosed'], keywords:")))
                .hasMessageContaining("invalid regex");
        assertThatThrownBy(() -> Taxonomy.parse(valid.replace("[电池]", "['']"))).hasMessageContaining("empty keyword");
        assertThatThrownBy(() -> Taxonomy.parse("types: [")).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> types(String text) {
        return taxonomy.match(KeywordIndex.normalize(text)).scores().stream()
                .filter(r -> r.score() >= taxonomy.strongScore()).map(Taxonomy.RuleScore::type).toList();
    }
}
