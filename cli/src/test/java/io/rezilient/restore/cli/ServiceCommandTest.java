package io.rezilient.restore.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
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
