package io.rezilient.restore.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code … evidence report FILE|DIR -o report.html} run the way an operator runs it, through {@link Rez}'s command
 * line (so failures map to exit codes as they will once the command is registered under {@code rez evidence}).
 */
class EvidenceReportCommandTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T09:00:00Z"), ZoneOffset.UTC);

    private static ConformanceCommandTest.Run report(String... args) {
        StringWriter out = new StringWriter();
        CommandLine rez = Rez.commandLine();
        rez.addSubcommand(new EvidenceReportCommand(CLOCK));
        rez.setOut(new PrintWriter(out, true));
        rez.setErr(new PrintWriter(out, true));
        String[] line = new String[args.length + 1];
        line[0] = "report";
        System.arraycopy(args, 0, line, 1, args.length);
        return new ConformanceCommandTest.Run(rez.execute(line), out.toString());
    }

    @Test
    void writesTheReportAndPrintsWhereAndTheVerdict(@TempDir Path dir) throws Exception {
        Path pkg = EvidenceVectorPackage.writeDirectory(dir.resolve("pkg"));
        Path keyring = EvidenceVectorPackage.writeKeyring(dir.resolve("keyring.json"));
        Path html = dir.resolve("out").resolve("report.html");

        ConformanceCommandTest.Run run = report(pkg.toString(), "-o", html.toString(), "--keyring",
                keyring.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.lines()).containsExactly("report written to " + html, "VERIFIED");
        String text = VisibleText.of(Files.readString(html));
        assertThat(text).startsWith("Restore evidence report VERIFIED")
                .contains("Made by rez evidence report at 2026-03-01T09:00:00.000Z");
        try (var files = Files.list(html.getParent())) {
            assertThat(files).as("no staged file left behind").containsExactly(html);
        }
    }

    @Test
    void aLonePublicKeyVerifiesTheSingleFileFormWithoutCheckingTheKeyId(@TempDir Path dir) throws Exception {
        Path file = EvidenceVectorPackage.writeFile(dir.resolve("package.json"));
        Path key = EvidenceVectorPackage.writePublicKey(dir.resolve("signer.pem"));
        Path html = dir.resolve("report.html");

        ConformanceCommandTest.Run run = report(file.toString(), "--public-key", key.toString(), "-o",
                html.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.lines()).last().isEqualTo("VERIFIED");
        assertThat(VisibleText.of(Files.readString(html)))
                .contains("signature verifies with the public key in signer.pem")
                .contains("signer key id PASS rrs-signer-2026-01 (not checked: one public key was given, no keyring)");
    }

    @Test
    void aPackageThatDoesNotVerifyIsStillReportedAndSaysWhy(@TempDir Path dir) throws Exception {
        Path pkg = EvidenceVectorPackage.writeDirectory(dir.resolve("pkg"));
        Path plan = pkg.resolve("artifacts").resolve("plan.json");
        Files.writeString(plan, Files.readString(plan).replace("rec-x", "rec-z"));
        Path html = dir.resolve("report.html");

        ConformanceCommandTest.Run withoutKey = report(pkg.toString(), "-o", html.toString());
        ConformanceCommandTest.Run withKey = report(pkg.toString(), "-o", html.toString(), "--force",
                "--public-key", EvidenceVectorPackage.writePublicKey(dir.resolve("signer.pem")).toString());

        assertThat(withoutKey.exitCode()).isZero();
        assertThat(withoutKey.lines()).last().isEqualTo("NOT VERIFIED: signature not checked (no public key or"
                + " keyring given); failing: artifact plan.json");
        assertThat(withKey.exitCode()).isZero();
        assertThat(withKey.lines()).last().isEqualTo("NOT VERIFIED: failing: artifact plan.json");
        assertThat(VisibleText.of(Files.readString(html))).contains("signed. Failing checks: artifact plan.json Job")
                .contains("del-1 problem rec-z skip_deletion");
    }

    @Test
    void anExistingOutputIsKeptUnlessForced(@TempDir Path dir) throws Exception {
        Path pkg = EvidenceVectorPackage.writeDirectory(dir.resolve("pkg"));
        Path html = Files.writeString(dir.resolve("report.html"), "keep me");

        ConformanceCommandTest.Run refused = report(pkg.toString(), "-o", html.toString());

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.output()).isEqualTo("rez report: " + html + " exists; --force replaces it"
                + System.lineSeparator());
        assertThat(Files.readString(html)).isEqualTo("keep me");

        ConformanceCommandTest.Run forced = report(pkg.toString(), "-o", html.toString(), "--force");

        assertThat(forced.exitCode()).isZero();
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>");
    }

    @Test
    void badInputExitsTwoWithOneLine(@TempDir Path dir) throws Exception {
        Path pkg = EvidenceVectorPackage.writeDirectory(dir.resolve("pkg"));
        Path key = EvidenceVectorPackage.writePublicKey(dir.resolve("signer.pem"));
        Path keyring = EvidenceVectorPackage.writeKeyring(dir.resolve("keyring.json"));
        Path html = dir.resolve("report.html");
        Path notAKey = Files.writeString(dir.resolve("not-a-key.pem"), "hello");

        ConformanceCommandTest.Run both = report(pkg.toString(), "-o", html.toString(), "--public-key",
                key.toString(), "--keyring", keyring.toString());
        ConformanceCommandTest.Run noOutput = report(pkg.toString());
        ConformanceCommandTest.Run notAPackage = report(dir.resolve("nothing-here").toString(), "-o",
                html.toString());
        ConformanceCommandTest.Run badKey = report(pkg.toString(), "-o", html.toString(), "--public-key",
                notAKey.toString());
        ConformanceCommandTest.Run outputIsADirectory = report(pkg.toString(), "-o", dir.toString(), "--force");

        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.output()).contains("give --public-key or --keyring, not both");
        assertThat(noOutput.exitCode()).isEqualTo(2);
        assertThat(noOutput.output()).contains("Missing required option: '--output=FILE'");
        assertThat(notAPackage.exitCode()).isEqualTo(2);
        assertThat(notAPackage.output()).startsWith("rez report: ")
                .contains("is neither an evidence package directory nor a file");
        assertThat(badKey.exitCode()).isEqualTo(2);
        assertThat(badKey.output()).startsWith("rez report: " + notAKey + ": ");
        assertThat(outputIsADirectory.exitCode()).isEqualTo(2);
        assertThat(outputIsADirectory.output()).isEqualTo("rez report: " + dir + " is a directory; -o names the"
                + " HTML file to write" + System.lineSeparator());
        assertThat(html).doesNotExist();
    }
}
