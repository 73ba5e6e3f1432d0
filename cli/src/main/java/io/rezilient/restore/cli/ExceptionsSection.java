package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.cli.ReportMarkup.Column;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The report's exceptions: every row that was not applied with its reason, the plan's conflicts and how each was
 * resolved, the delete decisions, and attachments that were not applied. Each list stops at the page's limit and says
 * how many more the package holds.
 */
final class ExceptionsSection {
    private ExceptionsSection() {
    }

    static void render(ReportMarkup page, JsonNode evidence, EvidenceContents contents, int listLimit) {
        page.open("section", "").heading("Conflicts, skipped and failed rows");
        rowsNotApplied(page, contents.outcomes());

        page.subheading("Plan conflicts");
        page.paragraph("Conflict summary in the evidence: "
                + DisplayText.summary(evidence.path("conflict_summary")) + ".");
        capped(page, contents.plan().path("conflicts"), listLimit, conflict -> true,
                List.of(Column.code("Conflict"), Column.text("Class"), Column.text("Table"),
                        Column.code("Record sys_id"), Column.code("Reason code"), Column.text("Reason"),
                        Column.text("Resolution")),
                conflict -> List.of(DisplayText.field(conflict, "conflict_id"), DisplayText.field(conflict, "class"),
                        DisplayText.field(conflict, "table"), DisplayText.field(conflict, "record_sys_id"),
                        DisplayText.field(conflict, "reason_code"), DisplayText.field(conflict, "reason"),
                        conflict.hasNonNull("resolution") ? DisplayText.field(conflict, "resolution")
                                : "unresolved"),
                "The plan has no conflicts.", "conflicts", "plan.json lists every one");

        page.subheading("Delete decisions");
        page.paragraph("Delete decision summary in the evidence: "
                + DisplayText.summary(evidence.path("delete_decision_summary")) + ".");
        capped(page, contents.planDocument().path("delete_candidates"), listLimit, candidate -> true,
                List.of(Column.code("Candidate"), Column.text("Table"), Column.code("Record sys_id"),
                        Column.text("Decision")),
                candidate -> List.of(DisplayText.field(candidate, "candidate_id"),
                        DisplayText.field(candidate, "table"), DisplayText.field(candidate, "record_sys_id"),
                        DisplayText.field(candidate, "decision")),
                "The plan has no delete candidates.", "delete candidates", "plan.json lists every one");

        page.subheading("Attachments not applied");
        capped(page, contents.execution().path("media_outcomes"), listLimit,
                media -> !RowOutcomeTally.APPLIED.equals(media.path("outcome").asText()),
                List.of(Column.code("Attachment"), Column.text("Table"), Column.code("Record sys_id"),
                        Column.text("Decision"), Column.text("Outcome"), Column.code("Reason code")),
                media -> List.of(DisplayText.field(media, "attachment_sys_id"), DisplayText.field(media, "table"),
                        DisplayText.field(media, "record_sys_id"), DisplayText.field(media, "decision"),
                        DisplayText.field(media, "outcome"), DisplayText.field(media, "reason_code")),
                "Every attachment with an outcome was applied.", "attachments", "execution.json lists every one");
        page.close("section");
    }

    private static void rowsNotApplied(ReportMarkup page, RowOutcomeTally tally) {
        page.subheading("Rows not applied");
        if (tally.notApplied().isEmpty()) {
            page.paragraph("Every row with an outcome was applied.");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode row : tally.notApplied()) {
            rows.add(List.of(DisplayText.field(row, "table"), DisplayText.field(row, "record_sys_id"),
                    DisplayText.field(row, "action"), DisplayText.field(row, "outcome"),
                    DisplayText.field(row, "reason_code"), chunk(row), conflict(row),
                    row.hasNonNull("message") ? DisplayText.field(row, "message") : ""));
        }
        page.table(List.of(Column.text("Table"), Column.code("Record sys_id"), Column.text("Action"),
                Column.text("Outcome"), Column.code("Reason code"), Column.code("Chunk"), Column.code("Conflict"),
                Column.text("Message")), rows);
        page.notListed(tally.unlisted(), "rows not applied", "execution.json lists every row");
    }

    private static String chunk(JsonNode row) {
        return DisplayText.field(row, "chunk_id")
                + (row.path("used_row_fallback").asBoolean(false) ? ", row by row" : "");
    }

    private static String conflict(JsonNode row) {
        if (!row.hasNonNull("conflict_id")) {
            return "";
        }
        return DisplayText.field(row, "conflict_id")
                + (row.hasNonNull("conflict_class") ? " (" + DisplayText.field(row, "conflict_class") + ")" : "");
    }

    /** A table of the entries of {@code array} that {@code shown} accepts, at most {@code limit} of them. */
    private static void capped(ReportMarkup page, JsonNode array, int limit, Predicate<JsonNode> shown,
                               List<Column> columns, Function<JsonNode, List<String>> cells, String whenNone,
                               String what, String whereAll) {
        List<List<String>> rows = new ArrayList<>();
        long more = 0;
        for (JsonNode entry : array) {
            if (!shown.test(entry)) {
                continue;
            }
            if (rows.size() < limit) {
                rows.add(cells.apply(entry));
            } else {
                more++;
            }
        }
        if (rows.isEmpty()) {
            page.paragraph(whenNone);
            return;
        }
        page.table(columns, rows);
        page.notListed(more, what, whereAll);
    }
}
