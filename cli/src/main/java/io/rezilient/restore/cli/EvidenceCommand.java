package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.agent.client.RestoreServiceClient;
import io.rezilient.restore.agent.client.ServiceAnswer;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.service.evidence.OfflineVerifier;
import io.rezilient.restore.service.evidence.PackageFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code rez evidence get|verify|report|keys}: signed evidence packages, fetched, kept, verified and shown away from the
 * service.
 */
@Command(name = "evidence", mixinStandardHelpOptions = true,
        description = "Signed evidence of restores: download a package, verify it offline, render the auditor's"
                + " report, manage the signing keys.",
        subcommands = {EvidenceCommand.Get.class, EvidenceCommand.Verify.class, EvidenceReportCommand.class,
                EvidenceKeysCommand.class})
final class EvidenceCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = {"Download a job's evidence package as files an auditor keeps: DIR/evidence.json (the record"
                    + " as GET /v1/jobs/{id}/evidence answers it) and DIR/artifacts/<artifact> (each artifact's"
                    + " canonical JSON, byte for byte as hashed).",
                    "Verify it later with: rez evidence verify DIR --keyring FILE"})
    static final class Get implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Parameters(index = "0", paramLabel = "JOB_ID")
        private String jobId;
        @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
                description = "Directory to write (created; must not hold a package already).")
        private Path output;
        @Option(names = "--service", paramLabel = "URL", defaultValue = "${env:REZ_SERVICE_URL:-http://127.0.0.1:3100}",
                description = "Restore service base URL (default: $REZ_SERVICE_URL, else http://127.0.0.1:3100).")
        private String service;
        @Option(names = "--token-file", required = true, paramLabel = "FILE",
                description = "File holding a bearer token of the job's scope.")
        private Path tokenFile;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (Files.exists(output.resolve(PackageFiles.RECORD_FILE))) {
                throw new IllegalArgumentException(output + " already holds an evidence package; choose another"
                        + " directory");
            }
            RestoreServiceClient client = new RestoreServiceClient(URI.create(service), () -> token(tokenFile));
            String base = "/v1/jobs/" + URLEncoder.encode(jobId, StandardCharsets.UTF_8).replace("+", "%20")
                    + "/evidence";
            ServiceAnswer record = client.get(base);
            if (!record.ok()) {
                err.println("rez evidence get: " + record.describe());
                err.flush();
                return 1;
            }
            try {
                Files.createDirectories(output.resolve(PackageFiles.ARTIFACT_DIR));
                Files.writeString(output.resolve(PackageFiles.RECORD_FILE),
                        Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(record.body()) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + output, e);
            }
            for (JsonNode hash : record.body().path("evidence").path("artifact_hashes")) {
                String artifactId = hash.path("artifact_id").asText();
                if (!artifactId.matches("[A-Za-z0-9._-]+") || artifactId.startsWith(".")) {
                    throw new IllegalStateException("the service listed an artifact id that is not a plain file name: "
                            + artifactId);
                }
                Path file = output.resolve(PackageFiles.ARTIFACT_DIR).resolve(artifactId);
                ServiceAnswer downloaded = client.download(base + "/artifacts/" + artifactId, file);
                if (!downloaded.ok()) {
                    err.println("rez evidence get: artifact " + artifactId + ": " + downloaded.describe());
                    err.flush();
                    return 1;
                }
                out.println("  " + artifactId + "  " + hash.path("bytes").asLong() + " bytes  sha256 "
                        + hash.path("sha256").asText());
            }
            JsonNode evidence = record.body().path("evidence");
            out.println("evidence " + evidence.path("evidence_id").asText() + " of job " + jobId + " written to "
                    + output + " (service verdict: " + record.body().path("verification")
                    .path("signature_verification").asText() + ")");
            out.println("verify it offline: rez evidence verify " + output + " --keyring <signer keyring file>");
            out.flush();
            return 0;
        }

        private static String token(Path file) {
            try {
                String token = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (token.isEmpty()) {
                    throw new IllegalArgumentException("token file " + file + " is empty");
                }
                return token;
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read token file " + file + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Verify an evidence package with no server and no database: each artifact's hash, the"
                    + " report hash, the manifest hash, the signer key id and the signature, each printed.",
                    "Exit 0 when every check passes, 1 when any fails, 2 when the package or keys cannot be read."})
    static final class Verify implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Parameters(index = "0", paramLabel = "FILE|DIR", description = "A package directory (rez evidence get) or"
                + " a record file with its artifacts inline.")
        private Path location;
        @Mixin
        private EvidenceKeysOption keys;

        @Override
        public Integer call() {
            OfflineVerifier.Keys given = keys.keys().orElseThrow(() -> new IllegalArgumentException(
                    "give the signer's public key (--public-key PEM-FILE) or a signer keyring (--keyring FILE)"))
                    .keys();
            PackageFiles.OnDisk onDisk = PackageFiles.read(location);
            OfflineVerifier.Report report = OfflineVerifier.verify(onDisk, given, Instant.now());
            PrintWriter out = spec.commandLine().getOut();
            JsonNode evidence = onDisk.evidence();
            out.println("evidence " + evidence.path("evidence_id").asText() + " of job "
                    + evidence.path("job_id").asText() + ", plan_hash " + evidence.path("plan_hash").asText());
            for (OfflineVerifier.Check check : report.checks()) {
                out.println((check.passed() ? "PASS  " : "FAIL  ") + check.name() + ": " + check.detail());
            }
            out.println("service-spec §7 verdict: " + report.serviceVerdict().status() + " (reason_code "
                    + report.serviceVerdict().reasonCode() + ")");
            long failed = report.checks().stream().filter(check -> !check.passed()).count();
            out.println(report.passed() ? "VERIFIED: all " + report.checks().size() + " checks passed"
                    : "NOT VERIFIED: " + failed + " of " + report.checks().size() + " checks failed");
            out.flush();
            return report.passed() ? 0 : 1;
        }
    }
}
