package io.rezilient.restore.cli;

import io.rezilient.restore.capture.keys.KeyringFile;
import io.rezilient.restore.db.PgUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code rez service} without a database: configuration errors and the variable table. */
class ServiceCommandTest {
    static ConformanceCommandTest.Run service(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        CommandLine commandLine = new CommandLine(new ServiceCommand(() -> env));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(out, true));
        int exit = commandLine.execute(args);
        return new ConformanceCommandTest.Run(exit, out.toString());
    }

    @Test
    void aConfigurationErrorIsOneLineAndExit2() {
        ConformanceCommandTest.Run run = service(Map.of("PORT", "nope", "RRS_AUTH_SIGNING_KEY", "s3cret"), "run");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lines()).hasSize(1);
        assertThat(run.output()).startsWith("rez service: invalid restore service configuration: ")
                .contains("PORT must be", "RRS_ADMIN_TOKEN is required", "REZ_RESTORE_PG_URL is required",
                        "REZ_OBJECT_STORE_BUCKET is required", "RRS_AUTH_SIGNING_KEY must be at least 32 bytes")
                .doesNotContain("s3cret");
    }

    @Test
    void pushModeRefusesToStartWithoutItsTargetWithABadKeyringOrAnUnreachableTarget(@TempDir Path dir) {
        // a valid environment whose database does not answer (port 1)
        Map<String, String> env = DemoService.serviceEnv(PgUrl.parse("jdbc:postgresql://127.0.0.1:1/rez?user=rez"),
                dir, DemoService.randomHex());
        env.put("RRS_EXECUTE_PROGRESS_MODE", "push");
        ConformanceCommandTest.Run bare = service(env, "run");
        assertThat(bare.exitCode()).isEqualTo(2);
        assertThat(bare.output()).contains("RRS_EXECUTE_TARGET_JDBC_URL is required when RRS_EXECUTE_PROGRESS_MODE is"
                + " push", "REZ_KEYRING_FILE is required when RRS_EXECUTE_PROGRESS_MODE is push");

        KeyringFile keyring = new KeyringFile(dir.resolve("keyring.json"));
        env.put("RRS_EXECUTE_TARGET_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/target?user=rez&password=t4rget");
        env.put("REZ_KEYRING_FILE", keyring.path().toString());
        writeString(keyring.path(), "{\"format\": \"something else\"}");
        ConformanceCommandTest.Run badKeyring = service(env, "run");
        assertThat(badKeyring.exitCode()).isEqualTo(2);
        assertThat(badKeyring.output()).startsWith("rez service: REZ_KEYRING_FILE: ")
                .contains(keyring.path().toString());

        keyring.path().toFile().delete();
        keyring.generate("tenant-acme", new SecureRandom(), Instant.now());
        ConformanceCommandTest.Run unreachable = service(env, "run");
        assertThat(unreachable.exitCode()).isEqualTo(2);
        assertThat(unreachable.output()).contains("cannot connect to the push target "
                + "jdbc:postgresql://127.0.0.1:1/target?user=rez&password=*** (RRS_EXECUTE_TARGET_JDBC_URL)")
                .doesNotContain("t4rget");
    }

    private static void writeString(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void envPrintsEveryVariable() {
        ConformanceCommandTest.Run run = service(Map.of(), "env");
        assertThat(run.exitCode()).isZero();
        assertThat(run.output()).contains("`RRS_MAX_JSON_BODY_BYTES` | `1048576`", "`REZ_OBJECT_STORE_ROOT`",
                "`RRS_ACP_BASE_URL`");
    }

    @Test
    void rezListsTheServiceCommand() {
        assertThat(ConformanceCommandTest.rez("service", "--help").output()).contains("run", "env");
    }
}
