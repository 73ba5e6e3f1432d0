package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.cli.ReportMarkup.Column;
import io.rezilient.restore.cli.ReportMarkup.Fact;
import io.rezilient.restore.service.evidence.Verification;

import java.util.ArrayList;
import java.util.List;

/**
 * The report's "Verification": every check with its result, the service-spec verdict, and every hash, size and
 * signature field an auditor may want to compare with another copy of the package.
 */
final class VerificationSection {
    private VerificationSection() {
    }

    static void render(ReportMarkup page, JsonNode record, ReportVerdict verdict) {
        JsonNode evidence = record.path("evidence");
        page.open("section", "").heading("Verification");
        page.paragraph(verdict.signatureChecked() ? "Checked with " + verdict.keysUsed() + "."
                : ReportVerdict.NOT_CHECKED_SENTENCE + " Nothing shows who made this package. The artifact hashes"
                + " were recomputed; run the report with --public-key or --keyring to check the rest.");
        List<List<String>> checks = new ArrayList<>();
        for (ReportVerdict.Line line : verdict.lines()) {
            checks.add(List.of(line.name(), line.resultText(), line.detail()));
        }
        page.table(List.of(Column.text("Check"), new Column("Result", ReportMarkup.Style.RESULT),
                Column.code("Detail")), checks);

        page.subheading("Service verdict (service-spec §7)");
        if (verdict.serviceVerdict().isPresent()) {
            Verification service = verdict.serviceVerdict().get();
            page.facts(List.of(Fact.code("signature_verification", service.status()),
                    Fact.code("reason_code", service.reasonCode()),
                    Fact.text("artifact hashes match", String.valueOf(service.artifactHashesMatch())),
                    Fact.text("report hash matches", String.valueOf(service.reportHashMatches())),
                    Fact.text("signature valid", String.valueOf(service.signatureValid()))));
        } else {
            page.paragraph("Not computed: it needs the signer's public key.");
        }

        page.subheading("Hashes and signature");
        JsonNode signature = evidence.path("manifest_signature");
        page.facts(List.of(Fact.code("Evidence id", DisplayText.field(evidence, "evidence_id")),
                Fact.code("Report hash", DisplayText.field(evidence, "report_hash")),
                Fact.code("Manifest SHA-256", DisplayText.field(record, "manifest_sha256")),
                Fact.code("Plan hash", DisplayText.field(evidence, "plan_hash")),
                Fact.code("Canonicalization", DisplayText.field(evidence, "canonicalization_version")),
                Fact.code("Signature algorithm", DisplayText.field(signature, "signature_algorithm")),
                Fact.code("Signer key id", DisplayText.field(signature, "signer_key_id")),
                Fact.text("Signed at", DisplayText.field(signature, "signed_at")),
                Fact.code("Signature", DisplayText.field(signature, "signature")),
                Fact.text("Package generated at", DisplayText.field(record, "generated_at"))));

        page.subheading("Artifacts as listed in the evidence");
        List<List<String>> artifacts = new ArrayList<>();
        for (JsonNode artifact : evidence.path("artifact_hashes")) {
            artifacts.add(List.of(DisplayText.field(artifact, "artifact_id"), DisplayText.field(artifact, "sha256"),
                    DisplayText.field(artifact, "bytes")));
        }
        page.table(List.of(Column.text("Artifact"), Column.code("SHA-256"), Column.number("Bytes")), artifacts);

        page.subheading("Immutable storage");
        page.facts(DisplayText.facts(evidence.path("immutable_storage")));

        page.subheading("Verification recorded by the service");
        page.paragraph("What the service recorded when it stored the package; a claim of the package itself, not a"
                + " check made by this report.");
        page.facts(DisplayText.facts(record.path("verification")));
        page.close("section");
    }
}
