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

    Tagging tagging();

    /**
     * Keyed by priority name: {@code high}, {@code medium}, {@code low}. Each duration set here overrides
     * the {@code sla:} table of the routing file, which overrides DESIGN.md's defaults.
     */
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

        /** Queues, priority policy, SLA table and business hours; re-read when it changes. */
        @WithDefault("config/routing.yaml")
        Path file();
    }

    interface Tagging {
        /** Problem families, types and keyword rules; re-read when it changes. */
        @WithDefault("config/taxonomy.yaml")
        Path taxonomyFile();

        /** Sentiment and anger lexicons; re-read when it changes. */
        @WithDefault("config/sentiment.yaml")
        Path sentimentFile();

        /** Labeled examples (text,label) the intent model is trained from when there is no model file. */
        @WithDefault("config/intent-training.csv")
        Path trainingFile();

        /** The trained intent model; default {@code <data-dir>/models/intents.bin}. */
        Optional<Path> modelFile();

        /** How often the taxonomy, sentiment and routing files are checked for changes. */
        @WithDefault("PT5S")
        Duration reloadInterval();
    }

    interface SlaTarget {
        Optional<Duration> respondWithin();

        Optional<Duration> resolveWithin();
    }
}
