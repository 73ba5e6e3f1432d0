package io.rezilient.restore.agent.target;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.restore.ConflictClass;
import io.rezilient.restore.contracts.restore.PlanRowAction;
import io.rezilient.restore.contracts.restore.ReasonCode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-row verdicts, without a database: the target state is given. */
class RowDeciderTest {
    private static final TableShape INCIDENT = new TableShape("public", "incident", columns("sys_id", "number",
            "short_description", "priority"));
    private static final TargetTable USABLE = new TargetTable.Usable(INCIDENT);

    private static Map<String, ColumnType> columns(String... names) {
        Map<String, ColumnType> columns = new LinkedHashMap<>();
        for (String name : names) {
            columns.put(name, new ColumnType(name, "text", "pg_catalog", "text"));
        }
        return columns;
    }

    private static ObjectNode values(String... pairs) {
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return values;
    }

    private static RowChange update(ObjectNode values) {
        return RowChange.write("row.1", "incident", "abc", PlanRowAction.UPDATE, 1, values, Optional.empty());
    }

    private static RowDecision decide(RowChange row, Optional<List<String>> scope, Optional<ObjectNode> current) {
        return RowDecider.decide(row, scope, USABLE, current, Optional.empty());
    }

    @Test
    void anUpdateWritesTheRecordsFieldsButNotItsKey() {
        RowDecision decision = decide(update(values("sys_id", "abc", "priority", "2", "number", "INC1")),
                Optional.empty(), Optional.of(values("sys_id", "abc")));

        assertThat(decision).isEqualTo(new RowDecision.Write(PlanRowAction.UPDATE,
                Map.of("priority", "2", "number", "INC1")));
        assertThat(((RowDecision.Write) decision).columns().keySet()).containsExactly("priority", "number");
    }

    @Test
    void columnScopeWritesOnlyListedColumnsTheRecordCarries() {
        RowDecision decision = decide(update(values("priority", "2", "number", "INC1", "u_not_on_target", "x")),
                Optional.of(List.of("short_description", "priority")), Optional.of(values("sys_id", "abc")));

        assertThat(decision).isEqualTo(new RowDecision.Write(PlanRowAction.UPDATE, Map.of("priority", "2")));
    }

    @Test
    void aFieldTheTargetLacksFailsTheRowAndIsNamed() {
        RowDecision decision = decide(update(values("priority", "2", "u_extra", "x", "u_more", "y")),
                Optional.empty(), Optional.of(values("sys_id", "abc")));

        assertThat(decision).isEqualTo(new RowDecision.Fail(ReasonCode.FAILED_SCHEMA_CONFLICT,
                "target table public.incident has no column for fields u_extra, u_more of record incident/abc"));
    }

    @Test
    void aListedColumnTheTargetLacksFailsTheRowInColumnScope() {
        RowDecision decision = decide(update(values("priority", "2")), Optional.of(List.of("priority", "u_gone")),
                Optional.of(values("sys_id", "abc")));

        assertThat(decision).isInstanceOf(RowDecision.Fail.class);
        assertThat(((RowDecision.Fail) decision).message()).contains("column-scope column u_gone");
    }

    @Test
    void namesThatAreNotPlainIdentifiersNeverReachSql() {
        RowDecision field = decide(update(values("priority\"; DROP TABLE incident; --", "2")), Optional.empty(),
                Optional.of(values("sys_id", "abc")));

        assertThat(field).isInstanceOf(RowDecision.Fail.class);
        assertThat(((RowDecision.Fail) field).reasonCode()).isEqualTo(ReasonCode.FAILED_SCHEMA_CONFLICT);
        assertThat(((RowDecision.Fail) field).message()).contains("not a plain SQL identifier");
    }

