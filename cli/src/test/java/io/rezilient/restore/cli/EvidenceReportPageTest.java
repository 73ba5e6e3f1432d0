package io.rezilient.restore.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.service.evidence.OfflineVerifier;
import io.rezilient.restore.service.evidence.PackageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The auditor's page of an evidence package: what it says, and that nothing read from the package becomes markup. */
class EvidenceReportPageTest {
    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");

    private static String render(Path location, Optional<EvidenceVerifyingKeys> keys) {
        PackageFiles.OnDisk onDisk = PackageFiles.read(location);
        ReportVerdict verdict = keys.map(given -> ReportVerdict.checked(
                        OfflineVerifier.verify(onDisk, given.keys(), NOW), given.description()))
                .orElseGet(() -> ReportVerdict.unchecked(onDisk));
        return EvidenceReportPage.render(onDisk, verdict, NOW);
    }

    private static Optional<EvidenceVerifyingKeys> keyring(Path dir) {
        return Optional.of(EvidenceVerifyingKeys.keyring(EvidenceVectorPackage.writeKeyring(dir.resolve("keys.json"))));
    }

    @Test
    void anUntouchedSignedPackageIsVerifiedAndShowsEveryHash(@TempDir Path dir) throws Exception {
        Path file = EvidenceVectorPackage.writeFile(dir.resolve("package.json"));

        String html = render(file, keyring(dir));
        String text = VisibleText.of(html);

        assertThat(html).contains("<div class=\"verdict verified\"><p class=\"verdict-title\">VERIFIED</p>");
        assertThat(text).doesNotContain("NOT VERIFIED").doesNotContain("FAIL")
                .contains("Checked with the keyring keys.json (1 key).");
        JsonNode evidence = EvidenceVectorPackage.record().path("evidence");
        for (JsonNode artifact : evidence.path("artifact_hashes")) {
            assertThat(text).contains(artifact.path("artifact_id").asText() + " "
                    + artifact.path("sha256").asText() + " " + artifact.path("bytes").asText());
            assertThat(text).contains("artifact " + artifact.path("artifact_id").asText() + " PASS sha256 "
                    + artifact.path("sha256").asText());
        }
        assertThat(text).contains("Report hash " + evidence.path("report_hash").asText())
                .contains("Manifest SHA-256 " + EvidenceVectorPackage.record().path("manifest_sha256").asText())
                .contains("Signer key id rrs-signer-2026-01")
                .contains("Signature algorithm ed25519")
                .contains("Signed at 2026-02-17T01:02:03.000Z")
                .contains("signature_verification verified reason_code none")
                .contains("worm_enabled false retention_class standard-90d")
                .contains("signature PASS ed25519 signature by rrs-signer-2026-01");
    }

    @Test
    void whoWhatWhenAndWhyComeFromTheArtifacts(@TempDir Path dir) throws Exception {
        String text = VisibleText.of(render(EvidenceVectorPackage.writeDirectory(dir.resolve("pkg")), keyring(dir)));

        assertThat(text).contains("Job job-evidence-02")
                .contains("Outcome failed (failed_internal_error)")
                .contains("Executed by operator@example.com")
                .contains("Requested at 2026-02-17T00:10:00.000Z")
                .contains("Started at 2026-02-17T00:11:00.000Z")
                .contains("Completed at 2026-02-17T00:20:00.000Z")
                .contains("Tenant tenant-acme Instance sn-dev-01 Source sn://acme-dev.service-now.com")
                .contains("Point in time 2026-02-16T12:00:00.000Z (time zone of the request: UTC)")
                .contains("Plan plan-evidence-02")
                .contains("Scope table Tables change_request, incident, problem")
                .contains("Capabilities used restore_execute")
                .contains("Resume attempts 2")
                .contains("Chunks 3 (3 applied)")
                .contains("2026-02-17T00:12:00.000Z job_failed none")
                .contains("conflict_policy review_required")
                .contains("No approval was required or checked for this restore")
                .contains("approval_state placeholder_not_enforced")
                .contains("executability executable")
                .contains("compatible_columns 4 incompatible_columns 1 override_applied true");
    }

