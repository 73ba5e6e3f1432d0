package io.rezilient.restore.contracts.ids;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.pit.PitTuple;
import io.rezilient.restore.contracts.pit.SysModCount;
import io.rezilient.restore.contracts.restore.PlanRowAction;
import io.rezilient.restore.contracts.restore.SourceOperation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PreconditionHashTest {
    private static final JsonNode VALUES = Json.parse("{\"diff_enc\":{\"alg\":\"AES-256-CBC\","
            + "\"module\":\"x_rezrp_rezilient.encrypter\",\"format\":\"kmf\",\"compression\":\"none\","
            + "\"ciphertext\":\"cipher-1\"}}");
    private static final String ROW_ID = RowIds.rowId("incident", "rec-1");

    private static PreconditionHash hash(PlanRowAction action, SourceOperation operation, SysModCount modCount) {
        return new PreconditionHash(action, "rez/restore/event=evt-1.artifact.json",
                "rez/restore/event=evt-1.manifest.json", operation, "rec-1", ROW_ID, "incident", VALUES,
                new PitTuple("2026-02-21 10:00:00", modCount, "2026-02-21T10:00:00.000Z", "evt-1"));
    }

    @Test
    void matchesTheReferenceForAnUpdate() {
        assertThat(hash(PlanRowAction.UPDATE, SourceOperation.UPDATE, SysModCount.of(4)).compute())
                .isEqualTo("d387636158e29eb9aeed97bfebdc92cb93cce539614003345a725bac14ff5335");
    }

    @Test
    void reconcilingTheActionChangesTheHashButTheOperationKeepsTheSourceLetter() {
        PreconditionHash reconciled = hash(PlanRowAction.UPDATE, SourceOperation.INSERT, SysModCount.of(4));
        assertThat(reconciled.compute())
                .isEqualTo("acc627d3281da180a7cf83811075fe8c9671bc746d7ac89bba64bc2fe4d14902");
        assertThat(reconciled.hashInput().path("operation").asText()).isEqualTo("I");
        assertThat(hash(PlanRowAction.INSERT, SourceOperation.INSERT, SysModCount.of(4)).compute())
                .isNotEqualTo(reconciled.compute());
    }

    @Test
    void anAbsentModCountIsLeftOutOfTheHashInput() {
        PreconditionHash noCount = hash(PlanRowAction.UPDATE, SourceOperation.UPDATE, SysModCount.ABSENT);
        assertThat(noCount.hashInput().path("winner_tuple").has("sys_mod_count")).isFalse();
        assertThat(noCount.compute())
                .isEqualTo("153ede0b003670f20d5e6e0b377b7a8807feb48e459f5512ed8ef4a92330be42");
    }

    @Test
    void theCallersValuesAreNotAliased() {
        PreconditionHash hash = hash(PlanRowAction.UPDATE, SourceOperation.UPDATE, SysModCount.of(4));
        assertThat(hash.hashInput().get("values")).isEqualTo(VALUES).isNotSameAs(VALUES);
    }
}
