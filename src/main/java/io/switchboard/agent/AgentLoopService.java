package io.switchboard.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.kafka.KafkaConnection;
import io.switchboard.kafka.Topics;
import io.switchboard.store.Database;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.lang.management.ManagementFactory;

/** Runs this gateway instance's {@link AgentLoop} from start to shutdown (switchboard.escalation.*). */
@Singleton
public class AgentLoopService {

    private final AgentLoop loop;
    private final LoopMetrics metrics;
    private final Gauge scheduledTimers;

    @Inject
    public AgentLoopService(SwitchboardConfig config, KafkaConnection kafka, Database database, Topics topics,
            ObjectMapper json, MeterRegistry registry) {
        SwitchboardConfig.Escalation e = config.escalation();
        AgentLoopSettings settings = new AgentLoopSettings(e.groupId(), e.maxPollRecords(), e.warnFraction(),
                e.surveyDelay(), e.fireBatch(), e.relayPollInterval(), e.relayBatch());
        this.metrics = new LoopMetrics(registry);
        this.loop = e.enabled()
                ? new AgentLoop(ManagementFactory.getRuntimeMXBean().getName(), kafka.clientSettings(),
                        database.dataSource(), topics, json, metrics, settings)
                : null;
        this.scheduledTimers = loop == null ? null : metrics.scheduled(loop::scheduledTimers);
    }

    void start(@Observes StartupEvent event) {
        if (loop != null) {
            loop.start();
        }
    }

    /** Before the database and broker connections close, like the pipeline's consumers. */
    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) throws InterruptedException {
        if (loop != null) {
            loop.close();
            metrics.remove(scheduledTimers);
        }
    }
}
