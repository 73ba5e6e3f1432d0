package io.rezilient.restore.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code ./rez} launcher keeps a caller's {@code REZ_HOME} and defaults it to the checkout's {@code .rez}. It runs
 * from a copy of the checkout holding only the launcher, its JDK script and the packaged jar, so it never rebuilds.
 */
class RezLauncherIT {
    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void aCallersRezHomeIsKept() throws Exception {
        Path checkout = copyOfLauncher(dir);
        Path home = dir.resolve("state-elsewhere");

        Result status = run(checkout, Map.of("REZ_HOME", home.toString()), "pg", "status");

        assertThat(status.exitCode()).as(status.output()).isEqualTo(PgCommand.NOT_RUNNING);
        assertThat(status.output()).contains("no cluster in " + home.resolve("pg") + " yet");
    }

    @Test
    void withoutRezHomeStateStaysInTheCheckout() throws Exception {
        Path checkout = copyOfLauncher(dir);

        Result status = run(checkout, Map.of(), "pg", "status");

        assertThat(status.exitCode()).as(status.output()).isEqualTo(PgCommand.NOT_RUNNING);
        assertThat(status.output()).contains("no cluster in " + checkout.resolve(".rez/pg") + " yet");
    }

    @org.junit.jupiter.api.AfterEach
    void unlinkLibraries() throws IOException {
        // JUnit would warn about a link that leaves the temporary directory; the libraries themselves stay
        Files.deleteIfExists(dir.resolve("checkout/cli/target/lib"));
    }

    private static Path copyOfLauncher(Path dir) throws IOException {
        Path checkout = Files.createDirectories(dir.resolve("checkout"));
        Files.copy(CHECKOUT.resolve("rez"), checkout.resolve("rez"));
        Files.createDirectories(checkout.resolve("scripts"));
        Files.copy(CHECKOUT.resolve("scripts/jdk.sh"), checkout.resolve("scripts/jdk.sh"));
        Path target = Files.createDirectories(checkout.resolve("cli/target"));
        Files.copy(CHECKOUT.resolve("cli/target/rez.jar"), target.resolve("rez.jar"));
        Files.createSymbolicLink(target.resolve("lib"), CHECKOUT.resolve("cli/target/lib"));
        return checkout;
    }

    record Result(int exitCode, String output) {
    }

    private static Result run(Path checkout, Map<String, String> env, String... args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(concat(checkout.resolve("rez").toString(), args))
                .directory(checkout.toFile()).redirectErrorStream(true);
        builder.environment().remove("REZ_HOME");
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private static List<String> concat(String first, String... rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), java.util.stream.Stream.of(rest))
                .toList();
    }
}
