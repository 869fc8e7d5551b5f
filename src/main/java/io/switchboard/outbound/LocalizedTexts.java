package io.switchboard.outbound;

import java.util.Map;

/**
 * The texts of a message the gateway writes itself, by language (ISO 639-1), as configured under
 * {@code <setting>.text.<language>}, with the language used when the customer's is unknown or has no text.
 */
public final class LocalizedTexts {

    private final Map<String, String> texts;
    private final String defaultLanguage;

    /** @throws IllegalStateException when the default language has no text: a message could not be written */
    public LocalizedTexts(String setting, Map<String, String> texts, String defaultLanguage) {
        if (!texts.containsKey(defaultLanguage)) {
            throw new IllegalStateException(setting + ".text." + defaultLanguage + " is not set, and " + setting
                    + ".default-language names it");
        }
        this.texts = Map.copyOf(texts);
        this.defaultLanguage = defaultLanguage;
    }

    /** @param language the customer's, or null */
    public String of(String language) {
        return texts.getOrDefault(language == null ? defaultLanguage : language, texts.get(defaultLanguage));
    }
}
