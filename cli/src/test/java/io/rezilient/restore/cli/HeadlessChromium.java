package io.rezilient.restore.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * Chromium run headless on a local page, as a person's browser would open it: the page's DOM after parsing, and a
 * screenshot. Every run has its own throwaway profile and no network features, and is killed after a minute.
 */
final class HeadlessChromium {
    private static final long TIMEOUT_SECONDS = 60;

    private final Path executable;
    private final Path workDir;

    private HeadlessChromium(Path executable, Path workDir) {
        this.executable = executable;
        this.workDir = workDir;
    }

    /** Chromium from the PATH; fails the test (never skips it) when it is not installed. */
    static HeadlessChromium onPath(Path workDir) {
        return new HeadlessChromium(find().orElseGet(() -> fail("chromium is not installed (not on the PATH): run"
                + " scripts/chromium.sh, which installs it from the Debian packages")), workDir);
    }

    private static Optional<Path> find() {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, "chromium");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The page's DOM as Chromium serialises it once loaded. */
    String dumpDom(Path page) throws IOException, InterruptedException {
        return run("dump-dom", page, List.of("--dump-dom"));
    }

    /** A screenshot of the page's first 1200×2400 pixels, written to {@code png}. */
    void screenshot(Path page, Path png) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        run("screenshot", page, List.of("--screenshot=" + png.toAbsolutePath(), "--hide-scrollbars"));
        if (!Files.isRegularFile(png)) {
            fail("chromium exited 0 but wrote no screenshot at " + png);
        }
    }

    private String run(String name, Path page, List<String> action) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(workDir, "chromium-profile-");
        Path stdout = workDir.resolve(name + ".stdout");
        Path stderr = workDir.resolve(name + ".stderr");
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1200,2400"));
        command.addAll(action);
        command.add(page.toAbsolutePath().toUri().toString());
        Process chromium = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .start();
        if (!chromium.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            chromium.descendants().forEach(ProcessHandle::destroyForcibly);
            chromium.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("chromium " + name + " did not finish within " + TIMEOUT_SECONDS + " s; stderr:\n"
                    + Files.readString(stderr, StandardCharsets.UTF_8));
        }
        if (chromium.exitValue() != 0) {
            fail("chromium " + name + " exited " + chromium.exitValue() + "; stderr:\n"
                    + Files.readString(stderr, StandardCharsets.UTF_8));
        }
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }
}
