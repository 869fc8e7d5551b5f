package io.switchboard.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * For tests that post the published WeChat / WeCom vectors (PROTOCOLS.md §1.7, §2) over HTTP: they were
 * signed in 2014 and their timestamps cannot change without breaking the signatures, so the timestamp
 * window is opened wide enough to take them. Everything else about replays is tested with the default.
 */
public class PublishedWeChatVectors implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("switchboard.wechat.max-clock-skew", "P36500D");
    }
}
