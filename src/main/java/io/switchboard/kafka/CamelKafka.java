package io.switchboard.kafka;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Map;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Routes that read Kafka with camel-kafka ({@code kafka:} endpoints in routes/) reach the cluster this gateway
 * decided on (external or embedded, with its TLS/SASL settings), and commit offsets only when the route says so.
 */
@Singleton
public class CamelKafka {

    @Produces
    @Singleton
    @Named("kafka")
    KafkaComponent kafkaComponent(KafkaConnection kafka) {
        KafkaComponent component = new KafkaComponent();
        Map<String, Object> settings = kafka.clientSettings();
        component.getConfiguration().setBrokers((String) settings.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
        component.getConfiguration().setAdditionalProperties(settings);
        return component;
    }

    /** Route step after the last one that must succeed: commits the offset of the exchange's record. */
    @Named("kafkaOffsets")
    @Singleton
    @io.quarkus.arc.Unremovable
    public static class Offsets {
        public void commit(@org.apache.camel.Header(org.apache.camel.component.kafka.KafkaConstants.MANUAL_COMMIT)
                KafkaManualCommit manual) {
            manual.commit();
        }
    }
}
