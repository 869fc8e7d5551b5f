package io.switchboard.survey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SurveyAnswerTest {

    @ParameterizedTest(name = "[{0}] scores {1}, comment [{2}]")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
            "5|5|",
            " 4 |4|",
            "５|5|",
            "3分|3|",
            "5分，服务很好|5|服务很好",
            "1 回复太慢了|1|回复太慢了",
            "2/5 too slow|2|too slow",
            "4星|4|",
            "5很满意|5|很满意",
            "非常满意|5|",
            "满意，谢谢|4|谢谢",
            "一般|3|",
            "不满意：等了三天|2|等了三天",
            "非常不满意|1|",
            "5 stars!|5|stars!"})
    void shouldReadAScoreAndTheCommentAfterIt(String text, int score, String comment) {
        assertThat(SurveyAnswer.parse(text)).contains(new SurveyAnswer(score, comment == null ? "" : comment));
    }

    @ParameterizedTest(name = "[{0}] is no answer")
    @ValueSource(strings = {"", "   ", "0", "6", "10", "12345", "３０", "3pm", "5th floor", "2x", "我的卡被锁了",
            "为什么不满意", "hello 5", "满", "5 天了，退款还没到账", "3 号包裹没到", "5分钟前下的单怎么取消", "2个订单都没发货",
            "4-5 days and still nothing", "1 2 3"})
    void shouldNotTakeOtherMessagesForAnswers(String text) {
        assertThat(SurveyAnswer.parse(text)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void shouldNotTakeAMissingTextForAnAnswer() {
        assertThat(SurveyAnswer.parse(null)).isEqualTo(Optional.empty());
    }
}
