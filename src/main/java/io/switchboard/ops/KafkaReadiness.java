package io.switchboard.ops;

import io.switchboard.kafka.KafkaConnection;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the Kafka cluster answers: without it the gateway can accept nothing. */
@Readiness
@Singleton
public class KafkaReadiness implements HealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final KafkaConnection kafka;

    @Inject
    public KafkaReadiness(KafkaConnection kafka) {
        this.kafka = kafka;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("kafka")
                .status(kafka.reachable(TIMEOUT))
                .withData("bootstrap", kafka.bootstrapServers())
                .build();
    }
}
