package io.switchboard.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.switchboard.testing.ExternalTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One k8s/ overlay rendered by plain {@code kubectl kustomize} (kustomize built into kubectl, its default
 * load restrictions, as ops and Argo CD or Flux apply it), as YAML documents. The kubectl binary is
 * {@code $SWITCHBOARD_KUBECTL} or the one on the PATH ({@link ExternalTool#KUBECTL}).
 */
final class RenderedManifests {

    static final ObjectMapper YAML = new YAMLMapper();

    final String overlay;
    final List<ObjectNode> documents;

    private RenderedManifests(String overlay, List<ObjectNode> documents) {
        this.overlay = overlay;
        this.documents = documents;
    }

    static RenderedManifests render(String overlay) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(ExternalTool.KUBECTL.executable().toString(), "kustomize", overlay)
                .redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("kubectl kustomize " + overlay + " failed: " + err);
        }
        List<ObjectNode> docs = new ArrayList<>();
        try (var parser = YAML.createParser(out)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc instanceof ObjectNode object) {
                    docs.add(object);
                }
            }
        }
        return new RenderedManifests(overlay, docs);
    }

    List<ObjectNode> ofKind(String kind) {
        return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    ObjectNode one(String kind) {
        List<ObjectNode> all = ofKind(kind);
        if (all.size() != 1) {
            throw new AssertionError(overlay + " renders " + all.size() + " " + kind + ", expected one");
        }
        return all.get(0);
    }

    Optional<ObjectNode> named(String kind, String name) {
        return ofKind(kind).stream().filter(d -> name.equals(d.path("metadata").path("name").asText())).findFirst();
    }
}
