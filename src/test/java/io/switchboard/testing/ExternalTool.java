package io.switchboard.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A program outside the JDK and Maven that some tests drive. Where it is missing those tests are
 * skipped with a message saying what to install, unless the environment variable {@link #requiredBy}
 * is {@code true} (as {@code .ci/run} sets it): then they fail, so CI can never skip them silently.
 */
public enum ExternalTool {

    /** Debian's headless Chromium for the dashboard's browser tests. */
    CHROMIUM("SWITCHBOARD_REQUIRE_BROWSER", "apt-get install -y chromium, or run with -Dswitchboard.test.chromium=<path>") {
        @Override
        public Optional<Path> locate() {
            return Optional.of(Path.of(System.getProperty("switchboard.test.chromium", "/usr/bin/chromium")))
                    .filter(Files::isExecutable);
        }
    },

    /** kubectl with its built-in kustomize (v4 or later) for rendering k8s/. */
    KUBECTL("SWITCHBOARD_REQUIRE_KUBECTL", "put kubectl 1.21 or later on the PATH, or set SWITCHBOARD_KUBECTL=<path>") {
        @Override
        public Optional<Path> locate() {
            String configured = System.getenv("SWITCHBOARD_KUBECTL");
            if (configured != null && !configured.isBlank()) {
                return Optional.of(Path.of(configured)).filter(Files::isExecutable);
            }
            return onPath("kubectl");
        }
    };

    /** The environment variable under which a missing tool fails its tests instead of skipping them. */
    public final String requiredBy;
    private final String installHint;

    ExternalTool(String requiredBy, String installHint) {
        this.requiredBy = requiredBy;
        this.installHint = installHint;
    }

    public abstract Optional<Path> locate();

    /** The tool's executable; fails the calling test when it is missing. */
    public Path executable() {
        return locate().orElseThrow(() -> new AssertionError(missing()));
    }

    public boolean required() {
        return Boolean.parseBoolean(System.getenv(requiredBy));
    }

    public String missing() {
        return name().toLowerCase(Locale.ROOT) + " is missing (" + installHint + "); " + requiredBy
                + "=true makes its absence a failure";
    }

    private static Optional<Path> onPath(String program) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, program)).filter(Files::isExecutable).findFirst();
    }
}
