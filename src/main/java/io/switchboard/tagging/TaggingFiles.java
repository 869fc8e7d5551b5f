package io.switchboard.tagging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.Priority;
import io.switchboard.priority.RoutingPolicy;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The taxonomy, sentiment lexicon and routing policy files, hot-reloaded: checked every
 * {@code switchboard.tagging.reload-interval}; a changed valid file replaces the old one between two
 * messages, an invalid one is logged, counted ({@code switchboard_config_reloads_total{outcome="failed"}}),
 * flagged ({@code switchboard_config_file_valid} = 0) and shown on the {@code config-files} health
 * check, while the last valid version keeps serving.
 */
@Singleton
public class TaggingFiles {

    private static final Logger LOG = Logger.getLogger(TaggingFiles.class);

    private final WatchedFile<Taxonomy> taxonomy;
    private final WatchedFile<SentimentAnalyzer> sentiment;
    private final WatchedFile<RoutingPolicy> routing;
    private final long intervalMillis;
    private final MeterRegistry registry;
    private final List<Gauge> validity = new ArrayList<>();
    private ScheduledExecutorService scheduler;

    @Inject
    public TaggingFiles(SwitchboardConfig config, MeterRegistry registry) {
        this(new WatchedFile<>("taxonomy", config.tagging().taxonomyFile(), Taxonomy::parse),
                new WatchedFile<>("sentiment", config.tagging().sentimentFile(), SentimentAnalyzer::parse),
                new WatchedFile<>("routing", config.routing().file(),
                        text -> RoutingPolicy.parse(text, slaOverrides(config), config.routing().defaultQueue())),
                config.tagging().reloadInterval().toMillis(), registry);
    }

    public TaggingFiles(WatchedFile<Taxonomy> taxonomy, WatchedFile<SentimentAnalyzer> sentiment,
            WatchedFile<RoutingPolicy> routing, long intervalMillis, MeterRegistry registry) {
        this.taxonomy = taxonomy;
        this.sentiment = sentiment;
        this.routing = routing;
        this.intervalMillis = intervalMillis;
        this.registry = registry;
        for (WatchedFile<?> f : files()) {
            validity.add(Gauge.builder("switchboard.config.file.valid", f, w -> w.error().isPresent() ? 0 : 1)
                    .description("1 while the file on disk is the version in use, 0 while it is invalid")
                    .tag("file", f.name())
                    .register(registry));
        }
    }

    static Map<Priority, RoutingPolicy.Override> slaOverrides(SwitchboardConfig config) {
        Map<Priority, RoutingPolicy.Override> out = new EnumMap<>(Priority.class);
        config.sla().forEach((name, target) -> out.put(Priority.fromWireName(name),
                new RoutingPolicy.Override(target.respondWithin(), target.resolveWithin())));
        return out;
    }

    void start(@Observes StartupEvent event) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "config-file-reload");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::checkAll, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Quarkus shares one global registry between application restarts in a JVM (tests): a gauge left
     * behind would keep answering for this instance's files, and the next instance's would not register.
     */
    @PreDestroy
    void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        validity.forEach(registry::remove);
    }

    public Taxonomy taxonomy() {
        return taxonomy.current();
    }

    public SentimentAnalyzer sentiment() {
        return sentiment.current();
    }

    public RoutingPolicy routing() {
        return routing.current();
    }

    public List<WatchedFile<?>> files() {
        return List.of(taxonomy, sentiment, routing);
    }

    /** One round of checks; also what the scheduler runs. */
    public void checkAll() {
        for (WatchedFile<?> f : files()) {
            WatchedFile.Outcome outcome;
            try {
                outcome = f.check();
            } catch (RuntimeException e) {
                LOG.errorf(e, "Checking %s (%s) failed", f.name(), f.path());
                continue;
            }
            switch (outcome) {
                case RELOADED -> LOG.infof("Reloaded %s from %s", f.name(), f.path());
                case FAILED -> LOG.errorf("Ignoring invalid %s (%s), still using the version loaded at %s: %s",
                        f.name(), f.path(), f.loadedAt(), f.error().orElse("?"));
                case UNCHANGED -> {
                    continue;
                }
            }
            Counter.builder("switchboard.config.reloads").tag("file", f.name())
                    .tag("outcome", outcome == WatchedFile.Outcome.RELOADED ? "reloaded" : "failed")
                    .register(registry).increment();
        }
    }
}
