package io.switchboard.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where one of the gateway's folders ({@code config}, {@code routes}) is taken from: the working
 * directory's, as always; when the working directory has none, the first one in the application's
 * own directory tree, so {@code java -jar /opt/switchboard/target/quarkus-app/quarkus-run.jar} started
 * anywhere still reads the repository's files.
 *
 * @param used empty when neither has it
 */
public record ApplicationFolder(String name, Path inWorkingDirectory, Optional<Path> used, List<Path> searched) {

    public static ApplicationFolder resolve(String name, Path workingDirectory, ApplicationHome home) {
        Path own = workingDirectory.toAbsolutePath().normalize().resolve(name);
        Optional<Path> used = Files.isDirectory(own) ? Optional.of(own) : home.find(name);
        return new ApplicationFolder(name, own, used, home.searched());
    }

    public static ApplicationFolder resolve(String name) {
        return resolve(name, Path.of(""), ApplicationHome.ofRunningApplication());
    }

    public boolean fromWorkingDirectory() {
        return used.filter(inWorkingDirectory::equals).isPresent();
    }

    /** The one line the gateway logs when it does not use the working directory's folder. */
    public Optional<String> report(String whenMissing) {
        if (fromWorkingDirectory()) {
            return Optional.empty();
        }
        String looked = "No " + name + "/ in the working directory " + inWorkingDirectory.getParent();
        return Optional.of(used.map(dir -> looked + ": using " + dir + " from the application's directory tree")
                .orElseGet(() -> looked + " nor in the application's directory tree ("
                        + searched.stream().map(Path::toString).collect(Collectors.joining(", ")) + "): " + whenMissing));
    }
}
