package io.switchboard.customer;

import io.switchboard.domain.ContactRecord;
import io.switchboard.ops.PiiMasking;

/**
 * The one line of a contact the history keeps: the subject or the first line of the text, masked and
 * cut short. The history must help an agent, not become a second copy of every message.
 */
public final class ContactSummary {

    static final int MAX_LENGTH = 60;

    private ContactSummary() {}

    public static String of(ContactRecord record) {
        String line = firstLine(record.subject());
        if (line.isEmpty()) {
            line = firstLine(record.text());
        }
        if (line.isEmpty() && !record.attachments().isEmpty()) {
            line = "[" + record.attachments().size() + " attachment" + (record.attachments().size() == 1 ? "" : "s") + "]";
        }
        if (line.isEmpty()) {
            return null;
        }
        String masked = PiiMasking.mask(line);
        return masked.codePointCount(0, masked.length()) <= MAX_LENGTH
                ? masked
                : masked.substring(0, masked.offsetByCodePoints(0, MAX_LENGTH - 1)) + "…";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        for (String line : text.split("\\R")) {
            String stripped = line.strip();
            if (!stripped.isEmpty()) {
                return stripped.replaceAll("\\s+", " ");
            }
        }
        return "";
    }
}
