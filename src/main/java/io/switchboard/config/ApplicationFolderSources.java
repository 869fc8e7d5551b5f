package io.switchboard.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * When the working directory has no config/ or routes/, the application's own ({@link ApplicationFolder})
 * take their place: its config/application.properties is read as Quarkus reads the working directory's,
 * and the settings that default to a path under config/ or routes/ point into it; one log line each
 * says where the gateway looked and what it uses. Whatever is set explicitly (files, environment,
 * {@code -D}) still wins. Registered in META-INF/services; runs while the configuration is built,
 * before Camel reads its routes.
 */
public class ApplicationFolderSources implements ConfigSourceFactory {

    private static final Logger LOG = Logger.getLogger(ApplicationFolderSources.class);
    /** Quarkus builds its configuration more than once per start: each line is logged once per JVM. */
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    /** Quarkus's own ordinal for the working directory's config/application.properties. */
    static final int CONFIG_FILE_ORDINAL = 260;
    /** Below every configuration file and the environment: replaces only the built-in relative defaults. */
    static final int FOLDER_DEFAULTS_ORDINAL = 150;
    static final String ROUTES_DIR = "switchboard.routes-dir";

    /** Settings whose default is a file of config/ (their @WithDefault in SwitchboardConfig), by that file's name. */
    static final Map<String, String> CONFIG_FILE_SETTINGS = Map.of(
            "switchboard.routing.file", "routing.yaml",
            "switchboard.tagging.taxonomy-file", "taxonomy.yaml",
            "switchboard.tagging.sentiment-file", "sentiment.yaml",
            "switchboard.tagging.training-file", "intent-training.csv");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Predicate<String> setExplicitly = name -> context.getValue(name).getValue() != null;
        Folders folders = folders(ApplicationFolder.resolve("config"), ApplicationFolder.resolve("routes"), setExplicitly);
        folders.report().stream().filter(LOGGED::add).forEach(LOG::warn);
        return folders.sources();
    }

    /** What the two folders contribute to the configuration, and the lines that say so. */
    record Folders(List<ConfigSource> sources, List<String> report) {}

    static Folders folders(ApplicationFolder config, ApplicationFolder routes, Predicate<String> setExplicitly) {
        List<ConfigSource> sources = new ArrayList<>();
        List<String> report = new ArrayList<>();
        Map<String, String> defaults = new HashMap<>();
        config.report("running on the packaged defaults, the environment and -D options only").ifPresent(report::add);
        if (!config.fromWorkingDirectory() && config.used().isPresent()) {
            Path dir = config.used().get();
            Path file = dir.resolve("application.properties");
            if (Files.isRegularFile(file)) {
                sources.add(propertiesFile(file));
            }
            CONFIG_FILE_SETTINGS.forEach((setting, name) -> defaults.put(setting, dir.resolve(name).toString()));
        }
        if (!setExplicitly.test(ROUTES_DIR)) {
            routes.report("Camel cannot start without the routes: set " + ROUTES_DIR + " (SWITCHBOARD_ROUTES_DIR)")
                    .ifPresent(report::add);
            if (!routes.fromWorkingDirectory()) {
                routes.used().ifPresent(dir -> defaults.put(ROUTES_DIR, dir.toString()));
            }
        }
        if (!defaults.isEmpty()) {
            sources.add(new PropertiesConfigSource(defaults, "switchboard application folders", FOLDER_DEFAULTS_ORDINAL));
        }
        return new Folders(sources, report);
    }

    private static ConfigSource propertiesFile(Path file) {
        try {
            return new PropertiesConfigSource(file.toUri().toURL(), CONFIG_FILE_ORDINAL);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }
}
