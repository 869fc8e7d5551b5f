package io.switchboard.config;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The application's own directory tree: the directories from where its code lies up to the file
 * system's root. In a build that is target/quarkus-app/app/ (packaged jar) or target/classes/
 * ({@code mvn quarkus:dev}, tests), so the repository's config/, routes/ and target/kafka-broker/lib
 * are found whatever the working directory; in the container image it is /deployments/app/.
 */
public final class ApplicationHome {

    private final List<Path> searched;

    /** @param codeLocation a jar file or a classes directory of the application */
    public ApplicationHome(Path codeLocation) {
        Path start = Files.isRegularFile(codeLocation) ? codeLocation.getParent() : codeLocation;
        List<Path> directories = new ArrayList<>();
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            directories.add(dir);
        }
        this.searched = List.copyOf(directories);
    }

    /** The tree of the running application, from where this class was loaded. */
    public static ApplicationHome ofRunningApplication() {
        return new ApplicationHome(codeLocation());
    }

    /** The first directory {@code relative} names, looked for from the application's code upwards. */
    public Optional<Path> find(String relative) {
        return searched.stream().map(dir -> dir.resolve(relative)).filter(Files::isDirectory).findFirst();
    }

    /** Where {@link #find} looks, nearest first. */
    public List<Path> searched() {
        return searched;
    }

    private static Path codeLocation() {
        CodeSource source = ApplicationHome.class.getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation() != null && "file".equals(source.getLocation().getProtocol())) {
            try {
                return Path.of(source.getLocation().toURI());
            } catch (URISyntaxException | IllegalArgumentException e) {
                // not a plain file location: fall through to the launcher's class path
            }
        }
        // java -jar target/quarkus-app/quarkus-run.jar: the launcher is the class path
        String first = System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)[0];
        return Path.of(first.isEmpty() ? "." : first);
    }
}
