package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.cli.ReportMarkup.Fact;

import java.util.ArrayList;
import java.util.List;

/**
 * The report's "Undo linkage": whether this job undoes another one (its plan's {@code rollback_of}), and what its
 * rollback journal holds to undo this job in turn. A later undo of this job is a job of its own with its own package,
 * so this package cannot show it.
 */
final class UndoSection {
    private UndoSection() {
    }

    static void render(ReportMarkup page, EvidenceContents contents) {
        page.open("section", "").heading("Undo linkage");
        JsonNode rollbackOf = contents.plan().path("rollback_of");
        if (rollbackOf.isObject()) {
            page.paragraph("This job undoes job " + DisplayText.field(rollbackOf, "job_id")
                    + ": it writes back the before-images that job's rollback journal holds.");
            page.facts(List.of(Fact.code("Undoes job", DisplayText.field(rollbackOf, "job_id")),
                    Fact.code("Its plan", DisplayText.field(rollbackOf, "plan_id")),
                    Fact.code("Its plan hash", DisplayText.field(rollbackOf, "plan_hash"))));
        } else {
            page.paragraph("This job is a restore, not the undo of another job (its plan has no rollback_of).");
        }
        page.paragraph("Whether this job was undone later is not part of its package: an undo is a job of its own,"
                + " whose evidence names this job.");

        page.subheading("Rollback journal");
        JournalTally journal = contents.journal();
        long applied = contents.outcomes().totals().applied();
        List<Fact> facts = new ArrayList<>();
        facts.add(Fact.text("Journal entries", journal.entries() + " for " + applied + " applied rows"));
        facts.add(Fact.text("Before-images read from the target", journal.targetImages() + " (row existed: "
                + journal.targetRowExisted() + "; row did not exist, undone by deleting it: "
                + journal.targetRowMissing() + ")"));
        facts.add(Fact.text("Journaled with the plan's values", journal.planValues()
                + " (no before-image was read from the target for these rows)"));
        if (journal.sourceNotRecorded() > 0) {
            facts.add(Fact.text("Before-image source not recorded", String.valueOf(journal.sourceNotRecorded())));
        }
        facts.add(Fact.text("Before-images pruned by retention", journal.pruned()
                + (journal.pruned() > 0 ? " (these rows can no longer be undone)" : "")));
        List<String> actions = new ArrayList<>();
        journal.byAction().forEach((action, count) -> actions.add(action + " " + count));
        facts.add(Fact.text("Entries by action", actions.isEmpty() ? "none" : String.join(", ", actions)));
        facts.add(Fact.text("Mirror records", String.valueOf(journal.mirrorRecords())));
        page.facts(facts);
        if (journal.entries() != applied) {
            page.warning(journal.entries() + " journal entries for " + applied + " applied rows: an applied row"
                    + " without an entry cannot be undone from this journal.");
        }
        page.close("section");
    }
}