    @Test
    void perTableCountsAreThoseOfTheRowOutcomes(@TempDir Path dir) throws Exception {
        String text = VisibleText.of(render(EvidenceVectorPackage.writeDirectory(dir.resolve("pkg")), keyring(dir)));

        Map<String, long[]> expected = new TreeMap<>();
        for (JsonNode row : EvidenceVectorPackage.artifact("plan.json").path("plan_hash_input").path("rows")) {
            expected.computeIfAbsent(row.path("table").asText(), table -> new long[4])[0]++;
        }
        for (JsonNode row : EvidenceVectorPackage.artifact("execution.json").path("row_outcomes")) {
            long[] counts = expected.computeIfAbsent(row.path("table").asText(), table -> new long[4]);
            counts[List.of("", "applied", "skipped", "failed").indexOf(row.path("outcome").asText())]++;
        }
        assertThat(expected).containsOnlyKeys("change_request", "incident", "problem");
        for (Map.Entry<String, long[]> table : expected.entrySet()) {
            long[] c = table.getValue();
            assertThat(text).contains(table.getKey() + " " + c[0] + " " + c[1] + " " + c[2] + " " + c[3] + " "
                    + (c[0] - c[1] - c[2] - c[3]));
        }
        assertThat(text).contains("incident 2 1 0 1 0").contains("All tables 5 4 0 1 0")
                .contains("rows_applied 4 rows_skipped 0 rows_failed 1 attachments_applied 1")
                .doesNotContain("but the row outcomes count");
    }

    @Test
    void rowsNotAppliedConflictsAndDeleteDecisionsAreListedWithTheirReasons(@TempDir Path dir) throws Exception {
        String text = VisibleText.of(render(EvidenceVectorPackage.writeDirectory(dir.resolve("pkg")), keyring(dir)));

        assertThat(text).contains("Rows not applied Table Record sys_id Action Outcome Reason code Chunk Conflict"
                        + " Message incident rec-c update failed failed_internal_error chunk_0001 Plan conflicts")
                .contains("Conflict summary in the evidence: total 2, unresolved 1.")
                .contains("conf-2 schema_conflict incident rec-a failed_schema_conflict column type drift skip")
                .contains("conf-1 value_conflict incident rec-c none value changed since PIT unresolved")
                .contains("allow_deletion 1, skip_deletion 2")
                .contains("del-2 problem rec-b allow_deletion")
                .contains("del-1 problem rec-x skip_deletion")
                .contains("att-2 incident rec-a exclude skipped none")
                .doesNotContain("att-1 incident");
    }

    @Test
    void textFromThePackageIsEscapedAndTheEditIsCaught(@TempDir Path dir) throws Exception {
        Map<String, String> artifacts = new LinkedHashMap<>(EvidenceVectorPackage.artifacts());
        ObjectNode execution = EvidenceVectorPackage.artifact("execution.json");
        ObjectNode failed = (ObjectNode) execution.path("row_outcomes").get(1);
        failed.put("record_sys_id", "<script>alert(1)</script>");
        failed.put("message", "\"><img src=x onerror=alert(2)> & more");
        artifacts.put("execution.json", Json.write(execution));

        String html = render(EvidenceVectorPackage.writeDirectory(dir.resolve("pkg"), artifacts), keyring(dir));

        assertThat(html).doesNotContain("<script").doesNotContain("<img")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt; &amp; more");
        assertThat(VisibleText.of(html)).contains("incident <script>alert(1)</script> update failed")
                .contains("signed. Failing checks: artifact execution.json Job")
                .contains("artifact execution.json FAIL");
        assertThat(html).contains("<div class=\"verdict not-verified\">");
    }

