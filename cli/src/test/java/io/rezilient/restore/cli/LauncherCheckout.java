package io.rezilient.restore.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A checkout as the {@code ./rez} launcher sees it, made of the real launcher, its JDK script and this build's
 * packaged jar (failsafe runs after {@code package}), with no sources, so the launcher never rebuilds. Commands run in
 * it as a user runs them, in a shell whose {@code REZ_*}, {@code RRS_*} and {@code PORT} variables are the test's.
 */
final class LauncherCheckout {
    static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();

    private final Path root;

    private LauncherCheckout(Path root) {
        this.root = root;
    }

    static LauncherCheckout in(Path dir) throws IOException {
        Path root = Files.createDirectories(dir.resolve("checkout"));
        Files.copy(CHECKOUT.resolve("rez"), root.resolve("rez"));
        Files.createDirectories(root.resolve("scripts"));
        Files.copy(CHECKOUT.resolve("scripts/jdk.sh"), root.resolve("scripts/jdk.sh"));
        Path target = Files.createDirectories(root.resolve("cli/target"));
        Files.copy(CHECKOUT.resolve("cli/target/rez.jar"), target.resolve("rez.jar"));
        Files.createSymbolicLink(target.resolve("lib"), CHECKOUT.resolve("cli/target/lib"));
        return new LauncherCheckout(root);
    }

    Path root() {
        return root;
    }

    record Result(int exitCode, String output) {
    }

    /**
     * Runs {@code script} with bash in the checkout. Whatever it started and left running (a background service) is
     * ended with it.
     */
    Result bash(String script, Map<String, String> env, Duration timeout) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of("bash", "-c", script)).directory(root.toFile())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("REZ_") || name.startsWith("RRS_")
                || name.equals("PORT"));
        builder.environment().putAll(env);
        Path output = root.resolve("script-output.txt");
        builder.redirectOutput(output.toFile());
        Process process = builder.start();
        process.getOutputStream().close();
        try {
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (!finished) {
                throw new AssertionError("the script ran longer than " + timeout + "; its output:\n" + text);
            }
            return new Result(process.exitValue(), text);
        } finally {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }

    /** Removes the link to the build's libraries, so JUnit does not warn about a link out of its directory. */
    void unlinkLibraries() throws IOException {
        Files.deleteIfExists(root.resolve("cli/target/lib"));
    }
}
