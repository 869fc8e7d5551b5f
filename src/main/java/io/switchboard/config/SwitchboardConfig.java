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

    Email email();

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

    interface Email {
        /** IMAP mailboxes to poll, keyed by a short name used in route ids ({@code email-inbound-<name>}). */
        Map<String, Mailbox> mailboxes();

        interface Mailbox {
            /** {@code imap} or {@code imaps}. */
            @WithDefault("imaps")
            String protocol();

            String host();

            /** Unset: the protocol's default port (143 for imap, 993 for imaps). */
            Optional<Integer> port();

            String username();

            /** From the environment, e.g. {@code SWITCHBOARD_EMAIL_MAILBOXES_SUPPORT_PASSWORD}. */
            String password();

            @WithDefault("INBOX")
            String folder();

            /** Where stored messages are moved; unset leaves them in the folder, flagged seen. */
            Optional<String> processedFolder();

            /** The mailbox's own address, the {@code to} of its contacts; defaults to the username. */
            Optional<String> address();

            @WithDefault("PT30S")
            Duration pollInterval();

            /** Bounds one poll, so a long outage backlog is taken in slices. */
            @WithDefault("50")
            int maxMessagesPerPoll();
        }
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
