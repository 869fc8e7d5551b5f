package io.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} run headless, the way the machine notes say it works offline: renders a
 * page after a virtual-time budget and prints its DOM, or saves a screenshot. Test classes using it are
 * marked {@code @RequiresExternalTool(ExternalTool.CHROMIUM)}: skipped without the browser, failed in CI.
 */
public final class HeadlessChromium {

    private static final long TIMEOUT_SECONDS = 120;

    private HeadlessChromium() {}

    /** The DOM after the page's scripts ran for {@code budgetMillis} of virtual time. */
    public static String dumpDom(String url, int budgetMillis) throws Exception {
        return run(url, budgetMillis, "--dump-dom");
    }

    public static void screenshot(String url, int budgetMillis, Path png) throws Exception {
        Files.createDirectories(png.getParent());
        Files.deleteIfExists(png);
        run(url, budgetMillis, "--screenshot=" + png.toAbsolutePath(), "--window-size=1600,1000", "--hide-scrollbars");
        assertThat(png).as("screenshot written by chromium").exists().isNotEmptyFile();
    }

    private static String run(String url, int budgetMillis, String... action) throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        List<String> command = new ArrayList<>(List.of(ExternalTool.CHROMIUM.executable().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--virtual-time-budget=" + budgetMillis));
        command.addAll(List.of(action));
        command.add(url);
        Path errors = Files.createTempFile("chromium", ".log");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        try {
            byte[] out = process.getInputStream().readAllBytes();
            assertThat(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("chromium finished").isTrue();
            assertThat(process.exitValue()).as("chromium exit code; stderr: %s", Files.readString(errors)).isZero();
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            process.destroyForcibly();
            deleteTree(profile);
            Files.deleteIfExists(errors);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        }
    }
}
