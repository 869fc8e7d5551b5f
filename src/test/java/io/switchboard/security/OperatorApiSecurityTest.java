package io.switchboard.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.switchboard.testing.ChatRequests;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.OperatorApi;
import io.switchboard.testing.TopicReader;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Nothing but the webhooks and the health probes answers without a credential, on either port: the test
 * walks both routers' whole route tables, so a route added later without {@link OperatorAccess} fails
 * here. Then the role matrix, audit by credential name, and the look-up rate limit.
 */
@QuarkusTest
@TestProfile(OperatorApiSecurityTest.SlowLookups.class)
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
class OperatorApiSecurityTest {

    /** Five look-ups per key, then one every 1,000 s: the rate limit shows without depending on timing. */
    public static class SlowLookups implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.security.lookups-per-second", "0.001", "switchboard.security.lookup-burst", "5");
        }
    }

    private static final Pattern PARAMETER = Pattern.compile(":([A-Za-z]+)");
    private static final Set<String> OPEN_PREFIXES = Set.of("/webhooks/", "/q/health");

    @Inject
    RouteTables routes;

    @Test
    void shouldAnswerNoRouteOfEitherPortWithSuccessWithoutACredential() {
        List<String> open = new ArrayList<>();
        Set<String> checked = new TreeSet<>();
        int webhookPort = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        walk(routes.webhookPort(), webhookPort, checked, open);
        walk(routes.operatorPort(), OperatorApi.port(), checked, open);

        assertThat(open).as("routes answering 2xx without a credential").isEmpty();
        assertThat(checked).as("operator routes the walk reached")
                .contains("GET /customers", "GET /customers/:id/context", "DELETE /customers/:id", "GET /queues",
                        "GET /dashboard", "GET /dashboard/summary", "GET /dead-letters", "GET /audit", "GET /q/metrics");
    }

    private static void walk(Router router, int port, Set<String> checked, List<String> open) {
        for (Route route : router.getRoutes()) {
            String path = route.getName() != null && route.getName().startsWith("/") ? route.getName() : route.getPath();
            if (path == null || OPEN_PREFIXES.stream().anyMatch(path::startsWith)) {
                continue;
            }
            Set<HttpMethod> methods = route.methods() == null || route.methods().isEmpty()
                    ? Set.of(HttpMethod.GET, HttpMethod.POST) : route.methods();
            for (HttpMethod method : methods) {
                String concrete = concrete(path);
                checked.add(method.name() + " " + path);
                for (RequestSpecification request : List.of(given().port(port),
                        given().port(port).header("Authorization", "Bearer not-a-key"),
                        given().port(port).auth().preemptive().basic("someone", "not-a-key"))) {
                    Response response = request.contentType("application/json").body("{}").request(method.name(), concrete);
                    if (response.statusCode() < 300) {
                        open.add(method.name() + " " + concrete + " on port " + port + " -> " + response.statusCode());
                    }
                }
            }
        }
    }

    /** A request path for a route path: path parameters become values of the right shape. */
    private static String concrete(String path) {
        String withoutWildcard = path.endsWith("*") ? path.substring(0, path.length() - 1) : path;
        Matcher m = PARAMETER.matcher(withoutWildcard);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            m.appendReplacement(out, name.equals("partition") || name.equals("offset") ? "0"
                    : name.equals("account") ? "oa" : UUID.randomUUID().toString());
        }
        m.appendTail(out);
        return out.toString();
    }

    @Test
    void shouldLetEachRoleDoWhatItMayAndAnswer403WithTheRoleNeededOtherwise() {
        String customer = UUID.randomUUID().toString();
        OperatorApi.as(Role.METRICS).get("/q/metrics").then().statusCode(200);
        OperatorApi.as(Role.METRICS).get("/customers/" + customer + "/context").then().statusCode(403)
                .body("error", equalTo("forbidden")).body("message", containsString("needs the agent role"));
        OperatorApi.as(Role.AGENT).get("/customers/" + customer + "/context").then().statusCode(404);
        OperatorApi.as(Role.AGENT).get("/queues").then().statusCode(403).body("message", containsString("supervisor"));
        OperatorApi.as(Role.AGENT).get("/q/metrics").then().statusCode(403);
        OperatorApi.as(Role.SUPERVISOR).get("/queues").then().statusCode(200);
        OperatorApi.as(Role.SUPERVISOR).get("/dashboard/summary").then().statusCode(200);
        OperatorApi.as(Role.SUPERVISOR).get("/q/metrics").then().statusCode(200);
        OperatorApi.as(Role.SUPERVISOR).delete("/customers/" + customer).then().statusCode(403)
                .body("message", containsString("needs the admin role"));
        OperatorApi.as(Role.SUPERVISOR).get("/audit").then().statusCode(403);
        OperatorApi.as(Role.ADMIN).delete("/customers/" + customer).then().statusCode(404);
        OperatorApi.asLegacyAdmin().get("/audit").then().statusCode(200);
        OperatorApi.anonymous().get("/queues").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"))
                .body("error", equalTo("unauthorized"));
    }

    @Test
    void shouldAuditReadsAndChangesByTheCredentialsName() {
        String visitor = "audit-" + UUID.randomUUID();
        String contactId = ChatRequests.post(ChatRequests.fromNewVisitor(visitor, "audit me")).then().statusCode(202)
                .extract().path("id");
        String customer = TopicReader.read("switchboard.contacts", TopicReader.valueContains(contactId), 1,
                java.time.Duration.ofSeconds(60)).get(0).key();

        OperatorApi.as(Role.ADMIN).queryParam("visitor", "visitor-" + visitor).get("/customers").then().statusCode(200);
        OperatorApi.as(Role.AGENT).get("/customers/" + customer + "/context").then().statusCode(200);
        OperatorApi.as(Role.SUPERVISOR).contentType("application/json").body("{\"vip\":true}")
                .put("/customers/" + customer + "/vip").then().statusCode(200);

        OperatorApi.as(Role.ADMIN).queryParam("customer", customer).get("/audit").then().statusCode(200)
                .body("entries.findAll { it.actor == '" + OperatorApi.keyName(Role.AGENT) + "' }.action",
                        hasItem("customer.context.read"))
                .body("entries.findAll { it.actor == '" + OperatorApi.keyName(Role.SUPERVISOR) + "' }.action",
                        hasItem("customer.vip.set"))
                .body("entries.findAll { it.actor == '" + OperatorApi.keyName(Role.ADMIN) + "' }.action",
                        hasItem("customer.lookup"))
                .body("entries.customerId", org.hamcrest.Matchers.everyItem(equalTo(customer)));
        OperatorApi.as(Role.ADMIN).queryParam("customer", "nope").get("/audit").then().statusCode(400)
                .body("field", equalTo("customer"));
    }

    @Test
    void shouldAnswer429WithRetryAfterOnceAKeyUsedItsLookUps() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            statuses.add(OperatorApi.as(Role.SUPERVISOR).queryParam("phone", "+8613800000000").get("/customers").statusCode());
        }
        assertThat(statuses.subList(0, 5)).containsOnly(404);
        assertThat(statuses.subList(5, 7)).containsOnly(429);
        OperatorApi.as(Role.SUPERVISOR).queryParam("phone", "+8613800000000").get("/customers").then().statusCode(429)
                .header("Retry-After", org.hamcrest.Matchers.notNullValue()).body("error", equalTo("too_many_requests"));
        // another key has its own bucket
        OperatorApi.asLegacyAdmin().queryParam("phone", "+8613800000000").get("/customers").then().statusCode(404);
    }
}
