package io.rezilient.restore.service.locks;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The head-of-line fairness rule (deviation S25) as {@link ScopeQueue} states it, on hand-built lock states. */
class ScopeQueueTest {
    private static final String WAITING = "queued_scope_lock";

    private static ScopeQueue.Waiter waiter(String id, String... tables) {
        return new ScopeQueue.Waiter(id, List.of(tables), WAITING);
    }

    @Test
    void aWaiterIsBlockedByHoldersOfItsTablesAndByEveryWaiterAheadWantingOne() {
        ScopeQueue queue = new ScopeQueue(Map.of("t1", "holder"), List.of(
                waiter("wide", "t1", "t2"), waiter("narrow", "t2"), waiter("other", "t3"), waiter("late", "t2", "t3")));

        assertThat(queue.blockers("wide")).isEqualTo(new Blockers(List.of("t1"), List.of("holder")));
        // t2 is free, but the older wide job reserves it
        assertThat(queue.blockers("narrow")).isEqualTo(new Blockers(List.of("t2"), List.of("wide")));
        assertThat(queue.blockers("other")).isEqualTo(Blockers.none());
        assertThat(queue.blockers("late")).isEqualTo(new Blockers(List.of("t2", "t3"),
                List.of("narrow", "other", "wide")));
        assertThat(queue.startable()).extracting(ScopeQueue.Waiter::jobId).containsExactly("other");
        assertThat(queue.position("late")).hasValue(4);
        assertThat(queue.position("holder")).isEmpty();
        assertThat(queue.blockers("holder")).isEqualTo(Blockers.none());
        assertThat(queue.blockersOfNewcomer(List.of("t3"))).isEqualTo(new Blockers(List.of("t3"),
                List.of("late", "other")));
        assertThat(queue.involves("holder")).isTrue();
        assertThat(queue.involves("late")).isTrue();
        assertThat(queue.involves("stranger")).isFalse();
    }

    @Test
    void everyWaiterThatCanStartIsStartableInFifoOrderAndStartingThemLeavesTheRestBlocked() {
        ScopeQueue queue = new ScopeQueue(Map.of(), List.of(
                waiter("d", "t3"), waiter("b", "t1"), waiter("c", "t2"), waiter("e", "t1")));

        List<ScopeQueue.Waiter> startable = queue.startable();
        ScopeQueue after = queue.afterStarting(startable);

        assertThat(startable).extracting(ScopeQueue.Waiter::jobId).containsExactly("d", "b", "c");
        assertThat(after.holders()).isEqualTo(Map.of("t3", "d", "t1", "b", "t2", "c"));
        assertThat(after.waiters()).extracting(ScopeQueue.Waiter::jobId).containsExactly("e");
        assertThat(after.position("e")).hasValue(1);
        assertThat(after.blockers("e")).isEqualTo(new Blockers(List.of("t1"), List.of("b")));
        assertThat(after.startable()).isEmpty();
    }

    /** A job whose start was withheld keeps its place and keeps blocking the jobs behind it in its scope. */
    @Test
    void aWithheldWaiterKeepsItsPlaceAndItsReservations() {
        ScopeQueue queue = new ScopeQueue(Map.of(), List.of(
                new ScopeQueue.Waiter("held", List.of("t1"), "blocked_unknown_source_mapping"),
                waiter("behind", "t1")));

        assertThat(queue.startable()).extracting(ScopeQueue.Waiter::jobId).containsExactly("held");
        assertThat(queue.blockers("behind")).isEqualTo(new Blockers(List.of("t1"), List.of("held")));
        assertThat(queue.waiter("held").orElseThrow().waitReason()).isEqualTo("blocked_unknown_source_mapping");
    }

    @Test
    void misuseIsRefused() {
        ScopeQueue queue = new ScopeQueue(Map.of("t1", "a"), List.of(waiter("b", "t1")));

        assertThatThrownBy(() -> new ScopeQueue(Map.of(), List.of(waiter("x", "t1"), waiter("x", "t2"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("waits twice");
        assertThatThrownBy(() -> waiter("x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> queue.afterStarting(List.of(waiter("stranger", "t2"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not wait");
        assertThatThrownBy(() -> queue.afterStarting(queue.waiters()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is held");
    }

    /**
     * Seeded random lock states: the fast one-pass {@link ScopeQueue#startable()} is exactly the waiters whose
     * {@link ScopeQueue#blockers} are empty, starting them never makes two holders of one table, and after starting
     * them nothing else can start (one pass suffices).
     */
    @Test
    void startableIsExactlyTheUnblockedWaitersOnRandomStates() {
        long seed = 20_261_124L;
        Random random = new Random(seed);
        List<String> tables = List.of("t0", "t1", "t2", "t3", "t4", "t5");
        for (int round = 0; round < 500; round++) {
            Map<String, String> holders = new HashMap<>();
            for (String table : tables) {
                if (random.nextInt(4) == 0) {
                    holders.put(table, "h" + random.nextInt(3));
                }
            }
            List<ScopeQueue.Waiter> fifo = new ArrayList<>();
            int waiters = random.nextInt(8);
            for (int w = 0; w < waiters; w++) {
                TreeSet<String> wanted = new TreeSet<>();
                int count = 1 + random.nextInt(3);
                while (wanted.size() < count) {
                    wanted.add(tables.get(random.nextInt(tables.size())));
                }
                fifo.add(new ScopeQueue.Waiter("w" + w, List.copyOf(wanted), WAITING));
            }
            ScopeQueue queue = new ScopeQueue(holders, fifo);

            List<String> unblocked = fifo.stream().filter(w -> queue.blockers(w.jobId()).isEmpty())
                    .map(ScopeQueue.Waiter::jobId).toList();
            assertThat(queue.startable()).as("seed %d round %d: %s", seed, round, queue.waiters())
                    .extracting(ScopeQueue.Waiter::jobId).containsExactlyElementsOf(unblocked);
            ScopeQueue after = queue.afterStarting(queue.startable());
            assertThat(after.startable()).as("seed %d round %d", seed, round).isEmpty();
            assertThat(after.waiters()).hasSize(fifo.size() - unblocked.size());
        }
    }
}
