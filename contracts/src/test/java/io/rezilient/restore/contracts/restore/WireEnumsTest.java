package io.rezilient.restore.contracts.restore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireEnumsTest {
    static Stream<Class<? extends WireEnum>> wireEnums() {
        return Stream.of(ReasonCode.class, AcpReasonCode.class, Capability.class, JobStatus.class,
                ExecutionStatus.class, ConflictClass.class, ConflictResolution.class, PlanRowAction.class,
                SourceOperation.class, Freshness.class, Executability.class, ReconciliationState.class,
                FreshnessUnknownDetail.class, TargetState.class, RowOutcome.class, DeleteDecision.class,
                MediaDecision.class, ApprovalMetadata.PlaceholderReason.class);
    }

    private static Object fromWire(Class<? extends WireEnum> type, String value) throws Throwable {
        Method fromWire = type.getMethod("fromWire", String.class);
        try {
            return fromWire.invoke(null, value);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static List<String> wires(Class<? extends WireEnum> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireEnum::wire).toList();
    }

    @ParameterizedTest
    @MethodSource("wireEnums")
    void everyConstantRoundTripsThroughItsWireValue(Class<? extends WireEnum> type) throws Throwable {
        for (WireEnum constant : type.getEnumConstants()) {
            assertThat(fromWire(type, constant.wire())).isSameAs(constant);
        }
        assertThat(wires(type)).doesNotHaveDuplicates().allSatisfy(wire -> assertThat(wire).isNotBlank());
    }

    @ParameterizedTest
    @MethodSource("wireEnums")
    void unknownValuesAreRejectedNamingTheValueAndTheAllowedSet(Class<? extends WireEnum> type) {
        String first = wires(type).get(0);
        for (String unknown : new String[]{"not_a_value", first.toUpperCase() + "x", " " + first, ""}) {
            assertThatThrownBy(() -> fromWire(type, unknown))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + unknown + "'")
                    .hasMessageContaining(String.join(", ", wires(type)));
        }
        assertThatThrownBy(() -> fromWire(type, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null");
    }

    @Test
    void wireValuesAreTheContractsSpellings() {
        assertThat(wires(ConflictClass.class)).containsExactly("value_conflict", "missing_row_conflict",
                "unexpected_existing_conflict", "reference_conflict", "schema_conflict", "permission_conflict",
                "stale_conflict");
        assertThat(wires(Capability.class)).containsExactly("restore_execute", "restore_delete",
                "restore_override_caps", "restore_schema_override", "rrs.admin");
        assertThat(wires(JobStatus.class))
                .containsExactly("queued", "running", "paused", "completed", "failed", "cancelled");
        assertThat(wires(PlanRowAction.class)).containsExactly("update", "insert", "delete", "skip");
        assertThat(wires(SourceOperation.class)).containsExactly("I", "U", "D");
        assertThat(wires(Freshness.class)).containsExactly("fresh", "stale", "unknown");
        assertThat(wires(Executability.class)).containsExactly("executable", "preview_only", "blocked");
        assertThat(wires(ReconciliationState.class)).containsExactly("draft", "finalized");
        assertThat(wires(FreshnessUnknownDetail.class)).containsExactly("no_indexed_coverage",
                "partition_not_indexed", "invalid_authoritative_timestamp", "restore_index_unavailable");
        assertThat(wires(ConflictResolution.class)).containsExactly("skip", "abort_and_replan");
    }

    @Test
    void reasonCodesCoverEveryFamilyTheSpecsUse() {
        assertThat(wires(ReasonCode.class)).contains("none", "denied_token_malformed",
                "denied_token_invalid_signature", "denied_token_wrong_service_scope", "denied_token_expired",
                "blocked_unknown_source_mapping", "blocked_auth_control_plane_outage", "blocked_freshness_unknown",
                "blocked_freshness_stale", "blocked_plan_unavailable", "blocked_plan_hash_mismatch",
                "queued_scope_lock", "failed_stale_lock_recovered", "paused_token_refresh_grace_exhausted",
                "failed_media_retry_exhausted", "failed_evidence_signature_verification", "paused_manual",
                "paused_realtime_lag_guardrail", "paused_indexing_failures", "admin_auth_required",
                "request_body_too_large");
        assertThat(wires(ReasonCode.class)).allMatch(wire -> wire.matches("[a-z]+(_[a-z]+)*"));
    }

    @Test
    void onlyTheLastThreeJobStatusesAreTerminal() {
        assertThat(Arrays.stream(JobStatus.values()).filter(JobStatus::isTerminal))
                .containsExactly(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED);
    }

    @Test
    void sourceOperationsImplyTheirActions() {
        assertThat(SourceOperation.fromWire("I").sourceAction()).isEqualTo(PlanRowAction.INSERT);
        assertThat(SourceOperation.fromWire("U").sourceAction()).isEqualTo(PlanRowAction.UPDATE);
        assertThat(SourceOperation.fromWire("D").sourceAction()).isEqualTo(PlanRowAction.DELETE);
        assertThatThrownBy(() -> SourceOperation.fromWire("u")).hasMessageContaining("'u'");
    }

    @Test
    void theAdminCapabilityCannotBeRequestedOnAJob() {
        assertThat(Capability.restoreCapabilityFromWire("restore_delete")).isEqualTo(Capability.RESTORE_DELETE);
        assertThat(Capability.fromWire("rrs.admin")).isEqualTo(Capability.ADMIN);
        assertThatThrownBy(() -> Capability.restoreCapabilityFromWire("rrs.admin"))
                .hasMessage("capability 'rrs.admin' cannot be requested here (allowed: restore_execute, "
                        + "restore_delete, restore_override_caps, restore_schema_override)");
    }
}
