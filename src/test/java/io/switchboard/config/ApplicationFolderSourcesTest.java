package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * config/ and routes/ of the working directory, else of the application's directory tree: a repository
 * checkout whose packaged jar sits under target/quarkus-app/app, started from a directory elsewhere.
 */
class ApplicationFolderSourcesTest {

    private static final Predicate<String> NOTHING_SET = name -> false;

    @TempDir
    Path root;

    private Path repository;
    private Path elsewhere;
    private ApplicationHome home;

    @BeforeEach
    void checkout() throws IOException {
        repository = Files.createDirectories(root.resolve("repo"));
        Files.createDirectories(repository.resolve("config"));
        Files.writeString(repository.resolve("config/application.properties"), "switchboard.routing.default-queue=support\n");
        Files.createDirectories(repository.resolve("routes"));
        Path jar = Files.createDirectories(repository.resolve("target/quarkus-app/app")).resolve("switchboard.jar");
        Files.writeString(jar, "");
        home = new ApplicationHome(jar);
        elsewhere = Files.createDirectories(root.resolve("elsewhere"));
    }

    @Test
    void theWorkingDirectorysFoldersAreUsedWithoutAWord() {
        var folders = ApplicationFolderSources.folders(ApplicationFolder.resolve("config", repository, home),
                ApplicationFolder.resolve("routes", repository, home), NOTHING_SET);

        assertThat(folders.sources()).isEmpty();
        assertThat(folders.report()).isEmpty();
    }

    @Test
    void startedElsewhereTheApplicationsOwnFoldersAreReadAndNamedInOneLineEach() {
        var folders = ApplicationFolderSources.folders(ApplicationFolder.resolve("config", elsewhere, home),
                ApplicationFolder.resolve("routes", elsewhere, home), NOTHING_SET);

        assertThat(folders.report()).containsExactly(
                "No config/ in the working directory " + elsewhere + ": using " + repository.resolve("config")
                        + " from the application's directory tree",
                "No routes/ in the working directory " + elsewhere + ": using " + repository.resolve("routes")
                        + " from the application's directory tree");
        ConfigSource file = source(folders.sources(), ApplicationFolderSources.CONFIG_FILE_ORDINAL);
        assertThat(file.getValue("switchboard.routing.default-queue")).isEqualTo("support");
        ConfigSource defaults = source(folders.sources(), ApplicationFolderSources.FOLDER_DEFAULTS_ORDINAL);
        assertThat(defaults.getValue("switchboard.routes-dir")).isEqualTo(repository.resolve("routes").toString());
        assertThat(defaults.getValue("switchboard.tagging.taxonomy-file"))
                .isEqualTo(repository.resolve("config/taxonomy.yaml").toString());
        assertThat(defaults.getValue("switchboard.routing.file")).isEqualTo(repository.resolve("config/routing.yaml").toString());
    }

    @Test
    void anExplicitRoutesDirIsLeftAloneAndNotReported() {
        var folders = ApplicationFolderSources.folders(ApplicationFolder.resolve("config", repository, home),
                ApplicationFolder.resolve("routes", elsewhere, home), "switchboard.routes-dir"::equals);

        assertThat(folders.report()).isEmpty();
        assertThat(folders.sources()).isEmpty();
    }

    @Test
    void foldersFoundNowhereAreReportedWithEveryPlaceLookedAt() {
        ApplicationHome bare = new ApplicationHome(elsewhere);
        var folders = ApplicationFolderSources.folders(ApplicationFolder.resolve("config", elsewhere, bare),
                ApplicationFolder.resolve("routes", elsewhere, bare), NOTHING_SET);

        assertThat(folders.sources()).isEmpty();
        assertThat(folders.report()).hasSize(2);
        assertThat(folders.report().get(0)).startsWith("No config/ in the working directory " + elsewhere
                + " nor in the application's directory tree (" + elsewhere + ", " + root + ", ")
                .endsWith("running on the packaged defaults, the environment and -D options only");
        assertThat(folders.report().get(1)).startsWith("No routes/ in the working directory " + elsewhere)
                .contains("Camel cannot start without the routes: set switchboard.routes-dir");
    }

    @Test
    void theApplicationsTreeIsSearchedFromItsCodeUpwards() throws IOException {
        Files.createDirectories(repository.resolve("target/kafka-broker/lib"));

        assertThat(home.searched()).startsWith(repository.resolve("target/quarkus-app/app"),
                repository.resolve("target/quarkus-app"), repository.resolve("target"), repository);
        assertThat(home.find("kafka-broker/lib")).contains(repository.resolve("target/kafka-broker/lib"));
        assertThat(home.find("no-such-folder")).isEmpty();
    }

    /** The paths this class points into the application's config/ are those SwitchboardConfig defaults to. */
    @Test
    void redirectedSettingsAreTheOnesDefaultingToAFileOfConfig() {
        Map<String, Optional<String>> properties = new TreeMap<>();
        ConfigProperties.all().forEach((name, property) -> properties.put(name, property.defaultValue()));
        ApplicationFolderSources.CONFIG_FILE_SETTINGS.forEach((setting, file) ->
                assertThat(properties.get(setting)).as(setting).contains("config/" + file));
        assertThat(properties.entrySet().stream().filter(p -> p.getValue().filter(d -> d.startsWith("config/")).isPresent())
                .map(Map.Entry::getKey)).containsExactlyInAnyOrderElementsOf(ApplicationFolderSources.CONFIG_FILE_SETTINGS.keySet());
        assertThat(properties).containsKey(ApplicationFolderSources.ROUTES_DIR);
    }

    private static ConfigSource source(List<ConfigSource> sources, int ordinal) {
        return sources.stream().filter(s -> s.getOrdinal() == ordinal).findFirst().orElseThrow();
    }
}
