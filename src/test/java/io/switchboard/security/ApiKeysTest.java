package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.config.SwitchboardConfig;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    private static SwitchboardConfig.ApiKey key(String role, String hash) {
        return new SwitchboardConfig.ApiKey() {
            @Override
            public String role() {
                return role;
            }

            @Override
            public String hash() {
                return hash;
            }
        };
    }

    @Test
    void shouldIdentifyAKeyByItsHashAndNameTheCaller() {
        ApiKeys keys = new ApiKeys(Map.of("desk-7", key("agent", ApiKeys.hashOf("s3cret")),
                "desk-8", key("agent", ApiKeys.hashOf("other"))), Optional.empty());

        assertThat(keys.identify("s3cret")).contains(new Caller("desk-7", Role.AGENT));
        assertThat(keys.identify("other")).contains(new Caller("desk-8", Role.AGENT));
        assertThat(keys.identify("s3cret ")).isEmpty();
        assertThat(keys.identify("")).isEmpty();
    }

    @Test
    void shouldKeepTheOlderAdminKeyWorkingAsAnAdminKey() {
        ApiKeys keys = new ApiKeys(Map.of(), Optional.of("legacy"));
        assertThat(keys.identify("legacy")).contains(new Caller(ApiKeys.LEGACY_ADMIN_KEY_NAME, Role.ADMIN));
        assertThat(keys.anyConfigured()).isTrue();
        assertThat(new ApiKeys(Map.of(), Optional.empty()).anyConfigured()).isFalse();
    }

    @Test
    void shouldRefuseToStartWithAnUnknownRoleAPlainKeyOrTwoKeysWithOneHash() {
        assertThatThrownBy(() -> new ApiKeys(Map.of("x", key("root", ApiKeys.hashOf("k"))), Optional.empty()))
                .hasMessageContaining("switchboard.security.keys.x.role is 'root'");
        assertThatThrownBy(() -> new ApiKeys(Map.of("x", key("agent", "k")), Optional.empty()))
                .hasMessageContaining("switchboard.security.keys.x.hash must be sha256:");
        assertThatThrownBy(() -> new ApiKeys(Map.of("a", key("agent", ApiKeys.hashOf("k")),
                "b", key("admin", ApiKeys.hashOf("k"))), Optional.empty())).hasMessageContaining("same hash");
    }

    @Test
    void shouldLetEachRoleDoWhatTheRolesBelowItDo() {
        assertThat(Role.ADMIN.allows(Role.SUPERVISOR)).isTrue();
        assertThat(Role.ADMIN.allows(Role.METRICS)).isTrue();
        assertThat(Role.SUPERVISOR.allows(Role.AGENT)).isTrue();
        assertThat(Role.SUPERVISOR.allows(Role.METRICS)).isTrue();
        assertThat(Role.SUPERVISOR.allows(Role.ADMIN)).isFalse();
        assertThat(Role.AGENT.allows(Role.SUPERVISOR)).isFalse();
        assertThat(Role.AGENT.allows(Role.METRICS)).isFalse();
        assertThat(Role.METRICS.allows(Role.AGENT)).isFalse();
        assertThat(Role.parse(" Supervisor ")).contains(Role.SUPERVISOR);
    }

    @Test
    void shouldReadBearerAndBasicCredentialsAndNothingElse() {
        assertThat(OperatorAccess.presentedKey("Bearer abc")).contains("abc");
        assertThat(OperatorAccess.presentedKey("bearer   abc ")).contains("abc");
        assertThat(OperatorAccess.presentedKey("Basic " + java.util.Base64.getEncoder().encodeToString("desk:k:ey".getBytes())))
                .contains("k:ey");
        assertThat(OperatorAccess.presentedKey("Basic !!!")).isEmpty();
        assertThat(OperatorAccess.presentedKey("Bearer ")).isEmpty();
        assertThat(OperatorAccess.presentedKey("Token abc")).isEmpty();
        assertThat(OperatorAccess.presentedKey(null)).isEmpty();
    }

    @Test
    void shouldRefillTheLookUpBucketAtItsRate() {
        long[] now = {0};
        LookupRateLimiter limiter = new LookupRateLimiter(2, 3, () -> now[0]);
        assertThat(limiter.take("k")).isZero();
        assertThat(limiter.take("k")).isZero();
        assertThat(limiter.take("k")).isZero();
        assertThat(limiter.take("k")).isEqualTo(0.5);
        assertThat(limiter.take("other")).isZero();
        now[0] += 500_000_000L;
        assertThat(limiter.take("k")).isZero();
        assertThat(limiter.take("k")).isPositive();
    }
}
