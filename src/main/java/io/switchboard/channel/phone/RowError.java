package io.switchboard.channel.phone;

/**
 * A CDR row that could not be turned into a {@link CdrRow}.
 *
 * @param file   source name (file name or caller-given stream name)
 * @param line   1-based physical line on which the record starts
 * @param reason human-readable reason
 */
public record RowError(String file, long line, String reason) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + reason;
    }
}