    @Test
    void thePageFetchesNothingAndRunsNothing(@TempDir Path dir) throws Exception {
        String html = render(EvidenceVectorPackage.writeDirectory(dir.resolve("pkg")), keyring(dir));

        assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("<script")
                .doesNotContain("<link").doesNotContain("<img").doesNotContain("<iframe").doesNotContain("src=")
                .doesNotContain("href=").doesNotContain("url(").doesNotContain("@import")
                .contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                        + "style-src 'unsafe-inline'\">")
                .contains("@media print");
    }

    @Test
    void withoutAKeyTheSignatureIsSaidNotCheckedAndArtifactHashesAreStillRecomputed(@TempDir Path dir)
            throws Exception {
        String html = render(EvidenceVectorPackage.writeDirectory(dir.resolve("pkg")), Optional.empty());
        String text = VisibleText.of(html);

        assertThat(html).contains("<div class=\"verdict not-verified\">");
        assertThat(text).contains("NOT VERIFIED What this page shows is read from the package as it is, and is not proven to be"
                        + " what the service signed. The signature was not checked: no public key or keyring was"
                        + " given. Job")
                .doesNotContain("Failing checks")
                .contains("artifact plan.json PASS sha256 "
                        + "ba84cdffedd7e72d8fff6589dc39bdd895ed1b78127140d169755cb70c325693, 10132 bytes")
                .contains("report hash NOT CHECKED needs a public key or keyring")
                .contains("signature NOT CHECKED needs a public key or keyring")
                .contains("Verification The signature was not checked: no public key or keyring was given. Nothing"
                        + " shows who made this package.")
                .contains("Service verdict (service-spec §7) Not computed: it needs the signer's public key.");
    }

    @Test
    void aMissingArtifactIsNamedAndFailsItsCheck(@TempDir Path dir) throws Exception {
        Map<String, String> artifacts = new LinkedHashMap<>(EvidenceVectorPackage.artifacts());
        artifacts.remove("job-events.json");

        String text = VisibleText.of(render(EvidenceVectorPackage.writeDirectory(dir.resolve("pkg"), artifacts),
                Optional.empty()));

        assertThat(text).contains("The package is incomplete: job-events.json is missing from the package.")
                .contains("given. Failing checks: artifact job-events.json Job")
                .contains("artifact job-events.json FAIL missing from the package")
                .contains("Requested at not recorded")
                .contains("The package holds no job events.");
    }

    @Test
    void anArtifactThatIsNotJsonIsNamedAndTheRestStillRenders(@TempDir Path dir) throws Exception {
        Map<String, String> artifacts = new LinkedHashMap<>(EvidenceVectorPackage.artifacts());
        artifacts.put("plan.json", "{\"plan\": {\"plan_id\": ");

        String text = VisibleText.of(render(EvidenceVectorPackage.writeDirectory(dir.resolve("pkg"), artifacts),
                keyring(dir)));

        assertThat(text).contains("The package is incomplete: plan.json could not be read: malformed JSON:")
                .contains("artifact plan.json FAIL")
                .contains("Executed by operator@example.com")
                .contains("incident not recorded 1 0 1 not recorded");
    }

    @Test
    void anUndoJobNamesTheJobItUndoesAndTheJournalSaysWhatCanBeUndone(@TempDir Path dir) throws Exception {
        Map<String, String> artifacts = new LinkedHashMap<>(EvidenceVectorPackage.artifacts());
        ObjectNode plan = EvidenceVectorPackage.artifact("plan.json");
        ((ObjectNode) plan.path("plan")).putObject("rollback_of").put("job_id", "job-undone-01")
                .put("plan_id", "plan-undone-01").put("plan_hash", "ab".repeat(32));
        artifacts.put("plan.json", Json.write(plan));
        ObjectNode journal = EvidenceVectorPackage.artifact("rollback-journal.json");
        ArrayNode entries = (ArrayNode) journal.path("rollback_journal");
        ((ObjectNode) entries.get(0)).put("before_image_source", "target").put("before_image_state", "exists");
        ((ObjectNode) entries.get(1)).put("before_image_source", "target").put("before_image_state", "exists")
                .put("pruned_at", "2026-06-01T00:00:00.000Z");
        ((ObjectNode) entries.get(2)).put("before_image_source", "target").put("before_image_state", "missing");
        ((ObjectNode) entries.get(3)).put("before_image_source", "plan_values");
        artifacts.put("rollback-journal.json", Json.write(journal));

        String html = render(EvidenceVectorPackage.writeDirectory(dir.resolve("pkg"), artifacts), Optional.empty());
        String text = VisibleText.of(html);

        assertThat(text).contains("This job undoes job job-undone-01")
                .contains("Undoes job job-undone-01 Its plan plan-undone-01 Its plan hash " + "ab".repeat(32))
                .contains("Journal entries 4 for 4 applied rows")
                .contains("Before-images read from the target 3 (row existed: 2; row did not exist, undone by"
                        + " deleting it: 1)")
                .contains("Journaled with the plan's values 1")
                .contains("Before-images pruned by retention 1 (these rows can no longer be undone)")
                .contains("Entries by action delete 1, insert 1, update 2")
                .contains("Mirror records 4")
                .doesNotContain("Before-image source not recorded")
                .doesNotContain("applied row without an entry");
        assertThat(html).as("ciphertext is never shown").doesNotContain("cipher-rec-");
    }

    @Test
    void theVectorJournalWithoutSourcesIsSaidToBeSoAndARestoreIsNotAnUndo(@TempDir Path dir) throws Exception {
        String text = VisibleText.of(render(EvidenceVectorPackage.writeDirectory(dir.resolve("pkg")), keyring(dir)));

        assertThat(text).contains("This job is a restore, not the undo of another job (its plan has no rollback_of).")
                .contains("Before-image source not recorded 4");
    }

    /**
     * A restore of 100,000 rows: counts stay exact, only the first rows not applied are listed, and the page stays
     * small enough to open and print.
     */
    @Test
    void aLargePackageIsCountedWholeAndListsOnlyTheFirstRowsNotApplied(@TempDir Path dir) throws Exception {
        int rows = 100_000;
        Path pkg = dir.resolve("big");
        Path artifactDir = Files.createDirectories(pkg.resolve("artifacts"));
        List<String> tables = List.of("cmdb_ci", "incident", "problem", "sys_user");
        Map<String, long[]> expected = new TreeMap<>();
        try (OutputStream out = Files.newOutputStream(artifactDir.resolve("execution.json"));
             JsonGenerator json = Json.mapper().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("job_id", "job-big");
            json.writeStringField("status", "completed");
            json.writeArrayFieldStart("row_outcomes");
            for (int i = 0; i < rows; i++) {
                String table = tables.get(i % tables.size());
                String outcome = i % 100 == 7 ? "failed" : i % 100 == 8 ? "skipped" : "applied";
                expected.computeIfAbsent(table, name -> new long[3])[List.of("applied", "skipped", "failed")
                        .indexOf(outcome)]++;
                json.writeStartObject();
                json.writeStringField("row_id", "row." + i);
                json.writeStringField("table", table);
                json.writeStringField("record_sys_id", "rec-" + i);
                json.writeStringField("action", "update");
                json.writeStringField("outcome", outcome);
                json.writeStringField("reason_code", outcome.equals("applied") ? "none"
                        : outcome.equals("failed") ? "failed_internal_error" : "skipped_conflict");
                json.writeStringField("chunk_id", "chunk_" + i / 500);
                json.writeBooleanField("used_row_fallback", false);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        Files.writeString(pkg.resolve("evidence.json"), """
                {"evidence": {"job_id": "job-big", "backup_timestamp": "2026-02-16T12:00:00.000Z",
                  "artifact_hashes": [{"artifact_id": "execution.json", "sha256": "00", "bytes": 1}],
                  "execution_outcomes": {"rows_applied": 98000, "rows_skipped": 1000, "rows_failed": 1000}}}""");

        long started = System.nanoTime();
        String html = render(pkg, Optional.empty());
        long millis = (System.nanoTime() - started) / 1_000_000;
        String text = VisibleText.of(html);

        for (String table : tables) {
            long[] c = expected.get(table);
            assertThat(text).contains(table + " not recorded " + c[0] + " " + c[1] + " " + c[2] + " not recorded");
        }
        assertThat(text).contains("All tables not recorded 98000 1000 1000 not recorded")
                .doesNotContain("but the row outcomes count")
                .contains("… and 1500 more rows not applied, not listed here (execution.json lists every row).")
                .contains("sys_user rec-7 update failed failed_internal_error chunk_0")
                .contains("cmdb_ci rec-8 update skipped skipped_conflict chunk_0")
                .contains("rec-24907 update failed").contains("rec-24908 update skipped")
                .doesNotContain("rec-25007 ").doesNotContain("rec-25008 ").doesNotContain("rec-0 ");
        assertThat(countOf(html, "<td class=\"code\">failed_internal_error</td>")
                + countOf(html, "<td class=\"code\">skipped_conflict</td>")).isEqualTo(500);
        assertThat(html.length()).as("page size").isLessThan(400_000);
        assertThat(millis).as("render time (ms)").isLessThan(30_000);
    }

    @Test
    void statedTotalsThatDisagreeWithTheRowOutcomesAreFlagged(@TempDir Path dir) throws Exception {
        ObjectNode record = EvidenceVectorPackage.record();
        ((ObjectNode) record.path("evidence").path("execution_outcomes")).put("rows_applied", 5);
        Path file = Files.writeString(dir.resolve("package.json"), Json.write(record));

        String text = VisibleText.of(render(file, keyring(dir)));

        assertThat(text).contains("The evidence states 5 rows applied, but the row outcomes count 4.")
                .contains("NOT VERIFIED What this page shows is read from the package as it is, and is not proven to be what"
                        + " the service signed. Failing checks: report hash Job");
    }

    private static int countOf(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }

    @Test
    void escapingCoversEverySpecialCharacterAndControlCharacters() {
        assertThat(HtmlText.escape("a<b>c&d\"e'f")).isEqualTo("a&lt;b&gt;c&amp;d&quot;e&#39;f");
        assertThat(HtmlText.escape("x\u0000y\u001bz\tw")).isEqualTo("x\\u0000y\\u001bz\tw");
        assertThat(HtmlText.escape("café ✓ 𝄞")).isEqualTo("café ✓ 𝄞");
    }
}
