package io.switchboard.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped config/sentiment.yaml. */
class SentimentAnalyzerTest {

    static SentimentAnalyzer analyzer;

    @BeforeAll
    static void load() throws IOException {
        analyzer = SentimentAnalyzer.parse(Files.readString(Path.of("config/sentiment.yaml")));
    }

    @Test
    void shouldReadAnAngryChineseComplaintAsAngry() {
        SentimentAnalyzer.Result r = analyze("你们太过分了！！！第三次联系客服了还是没人管，再不处理我就打12315投诉，找媒体曝光！");
        assertThat(r.sentiment().label()).isEqualTo("angry");
        assertThat(r.sentiment().score()).isLessThan(-0.6);
        assertThat(r.cues()).contains("12315", "投诉", "媒体", "曝光", "第三次");
    }

    @Test
    void shouldReadTheSameComplaintInTraditionalScriptTheSameWay() {
        SentimentAnalyzer.Result r = analyze("你們太過分了！！！第三次聯繫客服了還是沒人管，再不處理我就打12315投訴，找媒體曝光！");
        assertThat(r.sentiment().label()).isEqualTo("angry");
        assertThat(r.cues()).contains("12315", "投诉", "媒体", "曝光", "第三次");
        assertThat(analyze("對結果很不滿意").sentiment().label()).isEqualTo("negative");
    }

    @Test
    void shouldReadAnAngryEnglishMessageAsAngry() {
        SentimentAnalyzer.Result r = analyze("This is UNACCEPTABLE!! Third time I write. I am filing a chargeback and calling my lawyer.");
        assertThat(r.sentiment().label()).isEqualTo("angry");
        assertThat(r.cues()).contains("chargeback", "lawyer", "third time", "CAPS x1");
    }

    @Test
    void shouldApplyNegationAndIntensifiers() {
        assertThat(analyze("I am not happy with this").sentiment().label()).isEqualTo("negative");
        assertThat(analyze("对结果很不满意").sentiment().label()).isEqualTo("negative");
        assertThat(analyze("没问题，谢谢").sentiment().label()).isEqualTo("positive");
        double plain = analyze("I am disappointed").polarity();
        double intensified = analyze("I am extremely disappointed").polarity();
        assertThat(intensified).isLessThan(plain);
        // a negator in another clause does not reach the term
        assertThat(analyze("No, I am happy").sentiment().label()).isEqualTo("positive");
    }

    @Test
    void shouldReadPraiseAsPositiveAndPlainQuestionsAsNeutral() {
        assertThat(analyze("服务很好，非常满意，给你们点赞").sentiment().label()).isEqualTo("positive");
        assertThat(analyze("Great service, thank you so much").sentiment().score()).isPositive();
        assertThat(analyze("请问你们的营业时间是几点").sentiment().label()).isEqualTo("neutral");
        assertThat(analyze("What are the dimensions of the large model?").sentiment().score()).isZero();
    }

    @Test
    void shouldNotCallExcitedThanksAngry() {
        assertThat(analyze("Thank you so much!!! You are amazing!!").sentiment().label()).isEqualTo("positive");
    }

    @Test
    void shouldRejectALexiconWithoutWeights() {
        assertThatThrownBy(() -> SentimentAnalyzer.parse("""
                scoring: {window: 6, negation-factor: 0.7, exclamation-run: 2, exclamation-weight: 0.5,
                  escalation-weight: 1.5, repeated-weight: 0.5, caps-weight: 0.3, angry-at: 2, negative-at: -0.5,
                  positive-at: 0.5}
                lexicon: {positive: {zh: {满意: 0}}}
                """)).hasMessageContaining("满意");
    }

    private static SentimentAnalyzer.Result analyze(String text) {
        return analyzer.analyze(text, KeywordIndex.normalize(text));
    }
}
