package io.switchboard.channel.phone;

/**
 * CSV/formula-injection guard for exports. Values that a spreadsheet would treat as a formula
 * (leading {@code = + - @}, tab or carriage return) are prefixed with a single quote when written
 * to a CSV export. This is an export concern only: parsers store such values verbatim, and a
 * caller number like {@code +8613800138000} is still normalised as a phone number.
 */
public final class FormulaGuard {

    private FormulaGuard() {
    }

    /** Whether a spreadsheet could interpret {@code value} as a formula. */
    public static boolean isFormulaLike(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        char c = value.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }

    /**
     * Returns {@code value} prefixed with {@code '} when it is formula-like, else unchanged
     * (null stays null). CSV quoting is the writer's job and is not done here.
     */
    public static String neutralizeForCsvExport(String value) {
        return isFormulaLike(value) ? "'" + value : value;
    }
}
