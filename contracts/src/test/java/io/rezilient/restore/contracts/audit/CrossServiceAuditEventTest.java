package io.rezilient.restore.contracts.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.validation.ValidationException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CrossServiceAuditEventTest {
    private static final String HASH = "a".repeat(64);

    private static CrossServiceAuditEvent event(String id, String at, AuditService service, AuditLifecycle lifecycle,
                                                String planId, String jobId) {
        return new CrossServiceAuditEvent(id, at, service, lifecycle, "job_created", AuditOutcome.ACCEPTED,
                "tenant-acme", "sn-dev-01", "sn://acme", planId, planId == null ? null : HASH, jobId, "none",
                new AuditActor(ActorType.USER, "operator-1", null), null, (ObjectNode) Json.parse("{\"k\":1}"));
    }

    @Test
    void roundTripsThroughItsStrictWireForm() {
        CrossServiceAuditEvent original = event("evt_1", "2026-02-16T12:00:00Z", AuditService.RRS,
                AuditLifecycle.PLAN, "plan-1", "job_1");

        ObjectNode json = original.toJson();

        assertThat(json.get("contract_version").textValue()).isEqualTo("audit.contracts.v1");
        assertThat(json.get("schema_version").textValue()).isEqualTo("audit.event.v1");
        assertThat(json.get("occurred_at").textValue()).isEqualTo("2026-02-16T12:00:00.000Z");
        assertThat(json.has("reason_code")).as("reason_code none is omitted").isFalse();
        assertThat(json.has("correlation")).isFalse();
        assertThat(CrossServiceAuditEvent.fromJson(json)).isEqualTo(original);
    }

    @Test
    void unknownFieldsAndUnknownEnumValuesAreRejectedNamingTheField() {
        ObjectNode json = event("evt_1", "2026-02-16T12:00:00Z", AuditService.RRS, AuditLifecycle.PLAN, "p", "j")
                .toJson();
        json.put("password", "x");
        assertThatThrownBy(() -> CrossServiceAuditEvent.fromJson(json))
                .isInstanceOf(ValidationException.class).hasMessageContaining("password");

        ObjectNode badService = event("evt_1", "2026-02-16T12:00:00Z", AuditService.RRS, AuditLifecycle.PLAN,
                "p", "j").toJson();
        badService.put("service", "mail");
        assertThatThrownBy(() -> CrossServiceAuditEvent.fromJson(badService))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).firstIssue().path()).containsExactly("service"));
    }

    @Test
    void crossFieldRulesOfTheContractHold() {
        assertThatThrownBy(() -> new CrossServiceAuditEvent("e", "2026-02-16T12:00:00Z", AuditService.RRS,
                AuditLifecycle.EXECUTE, "started", AuditOutcome.STARTED, "t", "i", "s", "p", null, null, null,
                null, null, null)).hasMessage("lifecycle execute requires job_id");
        assertThatThrownBy(() -> new CrossServiceAuditEvent("e", "2026-02-16T12:00:00Z", AuditService.RRS,
                AuditLifecycle.PLAN, "job_created", AuditOutcome.ACCEPTED, "t", "i", "s", null, null, null, null,
                null, null, null)).hasMessage("lifecycle plan requires plan_id");
        assertThatThrownBy(() -> new CrossServiceAuditEvent("e", "2026-02-16T12:00:00Z", AuditService.ACP,
                AuditLifecycle.AUTH, "token_issued", AuditOutcome.ACCEPTED, null, "i", null, null, null, null,
                null, null, null, null)).hasMessage("instance_id requires tenant_id");
        assertThatThrownBy(() -> new CrossServiceAuditEvent("e", "2026-02-16T12:00:00Z", AuditService.ACP,
                AuditLifecycle.AUTH, "Token-Issued", AuditOutcome.ACCEPTED, null, null, null, null, null, null,
                null, null, null, null)).hasMessageContaining("action must be snake_case");
        assertThatThrownBy(() -> new CrossServiceAuditEvent("e", "2026-02-30T12:00:00Z", AuditService.ACP,
                AuditLifecycle.AUTH, "token_issued", AuditOutcome.ACCEPTED, null, null, null, null, null, null,
                null, null, null, null)).hasMessageContaining("occurred_at must be ISO datetime");
    }

    @Test
    void replayOrderIsTimeThenServiceThenEventIdAndPayloadsMustBeUniqueAndSorted() {
        var late = event("evt_a", "2026-02-16T12:00:01.000Z", AuditService.ACP, AuditLifecycle.PLAN, "p", "j");
        var rrs9 = event("evt-9", "2026-02-16T12:00:00.000Z", AuditService.RRS, AuditLifecycle.PLAN, "p", "j");
        var rrs10 = event("evt-10", "2026-02-16T12:00:00.000Z", AuditService.RRS, AuditLifecycle.PLAN, "p", "j");
        var acp = event("evt_z", "2026-02-16T12:00:00.000Z", AuditService.ACP, AuditLifecycle.PLAN, "p", "j");

        List<CrossServiceAuditEvent> replay = AuditReplayOrder.sorted(List.of(late, rrs9, rrs10, acp));

        // localeCompare puts evt-10 before evt-9
        assertThat(replay).containsExactly(acp, rrs10, rrs9, late);
        AuditReplayOrder.requireReplayable(replay);
        assertThatThrownBy(() -> AuditReplayOrder.requireReplayable(List.of(rrs9, rrs10)))
                .hasMessageContaining("not in replay order at event rrs:evt-10");
        assertThatThrownBy(() -> AuditReplayOrder.requireReplayable(List.of(rrs9, rrs9)))
                .hasMessageContaining("duplicate event rrs:evt-9");
    }

    @Test
    void legacyJobEventsMapOntoTheNormalisedVocabulary() {
        assertThat(LegacyJobEventType.JOB_QUEUED.crossServiceMapping(false))
                .isEqualTo(new LegacyJobEventType.Mapping(AuditLifecycle.EXECUTE, "queued_for_lock", AuditOutcome.QUEUED));
        assertThat(LegacyJobEventType.JOB_STARTED.crossServiceMapping(true))
                .isEqualTo(new LegacyJobEventType.Mapping(AuditLifecycle.RESUME, "resumed", AuditOutcome.STARTED));
        assertThat(LegacyJobEventType.JOB_STARTED.crossServiceMapping(false).lifecycle())
                .isEqualTo(AuditLifecycle.EXECUTE);
        assertThat(LegacyJobEventType.fromWire("job_cancelled").crossServiceMapping(false).outcome())
                .isEqualTo(AuditOutcome.CANCELLED);
        assertThatThrownBy(() -> LegacyJobEventType.fromWire("job_exploded"))
                .hasMessageContaining("unknown job event type 'job_exploded'");
    }

    @Test
    void metadataIsCopiedSoCallersCannotChangeARecordedEvent() {
        ObjectNode metadata = (ObjectNode) Json.parse("{\"k\":1}");
        var recorded = new CrossServiceAuditEvent("e", "2026-02-16T12:00:00Z", AuditService.ACP,
                AuditLifecycle.AUTH, "token_issued", AuditOutcome.ACCEPTED, null, null, null, null, null, null,
                null, null, null, metadata);
        metadata.put("k", 2);
        JsonNode stored = recorded.toJson().get("metadata");
        assertThat(stored.get("k").intValue()).isEqualTo(1);
    }
}
