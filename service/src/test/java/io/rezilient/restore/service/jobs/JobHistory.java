package io.rezilient.restore.service.jobs;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stored state and event history of the jobs of some sources, read straight from the tables, and the
 * invariants the job service must keep whatever happened (concurrent replicas, crashes):
 * <ul>
 *   <li>the lock rows agree with the job statuses (holders hold exactly their tables, queued jobs wait for exactly
 *       theirs, terminal jobs have no rows) and every job has its creation events;</li>
 *   <li>no queued job could run (a release never forgets a promotion);</li>
 *   <li>per lock key, holding periods never overlap and jobs started holding the key in the order they asked for
 *       it (FIFO), judged from the event history.</li>
 * </ul>
 */
final class JobHistory {
    /** One job as stored. */
    record StoredJob(String jobId, String source, String status, List<String> tables, long enqueuedSeq) {
    }

    /** One job event in global insertion order. */
    record StoredEvent(long seq, String jobId, String type) {
    }

    private final Map<String, StoredJob> jobs = new TreeMap<>();
    private final List<StoredEvent> events = new ArrayList<>();
    private final Map<String, Set<String>> holds = new HashMap<>();
    private final Map<String, Set<String>> queue = new HashMap<>();

    static JobHistory read(DataSource owner, Collection<String> sources) throws SQLException {
        JobHistory history = new JobHistory();
        try (Connection connection = owner.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ); // one consistent snapshot
            String[] scope = sources.toArray(String[]::new);
            try (PreparedStatement statement = connection.prepareStatement("SELECT job_id, source, status,"
                    + " lock_scope_tables, enqueued_seq FROM rez_restore.jobs WHERE source = ANY (?)")) {
                statement.setArray(1, connection.createArrayOf("text", scope));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        history.jobs.put(rows.getString("job_id"), new StoredJob(rows.getString("job_id"),
                                rows.getString("source"), rows.getString("status"),
                                Arrays.asList((String[]) rows.getArray("lock_scope_tables").getArray()),
                                rows.getLong("enqueued_seq")));
                    }
                }
            }
            readPairs(connection, "SELECT job_id, table_name FROM rez_restore.lock_holds WHERE source = ANY (?)",
                    scope, history.holds);
            readPairs(connection, "SELECT job_id, table_name FROM rez_restore.lock_queue WHERE source = ANY (?)",
                    scope, history.queue);
            try (PreparedStatement statement = connection.prepareStatement("SELECT e.seq, e.job_id, e.event_type"
                    + " FROM rez_restore.job_events e JOIN rez_restore.jobs j USING (job_id)"
                    + " WHERE j.source = ANY (?) ORDER BY e.seq")) {
                statement.setArray(1, connection.createArrayOf("text", scope));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        history.events.add(new StoredEvent(rows.getLong("seq"), rows.getString("job_id"),
                                rows.getString("event_type")));
                    }
                }
            }
            connection.commit();
        }
        return history;
    }

    private static void readPairs(Connection connection, String sql, String[] scope, Map<String, Set<String>> into)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", scope));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    into.computeIfAbsent(rows.getString("job_id"), id -> new HashSet<>())
                            .add(rows.getString("table_name"));
                }
            }
        }
    }

    /** Completes one running job through the service under test. */
    @FunctionalInterface
    interface Completer {
        void complete(StoredJob running) throws Exception;
    }

    /**
     * Completes the running jobs round after round until no job of {@code sources} is left running; then no job may
     * be left queued either (a queued job with nothing running is a lost promotion).
     */
    static void drain(DataSource owner, Collection<String> sources, int maxRounds, Completer completer)
            throws Exception {
        for (int round = 0; round < maxRounds; round++) {
            JobHistory now = read(owner, sources);
            List<StoredJob> running = now.jobs.values().stream().filter(job -> job.status().equals("running"))
                    .toList();
            if (running.isEmpty()) {
                assertThat(now.count("queued")).as("queued jobs with nothing running: a lost promotion").isZero();
                return;
            }
            for (StoredJob job : running) {
                completer.complete(job);
            }
        }
        throw new AssertionError("the queues did not drain in " + maxRounds + " rounds");
    }

    Map<String, StoredJob> jobs() {
        return jobs;
    }

    long count(String status) {
        return jobs.values().stream().filter(job -> job.status().equals(status)).count();
    }

    /** Asserts every invariant of the class comment. */
    void assertConsistent() {
        for (StoredJob job : jobs.values()) {
            Set<String> tables = new HashSet<>(job.tables());
            switch (job.status()) {
                case "running", "paused" -> {
                    assertThat(holds.get(job.jobId())).as("holds of " + job).isEqualTo(tables);
                    assertThat(queue.get(job.jobId())).as("queue rows of " + job).isNull();
                }
                case "queued" -> {
                    assertThat(queue.get(job.jobId())).as("queue rows of " + job).isEqualTo(tables);
                    assertThat(holds.get(job.jobId())).as("holds of " + job).isNull();
                }
                default -> {
                    assertThat(holds.get(job.jobId())).as("holds of terminal " + job).isNull();
                    assertThat(queue.get(job.jobId())).as("queue rows of terminal " + job).isNull();
                }
            }
            List<String> types = events.stream().filter(e -> e.jobId().equals(job.jobId()))
                    .map(StoredEvent::type).toList();
            assertThat(types).as("events of " + job).startsWith("job_created");
            assertThat(types.get(1)).as("second event of " + job).isIn("job_started", "job_queued");
        }
        assertNoQueuedJobCouldRun();
        assertFifoWithoutOverlapPerKey();
    }

    /**
     * Head-of-line: a queued job could run exactly when none of its keys is held and no older queued job of the
     * scope wants one of them; such a job must not exist after any committed transition.
     */
    private void assertNoQueuedJobCouldRun() {
        Map<String, List<StoredJob>> queuedBySource = new HashMap<>();
        jobs.values().stream().filter(job -> job.status().equals("queued"))
                .sorted((a, b) -> Long.compare(a.enqueuedSeq(), b.enqueuedSeq()))
                .forEach(job -> queuedBySource.computeIfAbsent(job.source(), s -> new ArrayList<>()).add(job));
        for (Map.Entry<String, List<StoredJob>> scope : queuedBySource.entrySet()) {
            Set<String> unavailable = new HashSet<>();
            jobs.values().stream().filter(job -> job.source().equals(scope.getKey()))
                    .filter(job -> job.status().equals("running") || job.status().equals("paused"))
                    .forEach(job -> unavailable.addAll(job.tables()));
            for (StoredJob queued : scope.getValue()) {
                assertThat(queued.tables()).as("queued job that could run: " + queued)
                        .anyMatch(unavailable::contains);
                unavailable.addAll(queued.tables());
            }
        }
    }

    /** From the events: per key, [job_started, terminal] periods are disjoint and start in enqueue order. */
    private void assertFifoWithoutOverlapPerKey() {
        Map<String, Long> started = new HashMap<>();
        Map<String, Long> ended = new HashMap<>();
        for (StoredEvent event : events) {
            switch (event.type()) {
                case "job_started" -> started.putIfAbsent(event.jobId(), event.seq());
                case "job_completed", "job_failed", "job_cancelled" -> ended.put(event.jobId(), event.seq());
                default -> {
                }
            }
        }
        Map<String, List<StoredJob>> byKey = new HashMap<>();
        for (StoredJob job : jobs.values()) {
            if (started.containsKey(job.jobId())) {
                job.tables().forEach(t -> byKey.computeIfAbsent(job.source() + "|" + t, k -> new ArrayList<>())
                        .add(job));
            }
        }
        for (Map.Entry<String, List<StoredJob>> key : byKey.entrySet()) {
            List<StoredJob> holders = new ArrayList<>(key.getValue());
            holders.sort((a, b) -> Long.compare(started.get(a.jobId()), started.get(b.jobId())));
            for (int i = 1; i < holders.size(); i++) {
                StoredJob previous = holders.get(i - 1);
                StoredJob next = holders.get(i);
                assertThat(next.enqueuedSeq()).as("FIFO on " + key.getKey() + ": " + next + " started after "
                        + previous).isGreaterThan(previous.enqueuedSeq());
                assertThat(ended.get(previous.jobId())).as("two holders of " + key.getKey() + ": " + previous
                        + " had not ended when " + next + " started").isNotNull()
                        .isLessThan(started.get(next.jobId()));
            }
        }
    }
}
