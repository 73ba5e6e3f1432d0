package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.time.IsoUtc;

import java.io.PrintWriter;
import java.time.Duration;

/** The demo's closing summary: what was restored, how it went, and where the proof is. */
final class DemoReport {
    private final PrintWriter out;

    DemoReport(PrintWriter out) {
        this.out = out;
    }

    void print(DemoPlanStage.FinalPlan plan, JsonNode execution, int damagedRecords, DemoEvidenceStage.Outcome evidence,
               boolean undone, Duration took) {
        JsonNode summary = execution.path("summary");
        out.println("== summary");
        out.println("  restored      " + summary.path("applied_rows").asInt() + " of " + damagedRecords
                + " damaged records to " + IsoUtc.format(plan.pit()) + " (skipped " + summary.path("skipped_rows")
                .asInt() + ", failed " + summary.path("failed_rows").asInt() + "), verified against the ground truth");
        out.println("  conflicts     " + summary.path("runtime_conflict_count").asInt() + " at run time, "
                + summary.path("fallback_chunk_count").asInt() + " chunk(s) fell back to row by row");
        out.println("  plan_hash     " + plan.planHash());
        out.println("  evidence      " + evidence.verdict() + (evidence.reportHash().isEmpty() ? ""
                : " (report_hash " + evidence.reportHash() + ")") + (evidence.packageDir() == null ? ""
                : ", package " + evidence.packageDir()));
        out.println("  report        " + (evidence.report() == null ? "not written" : evidence.report()
                + " (open it in a browser, or print it)"));
        out.println("  undo          " + (undone ? "verified: the target is back to its damaged state"
                : "NOT verified"));
        out.println("  took          " + took.toSeconds() + " s");
        out.flush();
    }
}
