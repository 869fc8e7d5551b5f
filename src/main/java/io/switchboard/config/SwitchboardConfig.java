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

    Routing routing();

    Customers customers();

    Admin admin();

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

    interface Routing {
        @WithDefault("general")
        String defaultQueue();

        /** Records with any of these tags are recorded on contacts but sent to no agent queue. */
        @WithDefault("email.bounce,email.auto-reply,email.read-receipt,email.feedback-report")
        List<String> unroutedTags();
    }

    interface Customers {
        /** A contact within this time of the open conversation's last contact joins it. */
        @WithDefault("PT72H")
        Duration conversationWindow();

        /** How many earlier contacts the context snapshot lists. */
        @WithDefault("5")
        int recentContacts();

        /** Earlier contacts after which a customer counts as {@code regular} rather than {@code returning}. */
        @WithDefault("5")
        int regularAfter();

        /** Identities ({@code type:value}, e.g. {@code phone:+8613800138000}) whose customers are VIPs. */
        Optional<List<String>> vipIdentities();

        /** Identity types that name a person; others on a record (widgets, extensions) never key a customer. */
        @WithDefault("phone,email,wechat-openid,wechat-unionid,chat-visitor,crm")
        List<String> identityTypes();

        /** Contact history older than this many days is deleted (counts are kept). */
        @WithDefault("730")
        int retentionDays();

        @WithDefault("PT6H")
        Duration retentionInterval();
    }

    interface Admin {
        /** Bearer key for operator endpoints; unset disables them. */
        Optional<String> apiKey();
    }

    interface SlaTarget {
        Duration respondWithin();

        Duration resolveWithin();
    }
}
