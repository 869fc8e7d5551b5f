package io.switchboard.channel.phone;

import java.util.List;

/**
 * Outcome of reading one CDR file: good rows and per-row errors, in file order.
 *
 * @param layout the layout actually used (for an auto-detecting layout, the detected variant;
 *               the requested layout if no row could be matched)
 */
public record CdrReadResult(List<CdrRow> rows, List<RowError> errors, CdrLayout layout) {
    public CdrReadResult {
        rows = List.copyOf(rows);
        errors = List.copyOf(errors);
    }
}
