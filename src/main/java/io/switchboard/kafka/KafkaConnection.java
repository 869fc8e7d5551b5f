package io.switchboard.kafka;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.switchboard.config.ApplicationHome;
import io.switchboard.config.SwitchboardConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Decides which Kafka cluster the gateway talks to: the one named by {@code kafka.bootstrap.servers}
 * ({@code KAFKA_BOOTSTRAP_SERVERS}), or else the embedded broker, started (or attached to) here.
 * Also creates missing contract topics, and hands the client settings every producer and consumer shares.
 */
@Singleton
@Startup
public class KafkaConnection {

    private static final Logger LOG = Logger.getLogger(KafkaConnection.class);

    /**
     * Kafka client settings for TLS and SASL, read as {@code kafka.<name>} (environment:
     * {@code KAFKA_SSL_TRUSTSTORE_LOCATION} …) and applied to every producer, consumer and admin client.
     */
    static final List<String> SECURITY_SETTINGS = List.of(
            CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
            SaslConfigs.SASL_MECHANISM, SaslConfigs.SASL_JAAS_CONFIG,
            SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG,
            SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG,
            SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG,
            SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, SslConfigs.SSL_KEY_PASSWORD_CONFIG,
            SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG);

    private final String bootstrapServers;
    private final EmbeddedKafkaBroker embedded;
    private final Map<String, String> clientSettings;
    private final Topics topics;
    private final boolean createTopics;
    private final int partitions;
    private final short replication;
    private final Set<String> lanesEnsured = ConcurrentHashMap.newKeySet();
    private Admin probe;

    @Inject
    public KafkaConnection(SwitchboardConfig config, Topics topics, Config settingsSource,
            @ConfigProperty(name = "kafka.bootstrap.servers") Optional<String> external) {
        if (external.filter(s -> !s.isBlank()).isPresent()) {
            this.embedded = null;
            this.bootstrapServers = external.get();
            LOG.infof("Using the external Kafka cluster at %s", bootstrapServers);
        } else {
            SwitchboardConfig.Kafka.Embedded e = config.kafka().embedded();
            this.embedded = EmbeddedKafkaBroker.startOrAttach(new EmbeddedKafkaBroker.Settings(
                    config.dataDir().resolve("kafka"), e.port(), e.controllerPort().orElse(e.port() + 1),
                    EmbeddedKafkaBroker.classpathDirectory(e.libDir(), ApplicationHome.ofRunningApplication()),
                    e.heap(), e.startTimeout()));
            this.bootstrapServers = embedded.bootstrapServers();
        }
        Map<String, String> settings = new HashMap<>();
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        for (String name : SECURITY_SETTINGS) {
            settingsSource.getOptionalValue("kafka." + name, String.class).ifPresent(v -> settings.put(name, v));
        }
        this.clientSettings = Map.copyOf(settings);
        this.topics = topics;
        this.createTopics = config.kafka().createTopics();
        this.partitions = config.kafka().partitions();
        this.replication = (short) (embedded != null ? 1 : -1);
        if (createTopics) {
            createMissingTopics(topics.contractTopics(List.of(), partitions, replication));
        }
    }

    /**
     * Creates the priority lanes of queues this instance has not seen yet (a routing reload may add
     * queues); nothing when topics are managed outside the gateway ({@code switchboard.kafka.create-topics=false}).
     */
    public void ensureQueueLanes(Collection<String> queues) {
        if (!createTopics || lanesEnsured.containsAll(queues)) {
            return;
        }
        List<NewTopic> wanted = new ArrayList<>();
        for (String queue : queues) {
            if (!lanesEnsured.contains(queue)) {
                wanted.addAll(topics.queueLanes(queue, partitions, replication));
            }
        }
        createMissingTopics(wanted);
        lanesEnsured.addAll(queues);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Connection settings (bootstrap, TLS/SASL) to start every client's configuration from. */
    public Map<String, Object> clientSettings() {
        return new HashMap<>(clientSettings);
    }

    public Optional<EmbeddedKafkaBroker> embeddedBroker() {
        return Optional.ofNullable(embedded);
    }

    /** Whether the cluster answers a metadata request within the timeout. */
    public boolean reachable(Duration timeout) {
        try {
            probe().describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One long-lived admin client for health probes: it reconnects by itself after an outage. */
    private synchronized Admin probe() {
        if (probe == null) {
            Map<String, Object> settings = clientSettings();
            settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "switchboard-health");
            settings.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000);
            probe = Admin.create(settings);
        }
        return probe;
    }

    private void createMissingTopics(List<NewTopic> wanted) {
        try (Admin admin = Admin.create(clientSettings())) {
            List<String> created = MissingTopics.create(admin, wanted, Duration.ofSeconds(30));
            if (!created.isEmpty()) {
                LOG.infof("Created %d Kafka topics: %s", created.size(), created);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not create the contract topics on " + bootstrapServers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** After the pipeline finished its last batch (RawTopicConsumer stops first). */
    void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) ShutdownEvent event) {
        synchronized (this) {
            if (probe != null) {
                probe.close(Duration.ofSeconds(2));
            }
        }
        if (embedded != null && embedded.owned()) {
            embedded.close();
        }
    }
}
