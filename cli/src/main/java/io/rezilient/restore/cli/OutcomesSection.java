package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.cli.ReportMarkup.Column;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The report's "Outcomes per table": what happened to the rows of each table, counted from the execution's row
 * outcomes, beside how many rows the plan held; then the totals the signed evidence states, and a warning when the two
 * disagree.
 */
final class OutcomesSection {
    private OutcomesSection() {
    }

    static void render(ReportMarkup page, JsonNode evidence, EvidenceContents contents) {
        RowOutcomeTally tally = contents.outcomes();
        Map<String, Long> planned = contents.plannedRowsByTable();
        boolean showOther = tally.totals().other() > 0;
        page.open("section", "").heading("Outcomes per table");
        page.paragraph("Counted from the execution's row outcomes (execution.json); planned rows from the plan"
                + " (plan.json). \"No outcome\" is a planned row the execution never reached.");

        List<Column> columns = new ArrayList<>(List.of(Column.text("Table"), Column.number("Planned rows"),
                Column.number("Applied"), Column.number("Skipped"), Column.number("Failed")));
        if (showOther) {
            columns.add(Column.number("Other outcome"));
        }
        columns.add(Column.number("No outcome"));
        SortedSet<String> tables = new TreeSet<>(planned.keySet());
        tables.addAll(tally.byTable().keySet());
        List<List<String>> rows = new ArrayList<>();
        RowOutcomeTally.TableCounts none = new RowOutcomeTally.TableCounts();
        long plannedTotal = 0;
        for (String table : tables) {
            long plannedRows = planned.getOrDefault(table, 0L);
            plannedTotal += plannedRows;
            rows.add(row(table, plannedRows, tally.byTable().getOrDefault(table, none), contents, showOther));
        }
        page.table(columns, rows, row("All tables", plannedTotal, tally.totals(), contents, showOther));

        page.subheading("Totals stated in the evidence");
        JsonNode stated = evidence.path("execution_outcomes");
        page.facts(DisplayText.facts(stated));
        disagreement(page, "applied", stated.path("rows_applied"), tally.totals().applied());
        disagreement(page, "skipped", stated.path("rows_skipped"), tally.totals().skipped());
        disagreement(page, "failed", stated.path("rows_failed"), tally.totals().failed());
        page.close("section");
    }

    private static List<String> row(String table, long planned, RowOutcomeTally.TableCounts counts,
                                     EvidenceContents contents, boolean showOther) {
        List<String> cells = new ArrayList<>(List.of(table, contents.planRowsRecorded() ? String.valueOf(planned)
                : DisplayText.NOT_RECORDED, String.valueOf(counts.applied()), String.valueOf(counts.skipped()),
                String.valueOf(counts.failed())));
        if (showOther) {
            cells.add(String.valueOf(counts.other()));
        }
        cells.add(contents.planRowsRecorded() ? String.valueOf(planned - counts.total()) : DisplayText.NOT_RECORDED);
        return cells;
    }

    private static void disagreement(ReportMarkup page, String outcome, JsonNode stated, long counted) {
        if (!stated.canConvertToLong() || stated.asLong() != counted) {
            page.warning("The evidence states " + DisplayText.of(stated) + " rows " + outcome + ", but the row"
                    + " outcomes count " + counted + ".");
        }
    }
}
