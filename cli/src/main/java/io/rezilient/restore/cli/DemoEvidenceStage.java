package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The demo's evidence stage, as an auditor would work: the package the terminal commit generated is downloaded with
 * {@code rez evidence get}, verified with {@code rez evidence verify} against the signer keyring alone (no server, no
 * database), and rendered with {@code rez evidence report} as an HTML page to open or print.
 */
final class DemoEvidenceStage {
    /** What the stage found: whether the package verified offline, and where its files and report are. */
    record Outcome(boolean verified, String verdict, Path packageDir, Path report, String reportHash) {
    }

    private final PrintWriter out;
    private final CommandLine rez;
    private final DemoService service;

    DemoEvidenceStage(PrintWriter out, CommandLine rez, DemoService service) {
        this.out = out;
        this.rez = rez;
        this.service = service;
    }

    Outcome run(String jobId, Path demo) {
        JsonNode stored = service.get("/v1/jobs/" + jobId + "/evidence");
        if (stored == null) {
            return new Outcome(false, "no evidence package", null, null, "");
        }
        JsonNode evidence = stored.path("evidence");
        out.println("evidence  " + evidence.path("evidence_id").asText() + ": report_hash "
                + evidence.path("report_hash").asText() + ", signed " + evidence.path("manifest_signature")
                .path("signature_algorithm").asText() + " by " + evidence.path("manifest_signature")
                .path("signer_key_id").asText() + "; the service's verdict: " + stored.path("verification")
                .path("signature_verification").asText());
        out.println("copied to the object store under " + stored.path("storage").path("key_prefix").asText());
        Path packageDir = demo.resolve("evidence").resolve(jobId);
        DemoCommand.deleteRecursively(packageDir);
        int got = run("evidence", "get", jobId, "-o", packageDir.toString(), "--service",
                "http://127.0.0.1:" + service.port(), "--token-file", service.tokenFile().toString());
        if (got != 0) {
            return new Outcome(false, "download failed", packageDir, null, "");
        }
        out.println("offline verification (no server, no database): rez evidence verify " + packageDir
                + " --keyring " + service.evidenceKeyring());
        int verified = run("evidence", "verify", packageDir.toString(), "--keyring",
                service.evidenceKeyring().toString());
        Path report = packageDir.resolve("report.html");
        int rendered = run("evidence", "report", packageDir.toString(), "-o", report.toString(), "--keyring",
                service.evidenceKeyring().toString());
        boolean ok = verified == 0 && rendered == 0;
        return new Outcome(ok, verified == 0 ? "VERIFIED" : "NOT VERIFIED", packageDir,
                rendered == 0 ? report : null, evidence.path("report_hash").asText());
    }

    /** Runs a {@code rez} command in this process, printing where the stage prints. */
    private int run(String... args) {
        int exit = rez.execute(args);
        out.flush();
        return exit;
    }
}
