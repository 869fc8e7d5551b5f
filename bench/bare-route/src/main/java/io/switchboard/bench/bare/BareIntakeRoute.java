package io.switchboard.bench.bare;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * POST /ingest → one Kafka record (acks=all, idempotent) → 202 once the broker acknowledged it. No
 * signature check, no parsing: whatever the gateway costs on top of this is its own work. The load
 * client sends the message id in a header so both sides partition records the same way.
 */
public class BareIntakeRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("platform-http:/ingest?httpMethodRestrict=POST")
                .routeId("bare-intake")
                .setHeader(KafkaConstants.KEY, header("X-Message-Id"))
                .removeHeaders("*", KafkaConstants.KEY)
                .to("kafka:{{bare.topic}}?requestRequiredAcks=all&enableIdempotence=true")
                .removeHeaders("*")
                .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(202))
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .setBody(constant("{\"stored\":true}"));
    }
}
