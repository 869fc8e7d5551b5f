package io.switchboard.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.domain.Channel;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Per-channel intake counters and the ingress → agent-queue latency, as Prometheus exposes them. */
@Singleton
public class IngressMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<Channel, Timer> toQueue = new ConcurrentHashMap<>();

    @Inject
    public IngressMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void accepted(Channel channel) {
        counter("switchboard.ingress.accepted", channel, "none").increment();
    }

    /** @param reason a short fixed word (signature, payload, too-large, media-type, unavailable) */
    public void rejected(Channel channel, String reason) {
        counter("switchboard.ingress.rejected", channel, reason).increment();
    }

    public void deadLettered(Channel channel, String stage) {
        counter("switchboard.pipeline.dead-lettered", channel, stage).increment();
    }

    /** @param outcome done, error (stored, some rows rejected) or retry (left in the inbox: broker away) */
    public void cdrFile(String outcome) {
        counters.computeIfAbsent("switchboard.cdr.files|" + outcome, k -> Counter.builder("switchboard.cdr.files")
                .tag("outcome", outcome).register(registry)).increment();
    }

    public void duplicateDropped(Channel channel) {
        counter("switchboard.pipeline.duplicates", channel, "none").increment();
    }

    /** Time from the gateway receiving a message to its record being acknowledged on an agent queue. */
    public void reachedQueue(Channel channel, Duration sinceReceived) {
        toQueue.computeIfAbsent(channel, c -> Timer.builder("switchboard.ingress.to.queue")
                .description("From a message reaching the gateway to its record acknowledged on an agent queue")
                .tag("channel", c.wireName())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry))
                .record(sinceReceived.isNegative() ? Duration.ZERO : sinceReceived);
    }

    private Counter counter(String name, Channel channel, String reason) {
        return counters.computeIfAbsent(name + '|' + channel + '|' + reason, k -> {
            Counter.Builder builder = Counter.builder(name).tag("channel", channel.wireName());
            if (!"none".equals(reason)) {
                builder.tag("reason", reason);
            }
            return builder.register(registry);
        });
    }
}
