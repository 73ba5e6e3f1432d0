package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.cli.ReportMarkup.Column;
import io.rezilient.restore.cli.ReportMarkup.Fact;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** The report's "Who, what, when": the job, who ran it, on which instance, to which point in time, and its timeline. */
final class WhoWhatWhenSection {
    /** Record sys_ids of a record-scoped restore shown before the rest are only counted. */
    private static final int SCOPE_RECORDS_SHOWN = 50;

    private WhoWhatWhenSection() {
    }

    static void render(ReportMarkup page, JsonNode evidence, EvidenceContents contents) {
        JsonNode execution = contents.execution();
        JsonNode plan = contents.plan();
        page.open("section", "").heading("Who, what, when");
        List<Fact> facts = new ArrayList<>();
        facts.add(Fact.code("Job", DisplayText.field(evidence, "job_id")));
        facts.add(Fact.text("Outcome", status(execution)));
        facts.add(Fact.text("Executed by", DisplayText.field(execution, "executed_by")));
        facts.add(Fact.text("Requested at", requestedAt(contents.events())));
        facts.add(Fact.text("Started at", DisplayText.field(execution, "started_at")));
        facts.add(Fact.text("Completed at", execution.path("completed_at").isNull() ? "not completed"
                : DisplayText.field(execution, "completed_at")));
        JsonNode watermarks = contents.planDocument().path("watermarks");
        facts.add(Fact.text("Tenant", distinct(watermarks, "tenant_id")));
        facts.add(Fact.text("Instance", distinct(watermarks, "instance_id")));
        facts.add(Fact.text("Source", distinct(watermarks, "source")));
        facts.add(Fact.text("Point in time", DisplayText.field(evidence, "backup_timestamp")
                + (plan.path("pit").has("restore_timezone") ? " (time zone of the request: "
                + DisplayText.of(plan.path("pit").path("restore_timezone")) + ")" : "")));
        facts.add(Fact.code("PIT algorithm", DisplayText.field(evidence, "pit_algorithm_version")));
        facts.add(Fact.code("Plan", planId(execution, plan)));
        facts.add(Fact.code("Plan hash", DisplayText.field(evidence, "plan_hash")));
        facts.addAll(scope(evidence.path("approved_scope")));
        facts.add(Fact.text("Capabilities used", DisplayText.field(execution, "capabilities_used")));
        facts.add(Fact.text("Resume attempts", DisplayText.field(execution, "resume_attempt_count")));
        facts.add(Fact.text("Chunks", chunks(execution.path("chunks"))));
        facts.add(Fact.text("Target records revalidated", String.valueOf(contents.revalidatedTargetRecords())));
        page.facts(facts);

        page.subheading("Timeline");
        if (contents.events().isEmpty()) {
            page.paragraph("The package holds no job events.");
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode event : contents.events()) {
                rows.add(List.of(DisplayText.field(event, "created_at"), DisplayText.field(event, "event_type"),
                        DisplayText.field(event, "reason_code"), DisplayText.field(event, "details")));
            }
            page.table(List.of(Column.text("Time"), Column.text("Event"), Column.code("Reason code"),
                    Column.code("Details")), rows);
            page.notListed(contents.unlistedEvents(), "events", "job-events.json lists every one");
        }
        page.close("section");
    }

    private static String status(JsonNode execution) {
        String reason = execution.path("reason_code").asText("none");
        return DisplayText.field(execution, "status") + (reason.equals("none") ? "" : " (" + reason + ")");
    }

    /** When the job was created, as its first {@code job_created} event says. */
    private static String requestedAt(List<JsonNode> events) {
        for (JsonNode event : events) {
            if ("job_created".equals(event.path("event_type").asText())) {
                return DisplayText.field(event, "created_at");
            }
        }
        return DisplayText.NOT_RECORDED;
    }

    private static String planId(JsonNode execution, JsonNode plan) {
        return execution.hasNonNull("plan_id") ? DisplayText.field(execution, "plan_id")
                : DisplayText.field(plan, "plan_id");
    }

    /** The values of one field over the plan's watermarks (one per partition), each once. */
    private static String distinct(JsonNode watermarks, String field) {
        Set<String> values = new LinkedHashSet<>();
        for (JsonNode watermark : watermarks) {
            if (watermark.hasNonNull(field)) {
                values.add(DisplayText.field(watermark, field));
            }
        }
        return values.isEmpty() ? DisplayText.NOT_RECORDED : String.join(", ", values);
    }

    private static List<Fact> scope(JsonNode scope) {
        List<Fact> facts = new ArrayList<>();
        facts.add(Fact.text("Scope", DisplayText.field(scope, "mode")));
        facts.add(Fact.text("Tables", DisplayText.field(scope, "tables")));
        if (scope.hasNonNull("encoded_query")) {
            facts.add(Fact.code("Encoded query", DisplayText.field(scope, "encoded_query")));
        }
        JsonNode records = scope.path("record_sys_ids");
        if (records.isArray()) {
            List<String> shown = new ArrayList<>();
            for (int i = 0; i < Math.min(records.size(), SCOPE_RECORDS_SHOWN); i++) {
                shown.add(DisplayText.of(records.get(i)));
            }
            facts.add(Fact.code("Records (" + records.size() + ")", String.join(", ", shown)
                    + (records.size() > SCOPE_RECORDS_SHOWN ? " … and " + (records.size() - SCOPE_RECORDS_SHOWN)
                    + " more" : "")));
        }
        if (scope.hasNonNull("columns")) {
            facts.add(Fact.text("Columns", DisplayText.field(scope, "columns")));
        }
        return facts;
    }

    /** "3 (2 applied, 1 row_fallback)". */
    private static String chunks(JsonNode chunks) {
        SortedMap<String, Integer> byStatus = new TreeMap<>();
        chunks.forEach(chunk -> byStatus.merge(chunk.path("status").asText(""), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        byStatus.forEach((status, count) -> parts.add(count + " " + status));
        return chunks.size() + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")");
    }
}
