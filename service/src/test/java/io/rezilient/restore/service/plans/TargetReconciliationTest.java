package io.rezilient.restore.service.plans;

import io.rezilient.restore.contracts.ids.PreconditionHash;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.ConflictClass;
import io.rezilient.restore.contracts.restore.PlanRowAction;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.contracts.restore.TargetState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static io.rezilient.restore.service.plans.PlanFixtures.ENVELOPE;
import static io.rezilient.restore.service.plans.PlanFixtures.SCOPE;
import static io.rezilient.restore.service.plans.PlanFixtures.body;
import static io.rezilient.restore.service.plans.PlanFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

class TargetReconciliationTest {
    private static DraftRow draft(String op) {
        return RowMaterializer.materialize(SCOPE,
                event("evt-1", "rec-1", "2026-02-21 10:00:00", 1, "2026-02-21T10:00:00Z"),
                Optional.of(body("{\"__op\":\"" + op + "\",\"row_enc\":" + ENVELOPE + "}")));
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource({
            "D, exists,  delete, source_delete",
            "D, missing, delete, source_delete",
            "I, exists,  update, source_insert_target_exists",
            "I, missing, insert, source_insert_target_missing",
            "U, exists,  update, source_update_target_exists"})
    void theActionFollowsTheTable(String op, String target, String action, String policyCase) {
        DraftRow draft = draft(op);

        TargetReconciliation.Outcome outcome = TargetReconciliation.reconcile(draft, TargetState.fromWire(target));

        assertThat(outcome).isInstanceOfSatisfying(TargetReconciliation.Reconciled.class, reconciled -> {
            PlanRow row = reconciled.row();
            assertThat(row.action().wire()).isEqualTo(action);
            assertThat(reconciled.policyCase()).isEqualTo(policyCase);
            assertThat(row.metadata().get("metadata").get("operation").asText()).isEqualTo(op);
            assertThat(row.preconditionHash()).isEqualTo(new PreconditionHash(row.action(), draft.artifactKey(),
                    draft.manifestKey(), draft.sourceOperation(), row.recordSysId(), row.rowId(), row.table(),
                    row.values(), draft.winnerTuple()).compute());
        });
    }

    @Test
    void anInsertIntoAnExistingRecordChangesTheHash() {
        DraftRow draft = draft("I");

        TargetReconciliation.Reconciled reconciled =
                (TargetReconciliation.Reconciled) TargetReconciliation.reconcile(draft, TargetState.EXISTS);

        assertThat(reconciled.row().action()).isEqualTo(PlanRowAction.UPDATE);
        assertThat(reconciled.row().preconditionHash()).isNotEqualTo(draft.row().preconditionHash());
        assertThat(reconciled.row().values()).isEqualTo(draft.row().values());
    }

    @Test
    void anUnchangedActionKeepsTheDraftRow() {
        DraftRow draft = draft("U");

        TargetReconciliation.Reconciled reconciled =
                (TargetReconciliation.Reconciled) TargetReconciliation.reconcile(draft, TargetState.EXISTS);

        assertThat(reconciled.row()).isSameAs(draft.row());
    }

    @Test
    void anUpdateOfAMissingRecordBlocks() {
        DraftRow draft = draft("U");

        TargetReconciliation.Outcome outcome = TargetReconciliation.reconcile(draft, TargetState.MISSING);

        assertThat(outcome).isEqualTo(new TargetReconciliation.Blocked(draft, "source_update_target_missing",
                ReasonCode.BLOCKED_REFERENCE_CONFLICT, ConflictClass.MISSING_ROW_CONFLICT,
                "target_missing_for_source_update"));
    }

    @Test
    void aBlockIsReportedWithTheReferencesMessageAndDetails() {
        TargetReconciliation.Blocked blocked =
                (TargetReconciliation.Blocked) TargetReconciliation.reconcile(draft("U"), TargetState.MISSING);

        MaterializationException failure = MaterializationException.reconciliationBlocked(blocked, TargetState.MISSING);

        assertThat(failure.code().wire()).isEqualTo("target_reconciliation_blocked");
        assertThat(failure.getMessage()).isEqualTo("target reconciliation blocked scope/PIT row materialization");
        assertThat(Json.write(failure.details())).isEqualTo("{\"blocking_reason\":\"target_missing_for_source_update\","
                + "\"conflict_class\":\"missing_row_conflict\",\"policy_case\":\"source_update_target_missing\","
                + "\"record_sys_id\":\"rec-1\",\"source_operation\":\"U\",\"table\":\"x_app.ticket\","
                + "\"target_state\":\"missing\"}");
    }
}
