package io.switchboard.docs;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.switchboard.security.Role;
import io.switchboard.security.RouteTables;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.OperatorApi;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document served at {@code /q/openapi} (src/main/resources/META-INF/openapi.yaml) against the
 * gateway itself: every route of both routers is documented on the port that serves it, every documented
 * operation is routed, the role each operator operation names is the one the gateway enforces, the answers
 * of the read endpoints and every example match their schemas, and the ContactRecord component equals
 * docs/contact-record.schema.json. A route added without documenting it fails here.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERTX_PARAMETER = Pattern.compile(":([A-Za-z]+)");
    private static final Pattern OPENAPI_PARAMETER = Pattern.compile("\\{([A-Za-z]+)}");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    /** Routes Quarkus registers itself that are not part of the API ("port /path"), and why. */
    private static final Map<String, String> INTERNAL = Map.of(
            "webhook /q/", "the mount of Quarkus's own endpoints (/q/health/*): they are documented, and requested"
                    + " in shouldAnswerEveryReadOperationAsDocumented since this walk cannot enter the sub-router",
            "operator /q/metrics/", "Micrometer's sub-paths of /q/metrics, the same guard and role",
            "operator /q/openapi.json", "this document as JSON, the same as /q/openapi?format=json",
            "operator /q/openapi.yaml", "this document, the same as /q/openapi",
            "operator /q/openapi.yml", "this document, the same as /q/openapi");

    /** The schema file's {@code $defs} and the components they became in the document. */
    private static final Map<String, String> CONTACT_RECORD_PARTS = Map.of(
            "identity", "Identity", "attachment", "Attachment", "context", "CustomerContext",
            "emailContext", "EmailContext");

    @Inject
    RouteTables routes;

    JsonNode document;

    @BeforeEach
    void fetchDocument() throws IOException {
        document = new YAMLMapper().readTree(OperatorApi.as(Role.AGENT).get("/q/openapi").then().statusCode(200)
                .extract().asString());
    }

    @Test
    void shouldServeTheDocumentOnTheOperatorPortToAnyClientKeyOnly() throws IOException {
        OperatorApi.anonymous().get("/q/openapi").then().statusCode(401).body("error", equalTo("unauthorized"));
        OperatorApi.anonymous().header("Authorization", "Bearer not-a-key").get("/q/openapi").then().statusCode(401);
        OperatorApi.as(Role.METRICS).get("/q/openapi").then().statusCode(403).body("error", equalTo("forbidden"));
        for (Role role : List.of(Role.AGENT, Role.SUPERVISOR, Role.ADMIN)) {
            OperatorApi.as(role).get("/q/openapi").then().statusCode(200);
        }
        JsonNode asJson = JSON.readTree(OperatorApi.as(Role.ADMIN).queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().asString());
        assertThat(asJson.path("openapi").asText()).startsWith("3.1");
        assertThat(asJson.path("paths").size()).isEqualTo(document.path("paths").size());

        for (String path : List.of("/q/openapi", "/q/openapi.json", "/q/openapi?format=json", "/q/swagger-ui",
                "/q/swagger-ui/", "/openapi", "/q/", "/q")) {
            given().port(webhookPort()).get(path).then().statusCode(404).body("error", equalTo("not_found"));
        }
    }

    @Test
    void shouldDocumentEveryRouteOfBothPortsAndRouteEveryDocumentedOperation() {
        RouteTable table = new RouteTable();
        table.collect("webhook", routes.webhookPort());
        table.collect("operator", routes.operatorPort());
        Set<String> documented = documentedOperations();
        Set<String> documentedPaths = new TreeSet<>();
        documented.forEach(op -> documentedPaths.add(op.split(" ", 3)[0] + " " + op.split(" ", 3)[2]));

        List<String> undocumented = new ArrayList<>();
        table.byMethod().forEach((operation, vertxPath) -> {
            if (!documented.contains(operation) && !INTERNAL.containsKey(operation)) {
                undocumented.add(operation + "   (route " + vertxPath + ")");
            }
        });
        table.anyMethod().stream().filter(path -> !documentedPaths.contains(path) && !INTERNAL.containsKey(path))
                .forEach(path -> undocumented.add(path + "   (a route for every method, or every path below it)"));
        assertThat(undocumented).as("routes missing from META-INF/openapi.yaml (or from INTERNAL, with a reason)")
                .isEmpty();

        List<String> unrouted = documented.stream().filter(op -> !table.serves(op))
                .toList();
        assertThat(unrouted).as("documented operations no route serves on the port x-switchboard-port names")
                .isEmpty();
        assertThat(table.byMethod()).as("the walk reached both routers")
                .containsKeys("webhook POST /webhooks/chat", "webhook GET /webhooks/wechat/{account}",
                        "operator GET /customers/{id}/context", "operator DELETE /customers/{id}");
    }

    @Test
    void shouldEnforceTheRoleEveryOperatorOperationNames() {
        List<String> wrong = new ArrayList<>();
        forEachOperation((port, method, path, operation) -> {
            if (!port.equals("operator")) {
                return;
            }
            String name = method + " " + path;
            Role role = Role.parse(operation.path("x-switchboard-role").asText()).orElse(null);
            if (role == null) {
                wrong.add(name + " names no x-switchboard-role");
                return;
            }
            Set<String> schemes = new TreeSet<>();
            operation.path("security").forEach(requirement -> requirement.fieldNames().forEachRemaining(schemes::add));
            if (!schemes.equals(Set.of("operatorBearer", "operatorBasic"))) {
                wrong.add(name + " security " + schemes);
            }
            if (!operation.path("description").asText().contains("Role: " + role.wireName())) {
                wrong.add(name + " description does not say 'Role: " + role.wireName() + "'");
            }
            String concrete = concrete(path);
            expect(wrong, name + " without a key", OperatorApi.anonymous(), method, concrete, Set.of(401), operation);
            expect(wrong, name + " with a key below " + role.wireName(), OperatorApi.as(below(role)), method, concrete,
                    Set.of(403), operation);
            int withItsRole = OperatorApi.as(role).contentType("application/json").body("{}").request(method, concrete)
                    .statusCode();
            if (withItsRole == 401 || withItsRole == 403) {
                wrong.add(name + " with a " + role.wireName() + " key answered " + withItsRole);
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void shouldAnswerEveryReadOperationAsDocumented() {
        List<String> wrong = new ArrayList<>();
        forEachOperation((port, method, path, operation) -> {
            if (!method.equals("GET")) {
                return;
            }
            RequestSpecification request = port.equals("webhook") ? given().port(webhookPort())
                    : OperatorApi.as(Role.parse(operation.path("x-switchboard-role").asText()).orElse(Role.ADMIN));
            Response response = request.get(concrete(path));
            String documented = response.statusCode() + "";
            if (!operation.path("responses").has(documented)) {
                wrong.add(method + " " + path + " answered " + documented + ", not documented: " + response.asString());
                return;
            }
            expect(wrong, method + " " + path, response, operation);
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void shouldMatchEveryExampleWithItsSchema() {
        List<String> wrong = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        walkMediaTypes(document, "", (where, media) -> {
            if (media.has("example") && media.has("schema")) {
                checked.add(where);
                errors(media.get("schema"), media.get("example")).forEach(e -> wrong.add(where + ": " + e));
            }
        });
        assertThat(wrong).isEmpty();
        assertThat(checked).as("examples found").hasSizeGreaterThan(5);

        JsonNode badChat = JSON.createObjectNode().put("messageId", "m").put("sentAt", "yesterday");
        assertThat(errors(schemaRef("ChatMessage"), badChat)).as("the check can fail").isNotEmpty();
    }

    @Test
    void shouldKeepTheContactRecordComponentsEqualToTheSchemaFile() throws IOException {
        ObjectNode file = (ObjectNode) JSON.readTree(Files.readString(Path.of("docs/contact-record.schema.json")));
        JsonNode defs = file.remove("$defs");
        file.remove(List.of("$schema", "$id"));
        JsonNode schemas = document.path("components").path("schemas");
        assertThat(schemas.get("ContactRecord")).as("ContactRecord").isEqualTo(asComponent(file));
        defs.fields().forEachRemaining(def -> assertThat(schemas.get(CONTACT_RECORD_PARTS.get(def.getKey())))
                .as(def.getKey()).isEqualTo(asComponent(def.getValue())));
    }

    // ---- the route tables

    /**
     * A router's table: routes by method, and routes for any method ("port /path"). Vert.x reports a
     * prefix route ({@code /q/metrics*}) by its prefix, so the second kind holds both; one ending in "/"
     * mounts a sub-router this walk cannot enter (Quarkus's own endpoints on the webhook port).
     */
    private record RouteTable(Map<String, String> byMethod, Set<String> anyMethod) {

        RouteTable() {
            this(new TreeMap<>(), new TreeSet<>());
        }

        void collect(String port, Router router) {
            for (Route route : router.getRoutes()) {
                String path = route.getName() != null && route.getName().startsWith("/") ? route.getName() : route.getPath();
                if (path == null) {
                    continue; // the catch-all handlers (404 JSON, failure handlers): no path to serve
                }
                String openApiPath = VERTX_PARAMETER.matcher(path).replaceAll("{$1}");
                if (route.methods() == null || route.methods().isEmpty()) {
                    anyMethod.add(port + " " + openApiPath);
                } else {
                    route.methods().forEach(method -> byMethod.put(port + " " + method.name() + " " + openApiPath, path));
                }
            }
        }

        /** Whether a request for "port METHOD /path" reaches a route, directly or through a mounted sub-router. */
        boolean serves(String operation) {
            String[] parts = operation.split(" ", 3);
            String path = parts[0] + " " + parts[2];
            return byMethod.containsKey(operation) || anyMethod.contains(path)
                    || anyMethod.stream().anyMatch(mount -> mount.endsWith("/") && path.startsWith(mount));
        }
    }

    // ---- the document

    private interface OperationVisitor {
        void visit(String port, String method, String path, JsonNode operation);
    }

    private void forEachOperation(OperationVisitor visitor) {
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (METHODS.contains(op.getKey())) {
                visitor.visit(op.getValue().path("x-switchboard-port").asText("?"), op.getKey().toUpperCase(),
                        path.getKey(), op.getValue());
            }
        }));
    }

    private Set<String> documentedOperations() {
        Set<String> operations = new TreeSet<>();
        forEachOperation((port, method, path, operation) -> operations.add(port + " " + method + " " + path));
        return operations;
    }

    private interface MediaTypeVisitor {
        void visit(String where, JsonNode mediaType);
    }

    /** Every media type object of the document: under a "content" key. */
    private static void walkMediaTypes(JsonNode node, String where, MediaTypeVisitor visitor) {
        if (!node.isObject()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("content") && field.getValue().isObject()) {
                field.getValue().fields().forEachRemaining(media ->
                        visitor.visit(where + " " + media.getKey(), media.getValue()));
            } else if (!field.getKey().equals("schemas")) {
                walkMediaTypes(field.getValue(), where + "/" + field.getKey(), visitor);
            }
        }
    }

    /** A schema file node with its {@code #/$defs/x} references pointed at the components they became. */
    private static JsonNode asComponent(JsonNode node) {
        JsonNode copy = node.deepCopy();
        rewriteRefs(copy);
        return copy;
    }

    private static void rewriteRefs(JsonNode node) {
        if (node instanceof ObjectNode object && object.has("$ref")) {
            String def = object.get("$ref").asText().replace("#/$defs/", "");
            object.put("$ref", "#/components/schemas/" + CONTACT_RECORD_PARTS.getOrDefault(def, def));
        }
        node.forEach(OpenApiDocumentTest::rewriteRefs);
    }

    private JsonNode schemaRef(String component) {
        return JSON.createObjectNode().put("$ref", "#/components/schemas/" + component);
    }

    /** Validates {@code value} against a schema of the document, its component references resolved. */
    private List<String> errors(JsonNode schema, JsonNode value) {
        ObjectNode root = JSON.createObjectNode().put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("components", document.path("components"));
        root.putArray("allOf").add(schema);
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(root)
                .validate(value, context -> context.executionConfig(c -> c.formatAssertionsEnabled(true)))
                .stream().map(Error::toString).toList();
    }

    // ---- requests

    private void expect(List<String> wrong, String what, RequestSpecification request, String method, String path,
                        Set<Integer> statuses, JsonNode operation) {
        Response response = request.contentType("application/json").body("{}").request(method, path);
        if (!statuses.contains(response.statusCode())) {
            wrong.add(what + " answered " + response.statusCode() + ", expected " + statuses);
            return;
        }
        expect(wrong, what, response, operation);
    }

    /** The answer's body matches the schema the document gives for its status and media type. */
    private void expect(List<String> wrong, String what, Response response, JsonNode operation) {
        JsonNode documented = resolve(operation.path("responses").path(response.statusCode() + ""));
        if (documented.isMissingNode()) {
            wrong.add(what + ": status " + response.statusCode() + " is not documented");
            return;
        }
        String contentType = response.contentType() == null ? "" : response.contentType().split(";")[0].strip();
        if (!contentType.equals("application/json")) {
            return;
        }
        JsonNode schema = documented.path("content").path("application/json").path("schema");
        if (schema.isMissingNode()) {
            wrong.add(what + ": answered JSON, documented without a JSON schema");
            return;
        }
        try {
            errors(schema, JSON.readTree(response.asString())).forEach(e -> wrong.add(what + " answer: " + e
                    + " in " + response.asString()));
        } catch (IOException e) {
            wrong.add(what + ": not JSON: " + response.asString());
        }
    }

    private JsonNode resolve(JsonNode maybeRef) {
        if (!maybeRef.has("$ref")) {
            return maybeRef;
        }
        JsonNode target = document;
        for (String part : maybeRef.get("$ref").asText().substring(2).split("/")) {
            target = target.path(part);
        }
        return target;
    }

    /** The highest role that may not call an endpoint needing {@code role}. */
    private static Role below(Role role) {
        return switch (role) {
            case METRICS -> Role.AGENT;
            case AGENT -> Role.METRICS;
            case SUPERVISOR -> Role.AGENT;
            case ADMIN -> Role.SUPERVISOR;
        };
    }

    /** A request path for a documented path: path parameters become values of the right shape. */
    private static String concrete(String path) {
        Matcher m = OPENAPI_PARAMETER.matcher(path);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            m.appendReplacement(out, switch (name) {
                case "partition" -> "0";
                case "offset" -> Long.toString(Long.MAX_VALUE - 1); // no dead letter there: nothing is replayed
                case "account" -> "no-such-account";
                case "replyId" -> "r-" + UUID.randomUUID();
                default -> UUID.randomUUID().toString();
            });
        }
        m.appendTail(out);
        return out.toString();
    }

    private static int webhookPort() {
        return ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }
}
