package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.restore.Executability;
import io.rezilient.restore.contracts.restore.Freshness;
import io.rezilient.restore.contracts.restore.FreshnessUnknownDetail;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.service.index.AuthoritativeWatermark;
import io.rezilient.restore.service.index.FreshnessVerdict;
import io.rezilient.restore.service.index.PartitionRef;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.rezilient.restore.service.plans.PlanFixtures.SCOPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DryRunGateTest {
    private static final String TIME = "2026-02-21T10:00:00.000Z";
    private static final WatermarkView FRESH = view("rez.cdc", 0, Freshness.FRESH, Executability.EXECUTABLE,
            ReasonCode.NONE);
    private static final WatermarkView STALE = view("rez.cdc", 1, Freshness.STALE, Executability.PREVIEW_ONLY,
            ReasonCode.BLOCKED_FRESHNESS_STALE);
    private static final WatermarkView UNKNOWN = view("rez.cdc", 2, Freshness.UNKNOWN, Executability.BLOCKED,
            ReasonCode.BLOCKED_FRESHNESS_UNKNOWN);

    private static WatermarkView view(String topic, int partition, Freshness freshness, Executability executability,
                                      ReasonCode reason) {
        return new WatermarkView(topic, partition, freshness, executability, reason, TIME, TIME);
    }

    private static Gate gate(int deletes, int references, int media, WatermarkView... watermarks) {
        return DryRunGate.evaluate(new GateInput(Set.of(), deletes, media, references, List.of(watermarks)));
    }

    @Test
    void eachBlockerOutranksTheNext() {
        assertThat(gate(1, 1, 1, UNKNOWN, STALE).reasonCode())
                .isEqualTo(ReasonCode.BLOCKED_UNRESOLVED_DELETE_CANDIDATES);
        assertThat(gate(0, 1, 1, UNKNOWN, STALE).reasonCode()).isEqualTo(ReasonCode.BLOCKED_REFERENCE_CONFLICT);
        assertThat(gate(0, 0, 1, UNKNOWN, STALE).reasonCode())
                .isEqualTo(ReasonCode.BLOCKED_UNRESOLVED_MEDIA_CANDIDATES);
        assertThat(gate(0, 0, 0, UNKNOWN, STALE).reasonCode()).isEqualTo(ReasonCode.BLOCKED_FRESHNESS_UNKNOWN);
        Gate stale = gate(0, 0, 0, FRESH, STALE);
        assertThat(stale.executability()).isEqualTo(Executability.PREVIEW_ONLY);
        assertThat(stale.reasonCode()).isEqualTo(ReasonCode.BLOCKED_FRESHNESS_STALE);
        Gate clear = gate(0, 0, 0, FRESH);
        assertThat(clear.executable()).isTrue();
        assertThat(clear.reasonCode()).isEqualTo(ReasonCode.NONE);
    }

    @Test
    void countsAreReportedWhateverDecided() {
        Gate gate = gate(2, 3, 4, UNKNOWN, STALE, FRESH);

        assertThat(gate.toJson().toString()).isEqualTo("{\"executability\":\"blocked\","
                + "\"reason_code\":\"blocked_unresolved_delete_candidates\",\"unresolved_delete_candidates\":2,"
                + "\"unresolved_media_candidates\":4,\"unresolved_hard_block_conflicts\":3,"
                + "\"stale_partition_count\":1,\"unknown_partition_count\":1}");
    }

    @Test
    void noWatermarkIsOneUnknownPartitionWithoutCoverage() {
        Gate gate = gate(0, 0, 0);

        assertThat(gate.unknownPartitionCount()).isEqualTo(1);
        assertThat(gate.freshnessUnknownDetail()).contains(FreshnessUnknownDetail.NO_INDEXED_COVERAGE);
    }

    @Test
    void anUnreadableTimestampOutranksARequestedPartition() {
        WatermarkView garbled = new WatermarkView(" rez.cdc ", 2, Freshness.UNKNOWN, Executability.BLOCKED,
                ReasonCode.BLOCKED_FRESHNESS_UNKNOWN, "garbage", TIME);
        Set<PartitionRef> requested = Set.of(new PartitionRef("rez.cdc", 2));

        assertThat(DryRunGate.evaluate(new GateInput(requested, 0, 0, 0, List.of(garbled)))
                .freshnessUnknownDetail()).contains(FreshnessUnknownDetail.INVALID_AUTHORITATIVE_TIMESTAMP);
        assertThat(DryRunGate.evaluate(new GateInput(requested, 0, 0, 0, List.of(UNKNOWN)))
                .freshnessUnknownDetail()).contains(FreshnessUnknownDetail.PARTITION_NOT_INDEXED);
        assertThat(DryRunGate.evaluate(new GateInput(Set.of(new PartitionRef("rez.cdc", 3)), 0, 0, 0,
                List.of(UNKNOWN))).freshnessUnknownDetail()).contains(FreshnessUnknownDetail.NO_INDEXED_COVERAGE);
    }

    @Test
    void aFreshLabelWithABlockingReasonIsNotFresh() {
        WatermarkView labelledFresh = view("rez.cdc", 0, Freshness.FRESH, Executability.EXECUTABLE,
                ReasonCode.BLOCKED_FRESHNESS_UNKNOWN);

        Gate gate = gate(0, 0, 0, labelledFresh);

        assertThat(gate.unknownPartitionCount()).isEqualTo(1);
        assertThat(gate.stalePartitionCount()).isZero();
    }

    @Test
    void requestedPartitionsNeedATopicAndANonNegativePartition() {
        assertThat(DryRunGate.requestedPartition("  rez.cdc ", 4L)).contains(new PartitionRef("rez.cdc", 4));
        assertThat(DryRunGate.requestedPartition("rez.cdc", null)).isEmpty();
        assertThat(DryRunGate.requestedPartition("rez.cdc", -1L)).isEmpty();
        assertThat(DryRunGate.requestedPartition(" ", 0L)).isEmpty();
    }

    @Test
    void theServiceWatermarkFeedsTheGateAndRendersAsRestoreWatermark() {
        Instant measured = Instant.parse("2026-02-21T10:00:30Z");
        AuthoritativeWatermark watermark = new AuthoritativeWatermark(SCOPE, new PartitionRef("rez.cdc", 1), true,
                "gen-7", "900", Instant.parse("2026-02-21T10:00:00Z"), Instant.parse("2026-02-20T00:00:00Z"),
                Instant.parse("2026-02-21T10:00:00Z"), measured, 0,
                new FreshnessVerdict(Freshness.FRESH, Executability.EXECUTABLE, ReasonCode.NONE, 30L));

        Gate gate = DryRunGate.evaluate(GateInput.of(Set.of(new PartitionRef("rez.cdc", 1)), 0, 0, 0,
                List.of(watermark)));
        JsonNode json = WatermarkJson.render(watermark);

        assertThat(gate.executable()).isTrue();
        assertThat(json.toString()).isEqualTo("{\"contract_version\":\"restore.contracts.v1\","
                + "\"tenant_id\":\"tenant-acme\",\"instance_id\":\"sn-dev-01\","
                + "\"source\":\"sn://acme-dev.service-now.com\",\"topic\":\"rez.cdc\",\"partition\":1,"
                + "\"generation_id\":\"gen-7\",\"indexed_through_offset\":\"900\","
                + "\"indexed_through_time\":\"2026-02-21T10:00:00.000Z\","
                + "\"coverage_start\":\"2026-02-20T00:00:00.000Z\",\"coverage_end\":\"2026-02-21T10:00:00.000Z\","
                + "\"freshness\":\"fresh\",\"executability\":\"executable\",\"reason_code\":\"none\","
                + "\"measured_at\":\"2026-02-21T10:00:30.000Z\"}");
    }

    @Test
    void aDetailOnlyAccompaniesUnknownFreshness() {
        assertThatThrownBy(() -> new Gate(Executability.EXECUTABLE, ReasonCode.NONE,
                Optional.of(FreshnessUnknownDetail.NO_INDEXED_COVERAGE), 0, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
