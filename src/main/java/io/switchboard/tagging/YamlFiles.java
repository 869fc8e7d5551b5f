package io.switchboard.tagging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Reads the operator-edited YAML files strictly: an unknown or misspelt key is an error that names
 * the key and its line, rather than a setting silently ignored. Keys are kebab-case like the
 * Quarkus properties.
 */
public final class YamlFiles {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private YamlFiles() {}

    public static <T> T read(String yaml, Class<T> type) {
        try {
            T value = YAML.readValue(yaml, type);
            if (value == null) {
                throw new IllegalArgumentException("the file is empty");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(describe(e), e);
        }
    }

    public static JsonNode tree(String yaml) {
        try {
            JsonNode node = YAML.readTree(yaml);
            if (node == null || node.isMissingNode() || node.isNull()) {
                throw new IllegalArgumentException("the file is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(describe(e), e);
        }
    }

    public static <T> T convert(JsonNode node, Class<T> type, String section) {
        try {
            return YAML.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(section + ": " + describe(e), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(section + ": " + e.getMessage(), e);
        }
    }

    private static String describe(JsonProcessingException e) {
        String where = e.getLocation() == null || e.getLocation().getLineNr() < 0 ? ""
                : " (line " + e.getLocation().getLineNr() + ")";
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown key '" + u.getPropertyName() + "'" + where + "; known keys: " + u.getKnownPropertyIds();
        }
        Throwable cause = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
        return cause == e ? e.getOriginalMessage() + where : cause.getMessage() + where;
    }
}
