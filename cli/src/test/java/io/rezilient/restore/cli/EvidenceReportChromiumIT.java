package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evidence report opened in a real browser (headless Chromium, installed by scripts/chromium.sh): the checks are
 * on what a person sees once the page is parsed and laid out, and the screenshots stay in target/evidence-report/ for
 * a person to look at.
 */
class EvidenceReportChromiumIT {
    private static final Path KEPT = Path.of("target", "evidence-report").toAbsolutePath();
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static Path writeReport(Path pkg, Path keyring, String name) throws Exception {
        Path html = KEPT.resolve(name + ".html");
        StringWriter out = new StringWriter();
        CommandLine rez = Rez.commandLine();
        rez.addSubcommand(new EvidenceReportCommand());
        rez.setOut(new PrintWriter(out, true));
        rez.setErr(new PrintWriter(out, true));
        int exit = rez.execute("report", pkg.toString(), "-o", html.toString(), "--force", "--keyring",
                keyring.toString());
        assertThat(exit).as(out.toString()).isZero();
        return html;
    }

    private static void assertScreenshot(HeadlessChromium chromium, Path html, String name) throws Exception {
        Path png = KEPT.resolve(name + ".png");
        chromium.screenshot(html, png);
        assertThat(Files.size(png)).as("screenshot size").isGreaterThan(10 * 1024);
        try (InputStream in = Files.newInputStream(png)) {
            assertThat(in.readNBytes(PNG_MAGIC.length)).as("PNG signature").isEqualTo(PNG_MAGIC);
        }
    }

    @Test
    void aVerifiedPackageShowsItsVerdictJobPointInTimeAndOutcomes(@TempDir Path dir) throws Exception {
        HeadlessChromium chromium = HeadlessChromium.onPath(dir);
        Path html = writeReport(EvidenceVectorPackage.writeDirectory(dir.resolve("pkg")),
                EvidenceVectorPackage.writeKeyring(dir.resolve("keyring.json")), "verified-report");

        String dom = chromium.dumpDom(html);
        String seen = VisibleText.of(dom);

        assertThat(seen).startsWith("Restore evidence report VERIFIED Every check passed")
                .doesNotContain("NOT VERIFIED")
                .contains("Job job-evidence-02")
                .contains("Point in time 2026-02-16T12:00:00.000Z")
                .contains("Executed by operator@example.com")
                .contains("change_request 1 1 0 0 0")
                .contains("incident 2 1 0 1 0")
                .contains("problem 2 2 0 0 0")
                .contains("All tables 5 4 0 1 0")
                .contains("incident rec-c update failed failed_internal_error chunk_0001")
                .contains("Report hash 1f18c0fcf3f60f304774161f0a70f86f278c0e92903de60583847c4989756b16")
                .contains("signature PASS ed25519 signature by rrs-signer-2026-01");
        assertThat(dom).contains("<div class=\"verdict verified\">");
        assertScreenshot(chromium, html, "verified-report");
    }

    @Test
    void anEditedPackageShowsNotVerifiedAndItsHostileTextAsText(@TempDir Path dir) throws Exception {
        HeadlessChromium chromium = HeadlessChromium.onPath(dir);
        Map<String, String> artifacts = new LinkedHashMap<>(EvidenceVectorPackage.artifacts());
        ObjectNode execution = EvidenceVectorPackage.artifact("execution.json");
        ((ObjectNode) execution.path("row_outcomes").get(1))
                .put("record_sys_id", "<script>document.title='owned'</script>")
                .put("message", "<img src=x onerror=\"document.body.innerHTML=''\">");
        artifacts.put("execution.json", Json.write(execution));
        Path html = writeReport(EvidenceVectorPackage.writeDirectory(dir.resolve("pkg"), artifacts),
                EvidenceVectorPackage.writeKeyring(dir.resolve("keyring.json")), "not-verified-report");

        String dom = chromium.dumpDom(html);
        String seen = VisibleText.of(dom);

        assertThat(seen).startsWith("Restore evidence report NOT VERIFIED What this page shows is read from the"
                        + " package as it is, and is not proven to be what the service signed. Failing checks:"
                        + " artifact execution.json Job job-evidence-02")
                .contains("incident <script>document.title='owned'</script> update failed failed_internal_error")
                .contains("<img src=x onerror=\"document.body.innerHTML=''\">")
                .contains("artifact execution.json FAIL");
        assertThat(dom).as("no element came from the package").doesNotContain("<script").doesNotContain("<img")
                .contains("<title>Restore evidence report: job job-evidence-02</title>")
                .contains("<div class=\"verdict not-verified\">");
        assertScreenshot(chromium, html, "not-verified-report");
    }
}
