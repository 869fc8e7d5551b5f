package io.switchboard.kafka;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.switchboard.config.SwitchboardConfig;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
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

    private final String bootstrapServers;
    private final EmbeddedKafkaBroker embedded;
    private final Map<String, String> clientSettings;
    private Admin probe;

    @Inject
    public KafkaConnection(SwitchboardConfig config, Topics topics,
            @ConfigProperty(name = "kafka.bootstrap.servers") Optional<String> external,
            @ConfigProperty(name = "kafka.security.protocol") Optional<String> securityProtocol,
            @ConfigProperty(name = "kafka.sasl.mechanism") Optional<String> saslMechanism,
            @ConfigProperty(name = "kafka.sasl.jaas.config") Optional<String> saslJaasConfig) {
        if (external.filter(s -> !s.isBlank()).isPresent()) {
            this.embedded = null;
            this.bootstrapServers = external.get();
            LOG.infof("Using the external Kafka cluster at %s", bootstrapServers);
        } else {
            SwitchboardConfig.Kafka.Embedded e = config.kafka().embedded();
            this.embedded = EmbeddedKafkaBroker.startOrAttach(new EmbeddedKafkaBroker.Settings(
                    config.dataDir().resolve("kafka"), e.port(), e.controllerPort().orElse(e.port() + 1),
                    e.libDir(), e.heap(), e.startTimeout()));
            this.bootstrapServers = embedded.bootstrapServers();
        }
        Map<String, String> settings = new HashMap<>();
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        securityProtocol.ifPresent(v -> settings.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, v));
        saslMechanism.ifPresent(v -> settings.put("sasl.mechanism", v));
        saslJaasConfig.ifPresent(v -> settings.put("sasl.jaas.config", v));
        this.clientSettings = Map.copyOf(settings);
        if (config.kafka().createTopics()) {
            createMissingTopics(topics.contractTopics(List.of(config.routing().defaultQueue()),
                    config.kafka().partitions(), (short) (embedded != null ? 1 : -1)));
        }
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
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                LOG.infof("Created %d Kafka topics: %s", missing.size(), missing.stream().map(NewTopic::name).toList());
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not create the contract topics on " + bootstrapServers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
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
