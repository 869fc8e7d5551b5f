package io.switchboard.testing;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import io.switchboard.security.ApiKeys;
import io.switchboard.security.Role;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Requests to the operator port (the management interface on its random test port) with a named key
 * per role, configured by {@link GatewayInfrastructure} the way an operator would: by hash.
 */
public final class OperatorApi {

    private static final Map<Role, String> KEYS = new EnumMap<>(Map.of(
            Role.METRICS, "metrics-key-for-tests",
            Role.AGENT, "agent-key-for-tests",
            Role.SUPERVISOR, "supervisor-key-for-tests",
            Role.ADMIN, "admin-named-key-for-tests"));

    private OperatorApi() {}

    /** The configuration of one key per role, named {@code test-<role>}. */
    static Map<String, String> keyConfig() {
        Map<String, String> config = new HashMap<>();
        KEYS.forEach((role, key) -> {
            config.put("switchboard.security.keys." + keyName(role) + ".role", role.wireName());
            config.put("switchboard.security.keys." + keyName(role) + ".hash", ApiKeys.hashOf(key));
        });
        return config;
    }

    public static String keyName(Role role) {
        return "test-" + role.wireName();
    }

    public static String key(Role role) {
        return KEYS.get(role);
    }

    /**
     * The port the operator API listens on in this test run: the random test port Quarkus bound in a
     * {@code @QuarkusTest}, or the port the packaged jar was given in a {@code @QuarkusIntegrationTest}.
     */
    public static int port() {
        int bound = ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class).orElse(0);
        return bound > 0 ? bound : GatewayInfrastructure.operatorPort();
    }

    public static RequestSpecification as(Role role) {
        return anonymous().header("Authorization", "Bearer " + KEYS.get(role));
    }

    /** With the older single admin key ({@code switchboard.admin.api-key}). */
    public static RequestSpecification asLegacyAdmin() {
        return anonymous().header("Authorization", "Bearer " + GatewayInfrastructure.ADMIN_API_KEY);
    }

    public static RequestSpecification anonymous() {
        return given().port(port());
    }
}
