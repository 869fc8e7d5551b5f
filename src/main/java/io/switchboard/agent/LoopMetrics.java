package io.switchboard.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Agent events by type and outcome, timers fired, and how late they fired, as Prometheus exposes them. */
public class LoopMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> lateness = new ConcurrentHashMap<>();

    public LoopMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param outcome applied, malformed, unknown-type, stale, duplicate, closed, resolved, unknown-conversation… */
    public void event(String type, String outcome) {
        counters.computeIfAbsent("e|" + type + "|" + outcome, k -> Counter.builder("switchboard.agent.events")
                .tag("type", type).tag("outcome", outcome).register(registry)).increment();
    }

    /** A timer that published: sla-warning, sla-breach, moved, survey; lateness behind its due moment. */
    public void fired(String type, Duration late) {
        lateness.computeIfAbsent(type, k -> Timer.builder("switchboard.agent.timer.lateness").tag("type", type)
                .publishPercentiles(0.5, 0.99).register(registry)).record(late.isNegative() ? Duration.ZERO : late);
    }

    /** Records the outbox relay published (escalations, surveys, re-routed records, dead letters). */
    public void relayed(int records) {
        counters.computeIfAbsent("relayed", k -> Counter.builder("switchboard.agent.outbox.relayed")
                .description("loop events the outbox relay published in committed Kafka transactions")
                .register(registry)).increment(records);
    }

    /** Held strongly: a gauge keeps only a weak reference, and nothing else holds the supplier. */
    public Gauge scheduled(Supplier<Number> size) {
        return Gauge.builder("switchboard.agent.timers.scheduled", size, s -> s.get().doubleValue())
                .description("SLA, next-target and survey timers this instance holds in memory")
                .strongReference(true).register(registry);
    }

    /** Quarkus shares one global registry between application restarts in a JVM (tests): drop what points at this one. */
    public void remove(Gauge gauge) {
        registry.remove(gauge);
    }
}
