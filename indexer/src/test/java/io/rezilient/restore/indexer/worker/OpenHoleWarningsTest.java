package io.rezilient.restore.indexer.worker;

import io.rezilient.restore.contracts.freshness.FreshnessDecision;
import io.rezilient.restore.contracts.restore.Executability;
import io.rezilient.restore.contracts.restore.Freshness;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.indexer.store.PartitionKey;
import io.rezilient.restore.indexer.store.PartitionWatermark;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A hole is reported once it has held the frontier longer than the threshold, and once only. */
class OpenHoleWarningsTest {
    private static final PartitionKey P0 = new PartitionKey("tenant-a", "inst-1", "sn://a", "rez.cdc", 0);
    private static final Instant OPENED = Instant.parse("2026-02-16T12:00:00Z");

    private final OpenHoleWarnings warnings = new OpenHoleWarnings(Duration.ofSeconds(120));

    private static List<PartitionStatus> partition(PartitionWatermark watermark) {
        return List.of(new PartitionStatus(P0, watermark, 0,
                new FreshnessDecision(Freshness.STALE, Executability.BLOCKED, ReasonCode.BLOCKED_FRESHNESS_STALE,
                        false, 200L)));
    }

    @Test
    void aYoungHoleIsNotReportedAnOldOneOnceAndANewHoleAgain() {
        List<PartitionStatus> holed = partition(TestWatermarks.holed(P0, "41", "57", OPENED));

        assertThat(warnings.warnAboutOldHoles(holed, OPENED.plusSeconds(119))).isZero();
        assertThat(warnings.warnAboutOldHoles(holed, OPENED.plusSeconds(120))).isEqualTo(1);
        assertThat(warnings.warnAboutOldHoles(holed, OPENED.plusSeconds(600))).as("reported already").isZero();

        List<PartitionStatus> movedOn = partition(TestWatermarks.holed(P0, "50", "57", OPENED.plusSeconds(600)));
        assertThat(warnings.warnAboutOldHoles(movedOn, OPENED.plusSeconds(700))).isZero();
        assertThat(warnings.warnAboutOldHoles(movedOn, OPENED.plusSeconds(720))).as("a new hole").isEqualTo(1);
    }

    @Test
    void aHoleThatClosedAndOpenedAgainAtTheSameFrontierIsReportedAgain() {
        List<PartitionStatus> holed = partition(TestWatermarks.holed(P0, "41", "57", OPENED));
        assertThat(warnings.warnAboutOldHoles(holed, OPENED.plusSeconds(300))).isEqualTo(1);

        assertThat(warnings.warnAboutOldHoles(partition(TestWatermarks.complete(P0, "41")), OPENED.plusSeconds(301)))
                .isZero();
        assertThat(warnings.warnAboutOldHoles(holed, OPENED.plusSeconds(302))).isEqualTo(1);
    }
}
