package io.switchboard.drills;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.switchboard.testing.GatewayInfrastructure;

/** The hostile-input drill against the packaged gateway ({@code java -jar target/quarkus-app/quarkus-run.jar}). */
@QuarkusIntegrationTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
class HostileInputDrillIT extends HostileInputDrillTest {
}
