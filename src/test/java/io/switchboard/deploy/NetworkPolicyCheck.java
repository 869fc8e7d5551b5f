package io.switchboard.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an overlay's NetworkPolicies let reach the gateway pods and what they let the pods reach, read
 * as the API server's semantics have it (policies add up; no {@code from} or no {@code ports} means
 * everyone or every port; a pod selected by no policy of a direction is open in that direction).
 * Findings: a guarded port (webhook, operator) admitted from every source, from an address block or
 * through an empty selector, or from no one at all; a peer selecting the gateway's own labels (what
 * kustomize's {@code labels} does to a peer's {@code matchLabels}); egress unrestricted, on every port,
 * or on a port the gateway does not need.
 */
final class NetworkPolicyCheck {

    /** Protocol/port the gateway dials: DNS, Kafka, PostgreSQL, IMAP(S), SMTP submission, HTTPS. */
    static final Set<String> NEEDED_EGRESS = Set.of("UDP/53", "TCP/53", "TCP/9092", "TCP/9093", "TCP/5432",
            "TCP/143", "TCP/993", "TCP/587", "TCP/465", "TCP/443");

    private final JsonNode podLabels;
    private final Map<String, Integer> containerPorts;
    private final List<String> problems = new ArrayList<>();

    private NetworkPolicyCheck(JsonNode podLabels, Map<String, Integer> containerPorts) {
        this.podLabels = podLabels;
        this.containerPorts = containerPorts;
    }

    /**
     * @param policies every NetworkPolicy of the overlay (those not selecting the gateway are ignored)
     * @param containerPorts the gateway container's port numbers by name, for named ports in rules
     * @param guardedPorts the ports each of which must be admitted, and only through selectors
     */
    static List<String> problems(List<ObjectNode> policies, JsonNode podLabels, Map<String, Integer> containerPorts,
            Collection<Integer> guardedPorts) {
        NetworkPolicyCheck check = new NetworkPolicyCheck(podLabels, containerPorts);
        List<ObjectNode> selecting = policies.stream().filter(p -> check.selectsGateway(p.at("/spec/podSelector"))).toList();
        check.ingress(selecting, guardedPorts);
        check.egress(selecting);
        return check.problems;
    }

    private void ingress(List<ObjectNode> policies, Collection<Integer> guardedPorts) {
        List<ObjectNode> isolating = policies.stream().filter(p -> types(p).contains("Ingress")).toList();
        if (isolating.isEmpty()) {
            problems.add("no NetworkPolicy isolates the gateway pods for ingress: every port is open to every source");
            return;
        }
        for (int port : guardedPorts) {
            boolean admitted = false;
            for (ObjectNode policy : isolating) {
                JsonNode rules = policy.at("/spec/ingress");
                for (int i = 0; i < rules.size(); i++) {
                    if (admits(rules.get(i).path("ports"), port)) {
                        admitted = true;
                        peerProblems(name(policy) + " ingress[" + i + "] admits port " + port, rules.get(i).path("from"));
                    }
                }
            }
            if (!admitted) {
                problems.add("no ingress rule admits port " + port + ": nobody can reach it");
            }
        }
    }

    private void peerProblems(String rule, JsonNode peers) {
        if (peers.isEmpty()) {
            problems.add(rule + " from every source");
        }
        for (JsonNode peer : peers) {
            if (peer.has("ipBlock")) {
                problems.add(rule + " from an address block (" + peer.at("/ipBlock/cidr").asText()
                        + "), not through a namespace or pod selector");
            } else if (isEmptySelector(peer.path("namespaceSelector")) && isEmptySelector(peer.path("podSelector"))) {
                problems.add(rule + " through an empty selector: every pod of every namespace");
            }
            JsonNode peerPods = peer.at("/podSelector/matchLabels");
            if (peerPods.isObject() && !peerPods.isEmpty() && labelsMatch(peerPods, podLabels)) {
                problems.add(rule + " from pods labelled like the gateway itself " + peerPods
                        + " (kustomize's labels rewrite a peer's matchLabels: use matchExpressions)");
            }
        }
    }

    private void egress(List<ObjectNode> policies) {
        List<ObjectNode> isolating = policies.stream().filter(p -> types(p).contains("Egress")).toList();
        if (isolating.isEmpty()) {
            problems.add("no NetworkPolicy isolates the gateway pods for egress: every destination and port is open");
        }
        for (ObjectNode policy : isolating) {
            JsonNode rules = policy.at("/spec/egress");
            for (int i = 0; i < rules.size(); i++) {
                String rule = name(policy) + " egress[" + i + "]";
                JsonNode ports = rules.get(i).path("ports");
                if (ports.isEmpty()) {
                    problems.add(rule + " allows every port");
                }
                for (JsonNode port : ports) {
                    String allowed = port.path("protocol").asText("TCP") + "/" + port.path("port").asText("*");
                    if (port.has("endPort")) {
                        problems.add(rule + " allows the range " + allowed + "-" + port.path("endPort").asInt());
                    } else if (!NEEDED_EGRESS.contains(allowed)) {
                        problems.add(rule + " allows " + allowed + ", which the gateway does not dial");
                    }
                }
            }
        }
    }

    /** Whether a rule's ports admit a TCP port of the gateway: no list or an entry without a port admits all. */
    private boolean admits(JsonNode ports, int port) {
        if (ports.isEmpty()) {
            return true;
        }
        for (JsonNode entry : ports) {
            if (!"TCP".equals(entry.path("protocol").asText("TCP"))) {
                continue;
            }
            JsonNode number = entry.path("port");
            if (number.isMissingNode()) {
                return true;
            }
            int from = number.isInt() ? number.asInt() : containerPorts.getOrDefault(number.asText(), -1);
            int to = entry.path("endPort").asInt(from);
            if (from <= port && port <= to) {
                return true;
            }
        }
        return false;
    }

    /** The API server's default: Ingress always, Egress when the policy has egress rules. */
    private static Set<String> types(ObjectNode policy) {
        JsonNode declared = policy.at("/spec/policyTypes");
        if (declared.isArray() && !declared.isEmpty()) {
            Set<String> types = new HashSet<>();
            declared.forEach(t -> types.add(t.asText()));
            return types;
        }
        return policy.at("/spec/egress").isArray() ? Set.of("Ingress", "Egress") : Set.of("Ingress");
    }

    private boolean selectsGateway(JsonNode podSelector) {
        return isEmptySelector(podSelector) || labelsMatch(podSelector.path("matchLabels"), podLabels);
    }

    private static boolean isEmptySelector(JsonNode selector) {
        return selector.path("matchLabels").isEmpty() && selector.path("matchExpressions").isEmpty();
    }

    /** Whether labels carry every key and value of {@code wanted} (an empty {@code wanted} matches all). */
    static boolean labelsMatch(JsonNode wanted, JsonNode labels) {
        var fields = wanted.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (!field.getValue().asText().equals(labels.path(field.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private static String name(ObjectNode policy) {
        return "NetworkPolicy " + policy.at("/metadata/name").asText();
    }
}
