package io.switchboard.channel.phone;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes an {@code application/x-www-form-urlencoded} body (UTF-8) into its parameters, keeping
 * repeated names: Twilio signs every value of a repeated parameter, so none may be dropped.
 */
public final class FormBody {

    private FormBody() {
    }

    /** @throws IllegalArgumentException for a malformed percent-escape */
    public static Map<String, List<String>> parse(byte[] body) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return params;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq >= 0 ? pair.substring(0, eq) : pair, StandardCharsets.UTF_8);
            String value = eq >= 0 ? URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8) : "";
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    /** The first value of each parameter. */
    public static Map<String, String> firstValues(Map<String, List<String>> params) {
        Map<String, String> first = new LinkedHashMap<>();
        params.forEach((k, v) -> first.put(k, v.isEmpty() ? "" : v.get(0)));
        return first;
    }
}
