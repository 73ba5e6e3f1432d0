package io.rezilient.restore.contracts.pit;

import io.rezilient.restore.contracts.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PitOrderingTest {
    private static final String UPDATED = "2026-02-21 10:00:00";
    private static final String TIME = "2026-02-21T10:00:00.000Z";

    private static PitTuple tuple(String updated, SysModCount modCount, String time, String eventId) {
        return new PitTuple(updated, modCount, time, eventId);
    }

    @Test
    void aBadTimeIsHarmlessWhenAnEarlierLevelDecides() {
        PitTuple newerUpdate = tuple("2026-02-21 10:00:01", SysModCount.of(1), "garbage", "a");
        PitTuple olderUpdate = tuple(UPDATED, SysModCount.of(1), "garbage", "a");
        assertThat(PitOrdering.compare(newerUpdate, olderUpdate)).isEqualTo(1);

        PitTuple higherCount = tuple(UPDATED, SysModCount.of(2), "garbage", "a");
        PitTuple lowerCount = tuple(UPDATED, SysModCount.of(1), TIME, "a");
        assertThat(PitOrdering.compare(higherCount, lowerCount)).isEqualTo(1);
    }

    @Test
    void aBadTimeThrowsOnceItIsReached() {
        PitTuple bad = tuple(UPDATED, SysModCount.of(1), "garbage", "a");
        PitTuple good = tuple(UPDATED, SysModCount.of(1), TIME, "a");
        assertThatThrownBy(() -> PitOrdering.compare(good, bad))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(PitOrdering.INVALID_TIME);
    }

    @Test
    void sysUpdatedOnIsAlwaysParsedOnBothSides() {
        PitTuple bad = tuple("2026-02-32 10:00:00", SysModCount.of(1), TIME, "a");
        PitTuple good = tuple(UPDATED, SysModCount.of(1), TIME, "a");
        assertThatThrownBy(() -> PitOrdering.compare(good, bad)).hasMessage(PitOrdering.INVALID_SYS_UPDATED_ON);
        assertThatThrownBy(() -> PitOrdering.compare(bad, good)).hasMessage(PitOrdering.INVALID_SYS_UPDATED_ON);
    }

    @Test
    void aMissingModCountOnEitherSideSkipsToTime() {
        PitTuple counted = tuple(UPDATED, SysModCount.of(99), "2026-02-21T10:00:00.000Z", "a");
        PitTuple uncounted = tuple(UPDATED, SysModCount.ABSENT, "2026-02-21T10:00:05.000Z", "a");
        assertThat(PitOrdering.compare(uncounted, counted)).isEqualTo(1);
        assertThat(PitOrdering.compare(counted, uncounted)).isEqualTo(-1);
    }

    @Test
    void anExplicitNullModCountComparesAsZero() {
        PitTuple nullCount = tuple(UPDATED, SysModCount.EXPLICIT_NULL, "2026-02-21T10:00:05.000Z", "a");
        PitTuple one = tuple(UPDATED, SysModCount.of(1), TIME, "a");
        // null is below 1, so the later __time does not get a say
        assertThat(PitOrdering.compare(nullCount, one)).isEqualTo(-1);
        PitTuple zero = tuple(UPDATED, SysModCount.of(0), TIME, "a");
        assertThat(PitOrdering.compare(nullCount, zero)).isEqualTo(1);
    }

    @Test
    void secondAndMillisecondTimesOfTheSameInstantAreEqual() {
        PitTuple seconds = tuple(UPDATED, SysModCount.of(1), "2026-02-21T10:00:00Z", "a");
        PitTuple millis = tuple(UPDATED, SysModCount.of(1), TIME, "a");
        assertThat(PitOrdering.compare(seconds, millis)).isZero();
    }

    @Test
    void eventIdBreaksTiesByLocaleCompare() {
        PitTuple nine = tuple(UPDATED, SysModCount.of(1), TIME, "evt-9");
        PitTuple ten = tuple(UPDATED, SysModCount.of(1), TIME, "evt-10");
        assertThat(PitOrdering.compare(nine, ten)).isEqualTo(1);
        PitTuple lower = tuple(UPDATED, SysModCount.of(1), TIME, "evt-a");
        PitTuple upper = tuple(UPDATED, SysModCount.of(1), TIME, "EVT-a");
        assertThat(PitOrdering.compare(lower, upper)).isEqualTo(-1);
    }

    @Test
    void selectLatestDependsOnInputOrderBecauseTheOrderIsNotTransitive() {
        // a < b (mod count), b < c (b's peer lacks a count: time), c < a (time): a cycle
        PitTuple a = tuple(UPDATED, SysModCount.of(5), "2026-02-21T10:00:03.000Z", "a");
        PitTuple b = tuple(UPDATED, SysModCount.of(7), "2026-02-21T10:00:01.000Z", "b");
        PitTuple c = tuple(UPDATED, SysModCount.ABSENT, "2026-02-21T10:00:02.000Z", "c");
        assertThat(PitOrdering.selectLatest(List.of(a, b, c))).isSameAs(c);
        assertThat(PitOrdering.selectLatest(List.of(c, b, a))).isSameAs(a);
    }

    @Test
    void theFirstOfEqualMaximaWins() {
        PitTuple first = tuple(UPDATED, SysModCount.of(2), TIME, "evt-\u00e9");
        PitTuple equivalent = tuple(UPDATED, SysModCount.of(2), TIME, "evt-e\u0301");
        PitTuple older = tuple("2026-02-21 09:00:00", SysModCount.of(9), TIME, "z");
        assertThat(PitOrdering.selectLatestIndex(List.of(older, first, equivalent))).isEqualTo(1);
    }

    @Test
    void aSingleTupleIsReturnedWithoutBeingParsed() {
        PitTuple unparseable = tuple("not a date", SysModCount.ABSENT, "garbage", "a");
        assertThat(PitOrdering.selectLatestIndex(List.of(unparseable))).isZero();
    }

    @Test
    void noTuplesIsAnError() {
        assertThatThrownBy(() -> PitOrdering.selectLatestIndex(List.of())).hasMessage(PitOrdering.EMPTY_ROWS);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 11, 2026})
    void compareIsAntisymmetricAndReflexive(long seed) {
        Random random = new Random(seed);
        List<PitTuple> tuples = new ArrayList<>();
        String[] ids = {"a", "A", "evt-1", "evt_1", "evt.1", "evt1", "\u00e9", "e\u0301"};
        for (int i = 0; i < 60; i++) {
            SysModCount count = switch (random.nextInt(3)) {
                case 0 -> SysModCount.ABSENT;
                case 1 -> SysModCount.EXPLICIT_NULL;
                default -> SysModCount.of(random.nextInt(3));
            };
            tuples.add(tuple("2026-02-2" + random.nextInt(2) + " 10:00:00", count,
                    "2026-02-21T10:00:0" + random.nextInt(2) + ".000Z", ids[random.nextInt(ids.length)]));
        }
        for (PitTuple left : tuples) {
            assertThat(PitOrdering.compare(left, left)).isZero();
            for (PitTuple right : tuples) {
                assertThat(PitOrdering.compare(left, right)).as("%s vs %s", left, right)
                        .isEqualTo(-PitOrdering.compare(right, left));
            }
        }
    }

    @Test
    void jsonKeepsAbsentAndNullModCountsApart() {
        String absent = "{\"sys_updated_on\":\"2026-02-21 10:00:00\",\"__time\":\"t\",\"event_id\":\"e\"}";
        String explicitNull = "{\"sys_updated_on\":\"2026-02-21 10:00:00\",\"sys_mod_count\":null,"
                + "\"__time\":\"t\",\"event_id\":\"e\"}";
        String number = "{\"sys_updated_on\":\"2026-02-21 10:00:00\",\"sys_mod_count\":4,"
                + "\"__time\":\"t\",\"event_id\":\"e\"}";
        assertThat(PitTuple.fromJson(Json.parse(absent)).sysModCount()).isEqualTo(SysModCount.ABSENT);
        assertThat(PitTuple.fromJson(Json.parse(explicitNull)).sysModCount()).isEqualTo(SysModCount.EXPLICIT_NULL);
        assertThat(PitTuple.fromJson(Json.parse(number)).sysModCount()).isEqualTo(SysModCount.of(4));
        for (String text : List.of(absent, explicitNull)) {
            assertThat(PitTuple.fromJson(Json.parse(text)).toJson()).isEqualTo(Json.parse(text));
        }
        assertThat(Json.write(PitTuple.fromJson(Json.parse(number)).toJson())).isEqualTo(number);
    }

    @Test
    void rejectsNonIntegerModCounts() {
        String fractional = "{\"sys_updated_on\":\"x\",\"sys_mod_count\":1.5,\"__time\":\"t\",\"event_id\":\"e\"}";
        assertThatThrownBy(() -> PitTuple.fromJson(Json.parse(fractional)))
                .hasMessage("PIT tuple sys_mod_count must be an integer or null");
    }
}
