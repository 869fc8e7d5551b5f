package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's settings reference lists every property of {@link SwitchboardConfig}, read from the
 * interface itself, with the environment variable Quarkus maps it from and its default: a property
 * added to the interface without a row fails here.
 */
class SettingsTableTest {

    private static final Path README = Path.of("README.md");
    private static final String TABLE_HEADING = "### Settings reference";
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|\\s*`([^`]+)`\\s*\\|([^|]*)\\|");

    @Test
    void everySwitchboardPropertyHasARowWithItsEnvironmentVariableAndDefault() throws IOException {
        Map<String, Row> table = table();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Optional<String>> property : properties().entrySet()) {
            Row row = table.get(property.getKey());
            if (row == null) {
                problems.add(property.getKey() + " (no row)");
                continue;
            }
            if (!row.env().equals(environmentVariable(row.property()))) {
                problems.add(property.getKey() + " (environment variable should be " + environmentVariable(row.property()) + ")");
            }
            property.getValue().filter(d -> !row.defaultValue().contains("`" + d + "`"))
                    .ifPresent(d -> problems.add(property.getKey() + " (default should show `" + d + "`)"));
        }
        assertThat(problems).as("rows of README.md %s", TABLE_HEADING).isEmpty();
    }

    @Test
    void mapKeysArePlaceholdersAndEnvironmentNamesFollowQuarkusRules() {
        assertThat(environmentVariable("switchboard.wechat.accounts.<name>.encoding-aes-key"))
                .isEqualTo("SWITCHBOARD_WECHAT_ACCOUNTS_<NAME>_ENCODING_AES_KEY");
        assertThat(normalise("switchboard.sla.<priority>.respond-within")).isEqualTo("switchboard.sla.*.respond-within");
        assertThat(properties()).containsKeys("switchboard.data-dir", "switchboard.kafka.embedded.lib-dir",
                "switchboard.wechat.accounts.*.kind", "switchboard.sla.*.resolve-within",
                "switchboard.phone.cdr.layouts.*.*")
                .containsEntry("switchboard.ingress.ack-timeout", Optional.of("PT4S"));
    }

    /** Property name (map keys as {@code *}) → default, for every leaf of SwitchboardConfig. */
    static Map<String, Optional<String>> properties() {
        Map<String, Optional<String>> properties = new TreeMap<>();
        collect(SwitchboardConfig.class, "switchboard", properties);
        return properties;
    }

    private static void collect(Class<?> mapping, String prefix, Map<String, Optional<String>> out) {
        for (Method method : mapping.getMethods()) {
            if (method.getParameterCount() != 0 || method.isDefault() || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            WithName renamed = method.getAnnotation(WithName.class);
            String name = prefix + "." + (renamed != null ? renamed.value() : kebab(method.getName()));
            leaf(method.getGenericReturnType(), name,
                    Optional.ofNullable(method.getAnnotation(WithDefault.class)).map(WithDefault::value), out);
        }
    }

    private static void leaf(Type type, String name, Optional<String> defaultValue, Map<String, Optional<String>> out) {
        if (type instanceof ParameterizedType generic) {
            Type[] arguments = generic.getActualTypeArguments();
            if (generic.getRawType() == Map.class) {
                leaf(arguments[1], name + ".*", defaultValue, out);
                return;
            }
            if (generic.getRawType() == Optional.class && isMapping(arguments[0])) {
                leaf(arguments[0], name, defaultValue, out);
                return;
            }
        } else if (isMapping(type)) {
            collect((Class<?>) type, name, out);
            return;
        }
        out.put(name, defaultValue);
    }

    private static boolean isMapping(Type type) {
        return type instanceof Class<?> c && c.isInterface() && c.getName().startsWith(SwitchboardConfig.class.getName());
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** What Quarkus reads a property from in the environment; placeholders keep their name, upper case. */
    static String environmentVariable(String property) {
        StringBuilder env = new StringBuilder();
        Matcher parts = Pattern.compile("<[^>]+>|[^<]+").matcher(property);
        while (parts.find()) {
            String part = parts.group();
            env.append(part.startsWith("<") ? part.toUpperCase(Locale.ROOT)
                    : part.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT));
        }
        return env.toString();
    }

    static String normalise(String property) {
        return property.replaceAll("<[^>]+>", "*");
    }

    record Row(String property, String env, String defaultValue) {}

    private static Map<String, Row> table() throws IOException {
        List<String> lines = Files.readAllLines(README);
        int start = lines.indexOf(TABLE_HEADING);
        assertThat(start).as("README.md has a %s section", TABLE_HEADING).isNotNegative();
        Map<String, Row> rows = new LinkedHashMap<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
            Matcher row = ROW.matcher(lines.get(i));
            if (row.find()) {
                rows.put(normalise(row.group(1)), new Row(row.group(1), row.group(2), row.group(3)));
            }
        }
        return rows;
    }
}