    @Test
    void objectValuesAndForeignKeysFailTheRow() {
        ObjectNode nested = values("priority", "2");
        nested.putObject("short_description").put("display_value", "x");
        RowDecision objectValue = decide(update(nested), Optional.empty(), Optional.of(values("sys_id", "abc")));
        RowDecision otherKey = decide(update(values("sys_id", "zzz", "priority", "2")), Optional.empty(),
                Optional.of(values("sys_id", "abc")));

        assertThat(objectValue).isEqualTo(new RowDecision.Fail(ReasonCode.FAILED_SCHEMA_CONFLICT,
                "field short_description of record incident/abc holds a JSON object; target columns take string values"));
        assertThat(otherKey).isEqualTo(new RowDecision.Fail(ReasonCode.FAILED_INTERNAL_ERROR,
                "the values of record incident/abc carry sys_id zzz"));
    }

    @Test
    void existenceDecidesConflictsAndMissingDeletes() {
        ObjectNode existing = values("sys_id", "abc", "priority", "1");
        RowChange insert = RowChange.write("row.1", "incident", "abc", PlanRowAction.INSERT, 1, values("priority", "2"),
                Optional.empty());
        RowChange delete = RowChange.delete("row.1", "incident", "abc", 1, Optional.empty());

        assertThat(decide(insert, Optional.empty(), Optional.of(existing))).isInstanceOf(RowDecision.Conflict.class)
                .extracting(d -> ((RowDecision.Conflict) d).conflictClass())
                .isEqualTo(ConflictClass.UNEXPECTED_EXISTING_CONFLICT);
        assertThat(decide(update(values("priority", "2")), Optional.empty(), Optional.empty()))
                .extracting(d -> ((RowDecision.Conflict) d).conflictClass())
                .isEqualTo(ConflictClass.MISSING_ROW_CONFLICT);
        assertThat(decide(delete, Optional.empty(), Optional.empty())).isEqualTo(new RowDecision.NothingToDelete());
        assertThat(decide(delete, Optional.empty(), Optional.of(existing)))
                .isEqualTo(new RowDecision.Write(PlanRowAction.DELETE, Map.of()));
    }

    @Test
    void aChangedFingerprintIsAValueConflictAndAnUnchangedOneIsNot() {
        ObjectNode current = values("sys_id", "abc", "priority", "1");
        String now = TargetFingerprint.of(current);
        RowChange stale = RowChange.write("row.1", "incident", "abc", PlanRowAction.UPDATE, 1, values("priority", "2"),
                Optional.of("0".repeat(64)));
        RowChange fresh = RowChange.write("row.1", "incident", "abc", PlanRowAction.UPDATE, 1, values("priority", "2"),
                Optional.of(now));

        assertThat(decide(stale, Optional.empty(), Optional.of(current))).isInstanceOf(RowDecision.Conflict.class)
                .extracting(d -> ((RowDecision.Conflict) d).message().toString())
                .asString().contains("changed on the target since reconciliation");
        assertThat(decide(fresh, Optional.empty(), Optional.of(current))).isInstanceOf(RowDecision.Write.class);
    }

    @Test
    void skipsAndEarlierAppliesComeBeforeAnyCheck() {
        RowChange skip = RowChange.skip("row.1", "no such table", "abc", 1);
        EarlierApply earlier = new EarlierApply("claim-0", "a".repeat(64), 1, Optional.empty(), Optional.empty());

        assertThat(RowDecider.decide(skip, Optional.empty(), new TargetTable.Unusable("gone"), Optional.empty(),
                Optional.empty())).isEqualTo(new RowDecision.PlanSkip());
        assertThat(RowDecider.decide(update(values("priority", "2")), Optional.empty(), USABLE, Optional.empty(),
                Optional.of(earlier))).isEqualTo(new RowDecision.AlreadyApplied(earlier));
    }

    @Test
    void aTableTheWriterCannotUseFailsTheRow() {
        assertThat(RowDecider.decide(update(values("priority", "2")), Optional.empty(),
                new TargetTable.Unusable("target table public.incident does not exist"), Optional.empty(),
                Optional.empty())).isEqualTo(new RowDecision.Fail(ReasonCode.FAILED_SCHEMA_CONFLICT,
                "target table public.incident does not exist"));
    }
}
