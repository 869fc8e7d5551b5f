package io.switchboard.testing;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.switchboard.config.SwitchboardConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * The gateway's real {@link SwitchboardConfig} mapping, read from the given properties without starting Quarkus,
 * for plain JUnit tests of beans that read it: property names and defaults are the ones the gateway uses.
 */
public final class ConfigFor {

    private ConfigFor() {}

    public static SwitchboardConfig properties(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(Map.of(
                // required paths the packaged application.properties sets
                "switchboard.phone.cdr.inbox", "target/unused/cdr/inbox",
                "switchboard.phone.cdr.done", "target/unused/cdr/done",
                "switchboard.phone.cdr.error", "target/unused/cdr/error"));
        all.putAll(properties);
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(SwitchboardConfig.class)
                .withSources(new PropertiesConfigSource(all, "test properties", 500))
                .build();
        return config.getConfigMapping(SwitchboardConfig.class);
    }
}
