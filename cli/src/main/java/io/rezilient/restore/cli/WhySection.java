package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.cli.ReportMarkup.Fact;

import java.util.ArrayList;
import java.util.List;

/** The report's "Why": the plan the restore followed, the options it ran with, its approval and the plan's gate. */
final class WhySection {
    private WhySection() {
    }

    static void render(ReportMarkup page, JsonNode evidence, EvidenceContents contents) {
        JsonNode plan = contents.plan();
        JsonNode execution = contents.execution();
        page.open("section", "").heading("Why: plan, options and approval");
        page.paragraph("The restore carried out plan " + DisplayText.field(plan, "plan_id")
                + ", generated at " + DisplayText.field(plan, "generated_at")
                + "; the evidence is bound to that plan by its hash.");
        page.facts(List.of(Fact.code("Plan id", DisplayText.field(plan, "plan_id")),
                Fact.code("Plan hash", DisplayText.field(evidence, "plan_hash")),
                Fact.text("Plan generated at", DisplayText.field(plan, "generated_at"))));

        page.subheading("Execution options");
        List<Fact> options = new ArrayList<>(DisplayText.facts(plan.path("execution_options")));
        options.add(Fact.text("workflow mode at execution", DisplayText.field(execution, "workflow_mode")));
        options.add(Fact.text("elevated confirmation used", DisplayText.field(execution,
                "elevated_confirmation_used")));
        page.facts(options);

        page.subheading("Approval");
        JsonNode approval = evidence.path("approval");
        if (approval.path("approval_state").asText().startsWith("placeholder")) {
            page.paragraph("No approval was required or checked for this restore: the block below is the"
                    + " service's placeholder, recorded as such.");
        }
        page.facts(DisplayText.facts(approval));

        page.subheading("Gate");
        page.paragraph("Whether the plan could be executed when it was checked, and what blocked it if anything.");
        page.facts(DisplayText.facts(contents.planDocument().path("gate")));

        page.subheading("Planned actions");
        page.facts(DisplayText.facts(plan.path("action_counts")));

        page.subheading("Schema drift");
        page.facts(DisplayText.facts(evidence.path("schema_drift_summary")));
        page.close("section");
    }
}
