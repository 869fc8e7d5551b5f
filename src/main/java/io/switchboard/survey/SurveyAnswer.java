package io.switchboard.survey;

import java.util.List;
import java.util.Optional;

/**
 * A customer's answer to the satisfaction question, read from what they wrote back: a score from 1 to 5 (ASCII or
 * full-width digit, optionally "分" or "星" or "/5"), or one of the words customers use instead (非常满意 … 非常不满意),
 * then an optional comment. Anything else — "10", "12345", a question — is not an answer.
 *
 * @param comment what followed the score, trimmed; empty when there was nothing
 */
public record SurveyAnswer(int score, String comment) {

    /** Longest first, so 非常不满意 is not read as 满意. */
    private static final List<Word> WORDS = List.of(new Word("非常不满意", 1), new Word("很不满意", 1),
            new Word("非常满意", 5), new Word("很满意", 5), new Word("不满意", 2), new Word("满意", 4),
            new Word("一般", 3));

    private static final String SEPARATORS = " \t\r\n\u3000,，.。:：;；!！-—~～、";

    /**
     * After a digit these make it a quantity ("5 天了", "3 号包裹", "5分钟前", "2 个订单"), not a score. Checked after
     * the separators, so "5 天" is caught as well as "5天".
     */
    private static final String QUANTITY_UNITS = "天号个件次点月年小周元块张台位单钟秒楼层倍份条本箱公斤米日时";

    private record Word(String text, int score) {}

    public SurveyAnswer {
        if (score < 1 || score > 5) {
            throw new IllegalArgumentException("a score is 1 to 5, not " + score);
        }
        comment = comment == null ? "" : comment;
    }

    public static Optional<SurveyAnswer> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String answer = text.strip();
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        int digit = digit(answer.charAt(0));
        if (digit > 0) {
            if (answer.length() > 1 && digit(answer.charAt(1)) >= 0) {
                return Optional.empty(); // 10, 12345, an order number
            }
            String rest = answer.substring(1);
            for (String unit : List.of("/5", "分", "星")) {
                if (rest.startsWith(unit)) {
                    rest = rest.substring(unit.length());
                    break;
                }
            }
            if (!rest.isEmpty() && SEPARATORS.indexOf(rest.charAt(0)) < 0 && !Character.isIdeographic(rest.codePointAt(0))) {
                return Optional.empty(); // 5th, 3pm, 2x
            }
            String comment = comment(rest);
            if (!comment.isEmpty() && (QUANTITY_UNITS.indexOf(comment.charAt(0)) >= 0
                    || digit(comment.charAt(0)) >= 0)) {
                return Optional.empty(); // 5 天了, 5分钟前 (分 read as the unit, then 钟), 4-5 days
            }
            return Optional.of(new SurveyAnswer(digit, comment));
        }
        for (Word word : WORDS) {
            if (answer.startsWith(word.text())) {
                return Optional.of(new SurveyAnswer(word.score(), comment(answer.substring(word.text().length()))));
            }
        }
        return Optional.empty();
    }

    /** 1–5 for a score digit, 0 for another digit, -1 for anything else. */
    private static int digit(char c) {
        int value = c >= '０' && c <= '９' ? c - '０' : c >= '0' && c <= '9' ? c - '0' : -1;
        return value < 0 ? -1 : value >= 1 && value <= 5 ? value : 0;
    }

    private static String comment(String rest) {
        int start = 0;
        while (start < rest.length() && SEPARATORS.indexOf(rest.charAt(start)) >= 0) {
            start++;
        }
        return rest.substring(start).strip();
    }
}
