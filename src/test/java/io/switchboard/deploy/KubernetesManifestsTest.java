package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.config.WithDefault;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.kafka.Topics;
import io.switchboard.security.ApiKeys;
import io.switchboard.security.Caller;
import io.switchboard.security.Role;
import io.switchboard.testing.ExternalTool;
import io.switchboard.testing.RequiresExternalTool;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Renders k8s/base and both overlays with kubectl's kustomize, checks every document against the
 * typed Kubernetes and Strimzi models offline ({@link TypedModels}), and checks what ties the
 * documents together: probes, mounts and the files they carry, selectors, secrets, topics.
 * CloudNativePG publishes no schema model on the registries reachable here, so its Cluster gets
 * structural checks only. config/ and routes/ render themselves as the gateway's ConfigMaps (their own
 * {@code kustomization.yaml}, included by k8s/base), so no overlay needs a relaxed load restrictor.
 */
@RequiresExternalTool(ExternalTool.KUBECTL)
class KubernetesManifestsTest {

    private static final Path CONFIG = Path.of("config");
    private static final Path ROUTES = Path.of("routes");
    private static final Pattern SLEEP_SECONDS = Pattern.compile("^\\d+$");
    private static final Pattern XMX = Pattern.compile("-Xmx(\\d+)m");
    private static final Path PACKAGED = Path.of("src/main/resources/application.properties");
    private static final Pattern OPERATOR_PORT_FALLBACK = Pattern.compile("\\$\\{switchboard\\.operator\\.port:(\\d+)}");
    private static final Pattern KEY_VARIABLE = Pattern.compile("SWITCHBOARD_SECURITY_KEYS_([A-Z0-9]+)_(ROLE|HASH)");
    /** The container port names the rest of k8s/ refers to. */
    private static final String WEBHOOK_PORT = "http";
    private static final String OPERATOR_PORT = "operator";

    private static RenderedManifests base;
    private static RenderedManifests dev;
    private static RenderedManifests production;

    @BeforeAll
    static void render() throws Exception {
        base = RenderedManifests.render("k8s/base");
        dev = RenderedManifests.render("k8s/overlays/dev");
        production = RenderedManifests.render("k8s/overlays/production");
    }

