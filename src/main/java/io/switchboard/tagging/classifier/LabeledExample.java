package io.switchboard.tagging.classifier;

import java.util.Objects;

/** One training or evaluation example: free text and its intent label (kept verbatim). */
public record LabeledExample(String text, String label) {
    public LabeledExample {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(label, "label");
    }
}
