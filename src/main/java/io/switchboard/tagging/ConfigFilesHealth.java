package io.switchboard.tagging;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Shows which version of each hot-reloaded file is in use and why a newer one was refused. Stays UP
 * when a file is invalid: the last valid version keeps serving, and taking every pod out of service
 * for a typo would turn a config mistake into an outage.
 */
@Readiness
@Singleton
public class ConfigFilesHealth implements HealthCheck {

    private final TaggingFiles files;

    @Inject
    public ConfigFilesHealth(TaggingFiles files) {
        this.files = files;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("config-files").up();
        for (WatchedFile<?> f : files.files()) {
            builder.withData(f.name(), f.error()
                    .map(e -> "INVALID, using the version loaded at " + f.loadedAt() + ": " + e)
                    .orElse("ok, loaded at " + f.loadedAt() + " from " + f.path()));
        }
        return builder.build();
    }
}
