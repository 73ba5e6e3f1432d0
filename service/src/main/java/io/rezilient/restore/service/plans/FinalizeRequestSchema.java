package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.restore.TargetState;
import io.rezilient.restore.contracts.validation.RefinementContext;
import io.rezilient.restore.contracts.validation.Schema;
import io.rezilient.restore.contracts.validation.Schemas;
import io.rezilient.restore.service.http.InputText;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Body of {@code POST /v1/plans/{plan_id}/target-reconciliation/finalize} (service-spec §3.3), strict. A record
 * reported twice is refused here, before any plan is read: two answers for one record cannot both be true, and
 * which one wins must not depend on order.
 */
public final class FinalizeRequestSchema {
    public static final String DUPLICATE_MESSAGE = "duplicate table+record_sys_id";

    public static final Schema RECONCILED_RECORD = Schemas.object()
            .field("table", InputText.identifier())
            .field("record_sys_id", InputText.identifier())
            .field("target_state", Schemas.oneOf(Arrays.stream(TargetState.values()).map(TargetState::wire).toList()));

    public static final Schema SCHEMA = Schemas.object()
            .field("finalized_by", InputText.identifier())
            .field("reconciled_records", Schemas.array(RECONCILED_RECORD).min(1)
                    .refine(FinalizeRequestSchema::checkDuplicates));

    private FinalizeRequestSchema() {
    }

    /** Records are keyed as the planner keys them: trimmed {@code table|record_sys_id}. */
    static String key(String table, String recordSysId) {
        return table.trim() + "|" + recordSysId.trim();
    }

    private static void checkDuplicates(JsonNode records, RefinementContext context) {
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            JsonNode record = records.get(i);
            String key = key(record.path("table").asText(), record.path("record_sys_id").asText());
            Integer earlier = firstIndex.putIfAbsent(key, i);
            if (earlier != null) {
                context.addIssue(DUPLICATE_MESSAGE + " '" + key + "' (also at reconciled_records[" + earlier + "])",
                        i);
                return;
            }
        }
    }
}
