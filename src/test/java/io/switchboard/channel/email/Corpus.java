package io.switchboard.channel.email;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Locates the shared .eml corpus: system property switchboard.shared-data (default ../shared/data), else /work/shared/data. */
final class Corpus {

    private Corpus() {
    }

    static Path emlRoot() {
        String prop = System.getProperty("switchboard.shared-data", "../shared/data");
        Path p = Paths.get(prop).resolve("eml");
        if (!Files.isDirectory(p)) {
            p = Paths.get("/work/shared/data/eml");
        }
        return p;
    }

    static List<Path> files() {
        Path root = emlRoot();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> {
                        String n = f.getFileName().toString().toUpperCase(Locale.ROOT);
                        return !n.startsWith("LICENSE") && !n.startsWith("NOTICE") && !n.startsWith("README")
                                && !n.endsWith(".MD");
                    })
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String relative(Path f) {
        return emlRoot().relativize(f).toString().replace('\\', '/');
    }

    static byte[] read(String relative) {
        try {
            return Files.readAllBytes(emlRoot().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
