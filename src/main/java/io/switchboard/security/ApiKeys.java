package io.switchboard.security;

import io.switchboard.config.SwitchboardConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator API's credentials: named keys, each with one role, configured by the SHA-256 of the
 * key ({@code switchboard.security.keys.<name>.role} / {@code .hash=sha256:<hex>}), so the
 * configuration never holds a usable secret. Several keys may share a role, which is how keys rotate:
 * add the new one, move the clients, remove the old one. The older single
 * {@code switchboard.admin.api-key} still works, as an admin key named {@code admin-api-key}.
 * Keys are random strings of high entropy (bin/new-api-key), so a plain SHA-256 is enough to keep
 * them from being read back out of the configuration.
 */
@Singleton
public class ApiKeys {

    public static final String LEGACY_ADMIN_KEY_NAME = "admin-api-key";
    private static final String HASH_PREFIX = "sha256:";

    private final Map<String, Caller> byHash;

    @Inject
    public ApiKeys(SwitchboardConfig config) {
        this(config.security().keys(), config.admin().apiKey().filter(k -> !k.isBlank()));
    }

    public ApiKeys(Map<String, SwitchboardConfig.ApiKey> keys, Optional<String> legacyAdminKey) {
        Map<String, Caller> table = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        keys.forEach((name, key) -> {
            Optional<Role> role = Role.parse(key.role());
            String hash = key.hash().strip().toLowerCase(java.util.Locale.ROOT);
            if (role.isEmpty()) {
                problems.add("switchboard.security.keys." + name + ".role is '" + key.role()
                        + "'; use metrics, agent, supervisor or admin");
            } else if (!hash.startsWith(HASH_PREFIX) || !isHex64(hash.substring(HASH_PREFIX.length()))) {
                problems.add("switchboard.security.keys." + name + ".hash must be sha256:<64 hex digits> (bin/new-api-key prints it)");
            } else if (table.putIfAbsent(hash.substring(HASH_PREFIX.length()), new Caller(name, role.get())) != null) {
                problems.add("switchboard.security.keys." + name + " has the same hash as another key");
            }
        });
        legacyAdminKey.ifPresent(k -> table.putIfAbsent(sha256Hex(k), new Caller(LEGACY_ADMIN_KEY_NAME, Role.ADMIN)));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid API keys: " + String.join("; ", problems));
        }
        this.byHash = Map.copyOf(table);
    }

    /** The caller a presented key belongs to. */
    public Optional<Caller> identify(String presentedKey) {
        return Optional.ofNullable(byHash.get(sha256Hex(presentedKey)));
    }

    public boolean anyConfigured() {
        return !byHash.isEmpty();
    }

    /** {@code sha256:<hex>} of a key, the form its configuration takes. */
    public static String hashOf(String key) {
        return HASH_PREFIX + sha256Hex(key);
    }

    private static String sha256Hex(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isHex64(String s) {
        return s.length() == 64 && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
}