    @Test
    void everyRenderedDocumentUsesOnlyFieldsOfItsSchema() {
        List<String> problems = new ArrayList<>();
        for (RenderedManifests rendered : List.of(base, dev, production)) {
            for (ObjectNode document : rendered.documents) {
                if (isCloudNativePgCluster(document)) {
                    continue;
                }
                TypedModels.problems(document).forEach(p -> problems.add(rendered.overlay + ": " + p));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void schemaCheckCatchesMisspelledFieldsAndWrongTypes() throws IOException {
        ObjectNode typo = (ObjectNode) RenderedManifests.YAML.readTree("""
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: x}
                spec:
                  replicas: 1
                  template:
                    spec:
                      containers:
                        - name: gateway
                          readinessProbe: {httpGet: {path: /q/health/ready, port: 8080}, periodSecond: 5}
                """);
        ObjectNode wrongType = (ObjectNode) RenderedManifests.YAML.readTree("""
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata: {name: x}
                spec: {partitions: many}
                """);
        assertThat(TypedModels.problems(typo)).singleElement().asString().contains("periodSecond");
        assertThat(TypedModels.problems(wrongType)).singleElement().asString().contains("many");
    }

    @Test
    void gatewayRunsNonRootOnAReadOnlyRootWithProbesOnQuarkusHealth() {
        for (RenderedManifests rendered : List.of(dev, production)) {
            JsonNode pod = rendered.one("StatefulSet").path("spec").path("template").path("spec");
            JsonNode gateway = pod.path("containers").get(0);
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
            assertThat(gateway.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(gateway.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
            assertThat(gateway.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
            assertThat(gateway.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
            assertThat(gateway.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
            Map<String, String> mounts = new HashMap<>();
            gateway.path("volumeMounts").forEach(m -> mounts.put(m.path("mountPath").asText(), m.path("name").asText()));
            String workingDir = gateway.path("workingDir").asText();
            assertThat(mounts).containsKeys(workingDir + "/config", workingDir + "/routes", workingDir + "/data", "/tmp");
            Set<String> volumes = new TreeSet<>();
            pod.path("volumes").forEach(v -> volumes.add(v.path("name").asText()));
            assertThat(volumes).containsAll(mounts.values());
        }
    }

    /** A file added to config/ or routes/ but not to the folder's kustomization.yaml fails here. */
    @Test
    void configAndRoutesConfigMapsCarryEveryFileOfTheWorkingDirectoryAsItIs() throws IOException {
        for (RenderedManifests rendered : List.of(dev, production)) {
            JsonNode pod = rendered.one("StatefulSet").path("spec").path("template").path("spec");
            assertThat(configMapData(rendered, pod, "config")).as("%s: ConfigMap of config/", rendered.overlay)
                    .isEqualTo(fileContents(CONFIG));
            assertThat(configMapData(rendered, pod, "routes")).as("%s: ConfigMap of routes/", rendered.overlay)
                    .isEqualTo(fileContents(ROUTES));
        }
    }

    @Test
    void terminationGraceCoversPreStopShutdownTimeoutAndTheLastBatch() throws IOException {
        Properties packaged = properties(PACKAGED);
        Duration httpDrain = Duration.parse("PT" + packaged.getProperty("quarkus.shutdown.timeout").toUpperCase());
        Duration camelDrain = Duration.ofSeconds(Long.parseLong(packaged.getProperty("camel.main.shutdown-timeout")));
        for (RenderedManifests rendered : List.of(dev, production)) {
            JsonNode pod = rendered.one("StatefulSet").path("spec").path("template").path("spec");
            JsonNode command = pod.path("containers").get(0).at("/lifecycle/preStop/exec/command");
            assertThat(command.get(0).asText()).isEqualTo("sleep");
            assertThat(command.get(1).asText()).matches(SLEEP_SECONDS);
            Duration needed = Duration.ofSeconds(command.get(1).asLong()).plus(httpDrain).plus(camelDrain);
            assertThat(Duration.ofSeconds(pod.path("terminationGracePeriodSeconds").asLong())).isGreaterThan(needed);
        }
    }

    @Test
    void heapLeavesRoomUnderTheMemoryLimit() {
        JsonNode gateway = production.one("StatefulSet").at("/spec/template/spec/containers/0");
        String options = env(gateway).get("JAVA_OPTS_APPEND");
        Matcher xmx = XMX.matcher(options);
        assertThat(xmx.find()).as("JAVA_OPTS_APPEND sets -Xmx in MiB: %s", options).isTrue();
        String limit = gateway.at("/resources/limits/memory").asText();
        assertThat(limit).endsWith("Gi");
        long limitMiB = Long.parseLong(limit.replace("Gi", "")) * 1024;
        assertThat(Long.parseLong(xmx.group(1))).isLessThanOrEqualTo(limitMiB * 6 / 10);
        assertThat(gateway.at("/resources/requests/memory").asText()).isEqualTo(limit);
    }

    @Test
    void serviceBudgetPolicyAndAutoscalerSelectTheGatewayPods() {
        for (RenderedManifests rendered : List.of(dev, production)) {
            ObjectNode gatewaySet = rendered.one("StatefulSet");
            JsonNode podLabels = gatewaySet.at("/spec/template/metadata/labels");
            assertThat(labelsMatch(gatewaySet.at("/spec/selector/matchLabels"), podLabels)).isTrue();
            assertThat(rendered.ofKind("Service")).isNotEmpty().allSatisfy(service ->
                    assertThat(labelsMatch(service.at("/spec/selector"), podLabels)).as(name(service)).isTrue());
            assertThat(rendered.ofKind("NetworkPolicy")).isNotEmpty().allSatisfy(policy ->
                    assertThat(labelsMatch(policy.at("/spec/podSelector/matchLabels"), podLabels)).as(name(policy)).isTrue());
        }
        assertThat(labelsMatch(production.one("PodDisruptionBudget").at("/spec/selector/matchLabels"),
                production.one("StatefulSet").at("/spec/template/metadata/labels"))).isTrue();
        assertThat(production.one("HorizontalPodAutoscaler").at("/spec/scaleTargetRef/name").asText())
                .isEqualTo(production.one("StatefulSet").at("/metadata/name").asText());
        assertThat(production.one("HorizontalPodAutoscaler").at("/spec/scaleTargetRef/kind").asText())
                .isEqualTo("StatefulSet");
    }

    /**
     * A pod that replaces a crashed one must reuse its transactional ids, so that it aborts the
     * pipeline transactions the crashed one left open: they are named after the StatefulSet's stable
     * pod name, and the set's Service exists (kustomize's name prefix renames both).
     */
    @Test
    void pipelineTransactionalIdsAreTheStablePodNames() {
        for (RenderedManifests rendered : List.of(dev, production)) {
            ObjectNode gatewaySet = rendered.one("StatefulSet");
            JsonNode transactionalId = null;
            for (JsonNode variable : gatewaySet.at("/spec/template/spec/containers/0/env")) {
                if (variable.path("name").asText().equals("SWITCHBOARD_PIPELINE_TRANSACTIONAL_ID")) {
                    transactionalId = variable;
                }
            }
            assertThat(transactionalId).as("%s: SWITCHBOARD_PIPELINE_TRANSACTIONAL_ID", rendered.overlay).isNotNull();
            assertThat(transactionalId.at("/valueFrom/fieldRef/fieldPath").asText()).isEqualTo("metadata.name");
            assertThat(rendered.named("Service", gatewaySet.at("/spec/serviceName").asText())).as(rendered.overlay).isPresent();
        }
    }

    /**
     * The pod must listen where the StatefulSet, the Services, the policies and Prometheus look: the
     * operator port as Quarkus's management interface gets it (quarkus.management.port follows
     * switchboard.operator.port, whose default SwitchboardConfig declares), after config/ and the env.
     */
    @Test
    void gatewayDeclaresTheWebhookAndOperatorPortsTheGatewayListensOn() throws Exception {
        for (RenderedManifests rendered : List.of(base, dev, production)) {
            JsonNode pod = rendered.one("StatefulSet").at("/spec/template");
            JsonNode gateway = pod.at("/spec/containers/0");
            Map<String, Integer> ports = containerPorts(gateway);
            assertThat(ports).as("%s: container ports", rendered.overlay)
                    .containsEntry(WEBHOOK_PORT, listenPort(gateway, "quarkus.http.port", null, 8080))
                    .containsEntry(OPERATOR_PORT, listenPort(gateway, "quarkus.management.port",
                            "switchboard.operator.port", operatorPortDefault()));
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertThat(gateway.path(probe).at("/httpGet/port").asText()).as("%s: %s", rendered.overlay, probe)
                        .isIn(WEBHOOK_PORT, String.valueOf(ports.get(WEBHOOK_PORT)));
            }
            JsonNode annotations = pod.at("/metadata/annotations");
            assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(String.valueOf(ports.get(OPERATOR_PORT)));
            assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/q/metrics");
        }
    }

    /** An Ingress names a Service: the webhook Service must never lead to the operator port. */
    @Test
    void webhookServiceReachesOnlyTheWebhookPortAndTheOperatorServiceOnlyTheOperatorPort() {
        for (RenderedManifests rendered : List.of(base, dev, production)) {
            Map<String, Integer> ports = containerPorts(rendered.one("StatefulSet").at("/spec/template/spec/containers/0"));
            Map<String, Set<String>> targets = new TreeMap<>();
            for (ObjectNode service : rendered.ofKind("Service")) {
                Set<String> named = new TreeSet<>();
                service.at("/spec/ports").forEach(p -> named.add(portName(p.path("targetPort"), ports)));
                targets.put(service.at("/metadata/name").asText(), named);
            }
            String prefix = rendered.overlay.endsWith("dev") ? "dev-" : "";
            assertThat(targets).as(rendered.overlay)
                    .containsEntry(prefix + "switchboard", Set.of(WEBHOOK_PORT))
                    .containsEntry(prefix + "switchboard-operator", Set.of(OPERATOR_PORT));
        }
    }

    @Test
    void networkPoliciesAdmitEachPortOnlyThroughSelectorsAndLimitEgressToWhatTheGatewayDials() {
        for (RenderedManifests rendered : List.of(base, dev, production)) {
            JsonNode pod = rendered.one("StatefulSet").at("/spec/template");
            Map<String, Integer> ports = containerPorts(pod.at("/spec/containers/0"));
            assertThat(ports).as("%s: container ports", rendered.overlay).containsKeys(WEBHOOK_PORT, OPERATOR_PORT);
            assertThat(NetworkPolicyCheck.problems(rendered.ofKind("NetworkPolicy"), pod.at("/metadata/labels"), ports,
                    List.of(ports.get(WEBHOOK_PORT), ports.get(OPERATOR_PORT)))).as(rendered.overlay).isEmpty();
        }
    }

    /** Production narrows Kafka and PostgreSQL egress to the pods of the clusters it declares. */
    @Test
    void productionEgressToKafkaAndPostgresSelectsThePodsOfItsOwnClusters() {
        Map<Integer, JsonNode> peersByPort = new HashMap<>();
        for (ObjectNode policy : production.ofKind("NetworkPolicy")) {
            for (JsonNode rule : policy.at("/spec/egress")) {
                rule.path("ports").forEach(p -> peersByPort.put(p.path("port").asInt(), rule.path("to")));
            }
        }
        String kafka = production.one("Kafka").at("/metadata/name").asText();
        String cluster = production.ofKind("Cluster").stream().filter(KubernetesManifestsTest::isCloudNativePgCluster)
                .findFirst().orElseThrow().at("/metadata/name").asText();
        assertThat(peersByPort).doesNotContainKey(9092);
        assertThat(peersByPort.get(9093)).singleElement().satisfies(peer -> {
            assertThat(peer.at("/podSelector/matchLabels/strimzi.io~1cluster").asText()).isEqualTo(kafka);
            assertThat(peer.at("/podSelector/matchLabels/strimzi.io~1name").asText()).isEqualTo(kafka + "-kafka");
        });
        assertThat(peersByPort.get(5432)).singleElement().satisfies(peer ->
                assertThat(peer.at("/podSelector/matchLabels/cnpg.io~1cluster").asText()).isEqualTo(cluster));
    }

    @Test
    void policyCheckFindsOpenPortsEmptySelectorsSelfSelectingPeersAndUnboundedEgress() throws IOException {
        JsonNode labels = RenderedManifests.YAML.readTree("{app: gw}");
        Map<String, Integer> ports = Map.of(WEBHOOK_PORT, 8080, OPERATOR_PORT, 8081);
        List<ObjectNode> policies = List.of((ObjectNode) RenderedManifests.YAML.readTree("""
                kind: NetworkPolicy
                metadata: {name: loose}
                spec:
                  podSelector: {matchLabels: {app: gw}}
                  policyTypes: [Ingress, Egress]
                  ingress:
                    - from: [{namespaceSelector: {matchLabels: {team: ingress}}}]
                      ports: [{port: 8080}]
                    - ports: [{port: operator}]
                    - from: [{ipBlock: {cidr: 0.0.0.0/0}}, {namespaceSelector: {}}, {podSelector: {matchLabels: {app: gw}}}]
                      ports: [{port: 8000, endPort: 8090}]
                  egress:
                    - to: [{namespaceSelector: {matchLabels: {team: db}}}]
                    - ports: [{port: 25}, {port: 443}, {port: 1024, endPort: 65535}]
                """));
        assertThat(NetworkPolicyCheck.problems(policies, labels, ports, List.of(8080, 8081))).containsExactly(
                "NetworkPolicy loose ingress[2] admits port 8080 from an address block (0.0.0.0/0), not through a namespace or pod selector",
                "NetworkPolicy loose ingress[2] admits port 8080 through an empty selector: every pod of every namespace",
                "NetworkPolicy loose ingress[2] admits port 8080 from pods labelled like the gateway itself {\"app\":\"gw\"}"
                        + " (kustomize's labels rewrite a peer's matchLabels: use matchExpressions)",
                "NetworkPolicy loose ingress[1] admits port 8081 from every source",
                "NetworkPolicy loose ingress[2] admits port 8081 from an address block (0.0.0.0/0), not through a namespace or pod selector",
                "NetworkPolicy loose ingress[2] admits port 8081 through an empty selector: every pod of every namespace",
                "NetworkPolicy loose ingress[2] admits port 8081 from pods labelled like the gateway itself {\"app\":\"gw\"}"
                        + " (kustomize's labels rewrite a peer's matchLabels: use matchExpressions)",
                "NetworkPolicy loose egress[0] allows every port",
                "NetworkPolicy loose egress[1] allows TCP/25, which the gateway does not dial",
                "NetworkPolicy loose egress[1] allows the range TCP/1024-65535");
        ObjectNode webhooksOnly = (ObjectNode) RenderedManifests.YAML.readTree("""
                kind: NetworkPolicy
                metadata: {name: webhooks}
                spec:
                  podSelector: {}
                  ingress: [{from: [{namespaceSelector: {matchLabels: {team: ingress}}}], ports: [{port: 8080}]}]
                """);
        assertThat(NetworkPolicyCheck.problems(List.of(webhooksOnly), labels, ports, List.of(8080, 8081))).containsExactly(
                "no ingress rule admits port 8081: nobody can reach it",
                "no NetworkPolicy isolates the gateway pods for egress: every destination and port is open");
        assertThat(NetworkPolicyCheck.problems(List.of(), labels, ports, List.of(8080))).contains(
                "no NetworkPolicy isolates the gateway pods for ingress: every port is open to every source");
    }

    /**
     * Operator keys come from an optional Secret read like switchboard-secrets; the dev overlay's key,
     * read by the gateway's own ApiKeys, is the admin key its kustomization.yaml names.
     */
    @Test
    void operatorKeysComeFromAnOptionalSecretAndTheDevKeyIsTheAdminKeyItsOverlayNames() {
        for (RenderedManifests rendered : List.of(dev, production)) {
            JsonNode envFrom = rendered.one("StatefulSet").at("/spec/template/spec/containers/0/envFrom");
            assertThat(envFrom).as(rendered.overlay).anySatisfy(source -> {
                assertThat(source.at("/secretRef/name").asText()).contains("switchboard-api-keys");
                assertThat(source.at("/secretRef/optional").asBoolean()).isTrue();
            });
        }
        String devKeys = null;
        for (JsonNode source : dev.one("StatefulSet").at("/spec/template/spec/containers/0/envFrom")) {
            if (source.at("/secretRef/name").asText().contains("api-keys")) {
                devKeys = source.at("/secretRef/name").asText();
            }
        }
        ObjectNode secret = dev.named("Secret", devKeys).orElseThrow();
        Map<String, SwitchboardConfig.ApiKey> keys = new TreeMap<>();
        Map<String, Map<String, String>> fields = new TreeMap<>();
        secret.path("data").fields().forEachRemaining(e -> {
            Matcher key = KEY_VARIABLE.matcher(e.getKey());
            assertThat(key.matches()).as("%s is SWITCHBOARD_SECURITY_KEYS_<NAME>_ROLE or _HASH", e.getKey()).isTrue();
            String value = new String(Base64.getMimeDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8);
            fields.computeIfAbsent(key.group(1).toLowerCase(Locale.ROOT), n -> new HashMap<>()).put(key.group(2), value);
        });
        fields.forEach((name, f) -> keys.put(name, new ConfiguredKey(f.get("ROLE"), f.get("HASH"))));
        assertThat(new ApiKeys(keys, Optional.empty()).identify("dev-operator-key"))
                .contains(new Caller("dev", Role.ADMIN));
    }

    @Test
    void devRunsOneGatewayOnItsEmbeddedDefaultsWithAWritableDataClaim() {
        ObjectNode gatewaySet = dev.one("StatefulSet");
        // a StatefulSet's rollout stops the one pod before it starts the next: the claim is never shared
        assertThat(gatewaySet.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(gatewaySet.at("/spec/updateStrategy/type").asText("RollingUpdate")).isEqualTo("RollingUpdate");
        assertThat(dev.ofKind("HorizontalPodAutoscaler")).isEmpty();
        Map<String, String> env = env(gatewaySet.at("/spec/template/spec/containers/0"));
        assertThat(env).doesNotContainKeys("KAFKA_BOOTSTRAP_SERVERS", "SWITCHBOARD_DB_URL");
        JsonNode data = volume(gatewaySet, "data");
        assertThat(dev.named("PersistentVolumeClaim", data.at("/persistentVolumeClaim/claimName").asText())).isPresent();
        assertThat(data.has("emptyDir")).isFalse();
        String secret = gatewaySet.at("/spec/template/spec/containers/0/envFrom/0/secretRef/name").asText();
        assertThat(dev.named("Secret", secret)).isPresent();
    }

    @Test
    void productionHasAKafkaTopicForEveryContractTopicAndEveryQueueLane() throws IOException {
        Set<String> wanted = new TreeSet<>();
        for (NewTopic topic : new Topics("switchboard.").contractTopics(configuredQueues(), 1, (short) 1)) {
            wanted.add(topic.name());
        }
        Map<String, JsonNode> declared = new HashMap<>();
        String kafka = production.one("Kafka").at("/metadata/name").asText();
        for (ObjectNode topic : production.ofKind("KafkaTopic")) {
            declared.put(topic.at("/spec/topicName").asText(), topic);
            assertThat(topic.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo(kafka);
            assertThat(topic.at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(3);
        }
        assertThat(declared.keySet()).containsAll(wanted);
        assertThat(declared.get("switchboard.customer-context").at("/spec/config/cleanup.policy").asText())
                .isEqualTo("compact");
        // a copy on a topic cannot be erased, only expire: before the erased identities' hashes do
        // (the default of switchboard.customers.erasure-tombstone-days)
        Duration tombstones = Duration.ofDays(30);
        declared.forEach((name, topic) -> {
            // a compacted topic forgets an erased customer's older values once the segment holding them is compacted
            String bound = "compact".equals(topic.at("/spec/config/cleanup.policy").asText())
                    ? "max.compaction.lag.ms" : "retention.ms";
            assertThat(topic.at("/spec/config/" + bound).asLong()).as(name + " " + bound)
                    .isPositive().isLessThanOrEqualTo(tombstones.toMillis());
        });
    }

    @Test
    void productionGatewayReadsTheSecretsStrimziAndCloudNativePgWrite() {
        ObjectNode gatewaySet = production.one("StatefulSet");
        JsonNode gateway = gatewaySet.at("/spec/template/spec/containers/0");
        Map<String, String> env = env(gateway);
        Map<String, String> fromSecrets = secretRefs(gateway);

        ObjectNode kafka = production.one("Kafka");
        String kafkaName = kafka.at("/metadata/name").asText();
        JsonNode tlsListener = null;
        for (JsonNode listener : kafka.at("/spec/kafka/listeners")) {
            if (listener.path("tls").asBoolean()) {
                tlsListener = listener;
            }
        }
        assertThat(tlsListener).as("a TLS listener").isNotNull();
        assertThat(env.get("KAFKA_BOOTSTRAP_SERVERS"))
                .isEqualTo(kafkaName + "-kafka-bootstrap:" + tlsListener.path("port").asInt());
        assertThat(env.get("KAFKA_SECURITY_PROTOCOL")).isEqualTo("SASL_SSL");
        assertThat(env.get("KAFKA_SASL_MECHANISM")).isEqualTo("SCRAM-SHA-512");
        assertThat(tlsListener.at("/authentication/type").asText()).isEqualTo("scram-sha-512");
        ObjectNode user = production.one("KafkaUser");
        assertThat(user.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo(kafkaName);
        assertThat(fromSecrets.get("KAFKA_SASL_JAAS_CONFIG"))
                .isEqualTo(user.at("/metadata/name").asText() + "/sasl.jaas.config");
        assertThat(volume(gatewaySet, "kafka-ca").at("/secret/secretName").asText())
                .isEqualTo(kafkaName + "-cluster-ca-cert");
        assertThat(env.get("SWITCHBOARD_KAFKA_CREATE_TOPICS")).isEqualTo("false");

        ObjectNode cluster = production.ofKind("Cluster").stream().filter(KubernetesManifestsTest::isCloudNativePgCluster)
                .findFirst().orElseThrow();
        String clusterName = cluster.at("/metadata/name").asText();
        String database = cluster.at("/spec/bootstrap/initdb/database").asText();
        assertThat(cluster.at("/spec/instances").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(cluster.at("/spec/storage/size").asText()).isNotEmpty();
        assertThat(cluster.at("/spec/bootstrap/initdb/owner").asText()).isNotEmpty();
        assertThat(env.get("SWITCHBOARD_DB_URL")).isEqualTo("jdbc:postgresql://" + clusterName + "-rw:5432/" + database);
        assertThat(fromSecrets).containsEntry("SWITCHBOARD_DB_USER", clusterName + "-app/username")
                .containsEntry("SWITCHBOARD_DB_PASSWORD", clusterName + "-app/password");
    }

    /** Agent queues: the default queue and every queue named in config/routing.yaml's queues section. */
    static Set<String> configuredQueues() throws IOException {
        Set<String> queues = new LinkedHashSet<>();
        Properties properties = properties(CONFIG.resolve("application.properties"));
        queues.add(properties.getProperty("switchboard.routing.default-queue", "general"));
        JsonNode routing = RenderedManifests.YAML.readTree(CONFIG.resolve("routing.yaml").toFile());
        JsonNode declared = routing.path("queues");
        if (declared.isObject()) {
            declared.fieldNames().forEachRemaining(queues::add);
        } else if (declared.isArray()) {
            for (JsonNode queue : declared) {
                queues.add(queue.isTextual() ? queue.asText() : queue.has("name") ? queue.path("name").asText()
                        : queue.path("id").asText());
            }
        }
        return queues;
    }

    private static boolean isCloudNativePgCluster(ObjectNode document) {
        return "postgresql.cnpg.io/v1".equals(document.path("apiVersion").asText())
                && "Cluster".equals(document.path("kind").asText());
    }

    private static Map<String, String> configMapData(RenderedManifests rendered, JsonNode pod, String volumeName) {
        String configMap = null;
        for (JsonNode volume : pod.path("volumes")) {
            if (volumeName.equals(volume.path("name").asText())) {
                configMap = volume.at("/configMap/name").asText();
            }
        }
        ObjectNode rendered1 = rendered.named("ConfigMap", configMap)
                .orElseThrow(() -> new AssertionError(rendered.overlay + ": no ConfigMap for volume " + volumeName));
        Map<String, String> data = new TreeMap<>();
        rendered1.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
        return data;
    }

    /** The folder's files by name, but for the kustomization.yaml that turns it into a ConfigMap. */
    private static Map<String, String> fileContents(Path dir) throws IOException {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (!name.equals("kustomization.yaml")) {
                    contents.put(name, Files.readString(file));
                }
            }
        }
        return contents;
    }

    private static JsonNode volume(ObjectNode gatewaySet, String name) {
        for (JsonNode volume : gatewaySet.at("/spec/template/spec/volumes")) {
            if (name.equals(volume.path("name").asText())) {
                return volume;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    private static Map<String, Integer> containerPorts(JsonNode container) {
        Map<String, Integer> ports = new TreeMap<>();
        container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        return ports;
    }

    /** A Service's targetPort as the container port's name, numbers resolved through the container. */
    private static String portName(JsonNode targetPort, Map<String, Integer> ports) {
        if (!targetPort.isInt()) {
            return targetPort.asText();
        }
        return ports.entrySet().stream().filter(e -> e.getValue() == targetPort.asInt()).map(Map.Entry::getKey)
                .findFirst().orElse(targetPort.asText());
    }

    /**
     * The port the gateway listens on for a Quarkus setting, in SmallRye's order: the container's
     * environment, then config/application.properties, then {@code via} (a property the packaged
     * value refers to, in the same order), then the default.
     */
    private static int listenPort(JsonNode gateway, String property, String via, int defaultPort) throws IOException {
        Map<String, String> env = env(gateway);
        Properties site = properties(CONFIG.resolve("application.properties"));
        for (String name : via == null ? List.of(property) : List.of(property, via)) {
            String value = env.getOrDefault(envName(name), site.getProperty(name));
            if (value != null) {
                return Integer.parseInt(value.strip());
            }
        }
        return defaultPort;
    }

    /** switchboard.operator.port's default, which the packaged quarkus.management.port must fall back to. */
    private static int operatorPortDefault() throws Exception {
        int declared = Integer.parseInt(SwitchboardConfig.Operator.class.getMethod("port")
                .getAnnotation(WithDefault.class).value());
        String packaged = properties(PACKAGED).getProperty("quarkus.management.port");
        Matcher fallback = OPERATOR_PORT_FALLBACK.matcher(packaged == null ? "" : packaged);
        assertThat(fallback.matches()).as("packaged quarkus.management.port=%s follows switchboard.operator.port", packaged)
                .isTrue();
        assertThat(Integer.parseInt(fallback.group(1))).as("its fallback and SwitchboardConfig's default").isEqualTo(declared);
        return declared;
    }

    private static String envName(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        return properties;
    }

    private static String name(ObjectNode document) {
        return document.path("kind").asText() + " " + document.at("/metadata/name").asText();
    }

    private record ConfiguredKey(String role, String hash) implements SwitchboardConfig.ApiKey {}

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        container.path("env").forEach(e -> {
            if (e.has("value")) {
                env.put(e.path("name").asText(), e.path("value").asText());
            }
        });
        return env;
    }

    private static Map<String, String> secretRefs(JsonNode container) {
        Map<String, String> refs = new HashMap<>();
        container.path("env").forEach(e -> {
            JsonNode ref = e.at("/valueFrom/secretKeyRef");
            if (!ref.isMissingNode()) {
                refs.put(e.path("name").asText(), ref.path("name").asText() + "/" + ref.path("key").asText());
            }
        });
        return refs;
    }

    /** A selector that names at least one label, all of which the pods carry. */
    private static boolean labelsMatch(JsonNode selector, JsonNode labels) {
        return selector.isObject() && !selector.isEmpty() && NetworkPolicyCheck.labelsMatch(selector, labels);
    }
}
