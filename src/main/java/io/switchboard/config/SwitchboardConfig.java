package io.switchboard.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every {@code switchboard.*} setting; names are the contract of DESIGN.md §3. */
@ConfigMapping(prefix = "switchboard")
public interface SwitchboardConfig {

    /** Where the embedded broker and database keep their files. */
    @WithDefault("./data")
    Path dataDir();

    Kafka kafka();

    Db db();

    Ingress ingress();

    Chat chat();

    Wechat wechat();

    Routing routing();

    /** Keyed by priority name: {@code high}, {@code medium}, {@code low}. */
    Map<String, SlaTarget> sla();

    interface Kafka {
        @WithDefault("switchboard.")
        String topicPrefix();

        /** Partitions of topics the gateway creates itself (it never changes existing topics). */
        @WithDefault("6")
        int partitions();

        @WithDefault("true")
        boolean createTopics();

        Embedded embedded();

        interface Embedded {
            @WithDefault("9092")
            int port();

            /** The KRaft controller listener; defaults to the client port + 1. */
            Optional<Integer> controllerPort();

            /** The broker's own classpath, fetched by the build (embedded-kafka/pom.xml). */
            @WithDefault("target/kafka-broker/lib")
            Path libDir();

            @WithDefault("512m")
            String heap();

            @WithDefault("PT60S")
            Duration startTimeout();
        }
    }

    interface Db {
        /** PostgreSQL JDBC URL; unset means the embedded PostgreSQL server under the data dir. */
        Optional<String> url();

        Optional<String> user();

        Optional<String> password();

        @WithDefault("8")
        int maxPoolSize();

        Embedded embedded();

        interface Embedded {
            @WithDefault("5433")
            int port();
        }
    }

    interface Ingress {
        @WithDefault("1048576")
        int maxBodyBytes();

        /** How long a webhook waits for the broker's acknowledgement before answering 503. */
        @WithDefault("PT4S")
        Duration ackTimeout();

        @WithDefault("5")
        int retryAfterSeconds();

        /** Producer {@code linger.ms}: lets concurrent webhooks share one acknowledged batch. */
        @WithDefault("1")
        int lingerMs();
    }

    interface Chat {
        /** HMAC secrets; several allowed while a secret is being rotated. */
        Optional<List<String>> secret();

        @WithDefault("PT5M")
        Duration signatureTolerance();
    }

    interface Wechat {
        /** Official Accounts and WeCom apps by the name used in {@code /webhooks/wechat/{account}}. */
        Map<String, WechatAccount> accounts();

        /** Largest accepted callback body; WeChat's own pushes are a few KiB. */
        @WithDefault("131072")
        int maxBodyBytes();

        /**
         * Refuse callbacks whose {@code timestamp} is further than this from our clock. WeChat defines no
         * window (retries re-send the original timestamp), so this is off unless set.
         */
        Optional<Duration> maxClockSkew();
    }

    interface WechatAccount {
        /** {@code official-account} or {@code wecom}. */
        String kind();

        String token();

        /** The 43-character EncodingAESKey; required for WeCom and for Official Accounts in safe/compatible mode. */
        Optional<String> encodingAesKey();

        /** Official Account appid, or the WeCom corpid (the ReceiveId at the end of every plaintext). */
        Optional<String> appId();
    }

    interface Routing {
        @WithDefault("general")
        String defaultQueue();

        /** Records with any of these tags are recorded on contacts but sent to no agent queue. */
        @WithDefault("email.bounce,email.auto-reply,email.read-receipt,email.feedback-report")
        List<String> unroutedTags();
    }

    interface SlaTarget {
        Duration respondWithin();

        Duration resolveWithin();
    }
}
