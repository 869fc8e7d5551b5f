package io.switchboard.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every leaf property of {@link SwitchboardConfig}, read from the interface itself: its name (map keys
 * as {@code *}), the default the code gives it ({@code @WithDefault}, else the packaged
 * {@code application.properties}), and whether it must be set.
 */
final class ConfigProperties {

    /** How a property behaves when nobody sets it. */
    enum Kind {
        /** Has a default in code or in the packaged properties. */
        DEFAULTED,
        /** {@code Optional}: unset is a meaningful state. */
        OPTIONAL,
        /** A map of free-form keys, such as a custom CDR column mapping. */
        FREE_FORM,
        /** Must be set when its parent (e.g. a WeChat account) is configured. */
        REQUIRED
    }

    record Property(String pattern, Optional<String> defaultValue, Kind kind) {}

    private static final String PACKAGED_PROPERTIES = "/application.properties";

    private ConfigProperties() {}

    /** Property pattern (map keys as {@code *}) → property, sorted by name. */
    static Map<String, Property> all() {
        Map<String, Property> out = new TreeMap<>();
        collect(SwitchboardConfig.class, "switchboard", packagedDefaults(), out);
        return out;
    }

    private static void collect(Class<?> mapping, String prefix, Properties packaged, Map<String, Property> out) {
        for (Method method : mapping.getMethods()) {
            if (method.getParameterCount() != 0 || method.isDefault() || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            WithName renamed = method.getAnnotation(WithName.class);
            String name = prefix + "." + (renamed != null ? renamed.value() : kebab(method.getName()));
            Optional<String> declared = Optional.ofNullable(method.getAnnotation(WithDefault.class)).map(WithDefault::value);
            leaf(method.getGenericReturnType(), name, declared, packaged, out);
        }
    }

    private static void leaf(Type type, String name, Optional<String> declared, Properties packaged,
            Map<String, Property> out) {
        boolean optional = false;
        if (type instanceof ParameterizedType generic) {
            Type[] arguments = generic.getActualTypeArguments();
            if (generic.getRawType() == Map.class) {
                if (!isMapping(arguments[1]) && !(arguments[1] instanceof ParameterizedType)) {
                    out.put(name + ".*", new Property(name + ".*", declared, declared.isPresent() ? Kind.DEFAULTED : Kind.FREE_FORM));
                    return;
                }
                leaf(arguments[1], name + ".*", declared, packaged, out);
                return;
            }
            if (generic.getRawType() == Optional.class) {
                if (isMapping(arguments[0])) {
                    leaf(arguments[0], name, declared, packaged, out);
                    return;
                }
                optional = true;
            }
        } else if (isMapping(type)) {
            collect((Class<?>) type, name, packaged, out);
            return;
        }
        Optional<String> defaultValue = declared.or(() -> Optional.ofNullable(packaged.getProperty(name)));
        Kind kind = defaultValue.isPresent() ? Kind.DEFAULTED : optional ? Kind.OPTIONAL : Kind.REQUIRED;
        out.put(name, new Property(name, defaultValue, kind));
    }

    private static boolean isMapping(Type type) {
        return type instanceof Class<?> c && c.isInterface() && c.getName().startsWith(SwitchboardConfig.class.getName());
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The defaults the jar ships in its own {@code application.properties}, below every deployment's. */
    static Properties packagedDefaults() {
        Properties properties = new Properties();
        try (InputStream in = ConfigProperties.class.getResourceAsStream(PACKAGED_PROPERTIES)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
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

    /** {@code switchboard.sla.<priority>.respond-within} → {@code switchboard.sla.*.respond-within}. */
    static String pattern(String documented) {
        return documented.replaceAll("<[^>]+>", "*");
    }
}
