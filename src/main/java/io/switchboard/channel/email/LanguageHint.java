package io.switchboard.channel.email;

/** Very small script-based language hint; returns null when the text gives no clear signal. */
public final class LanguageHint {

    private LanguageHint() {
    }

    public static String guess(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        int han = 0, kana = 0, hangul = 0, cyrillic = 0, latin = 0, greek = 0, arabic = 0, hebrew = 0, thai = 0;
        int limit = Math.min(text.length(), 4000);
        for (int i = 0; i < limit; ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            Character.UnicodeScript sc;
            try {
                sc = Character.UnicodeScript.of(cp);
            } catch (IllegalArgumentException e) {
                continue;
            }
            switch (sc) {
                case HAN -> han++;
                case HIRAGANA, KATAKANA -> kana++;
                case HANGUL -> hangul++;
                case CYRILLIC -> cyrillic++;
                case LATIN -> latin++;
                case GREEK -> greek++;
                case ARABIC -> arabic++;
                case HEBREW -> hebrew++;
                case THAI -> thai++;
                default -> {
                }
            }
        }
        if (kana > 0 && kana + han >= 10) {
            return "ja";
        }
        if (hangul >= 10) {
            return "ko";
        }
        // one Han character carries roughly as much as a short latin word
        if (han >= 5 && han * 4 >= latin) {
            return "zh";
        }
        if (cyrillic >= 20 && cyrillic * 2 >= latin) {
            return "ru";
        }
        if (greek >= 20 && greek * 2 >= latin) {
            return "el";
        }
        if (arabic >= 20) {
            return "ar";
        }
        if (hebrew >= 20) {
            return "he";
        }
        if (thai >= 20) {
            return "th";
        }
        return null; // Latin script: language not determined (could be en/de/fr/...)
    }
}
