package io.rezilient.restore.indexer.backfill;

import io.rezilient.restore.indexer.store.BatchAudit;
import io.rezilient.restore.indexer.store.IndexedEvent;
import io.rezilient.restore.indexer.store.WrittenBatch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One {@code backfill_batches} row per batch a run wrote, in the batch's own transaction (so a crash leaves an audit
 * row exactly for the committed batches), and the run's progress with it. The row says how many events were new and
 * how many already indexed — a batch indexed again (a re-run of a window, or a window the live worker reached first)
 * adds nothing and is marked a re-run — and carries a SHA-256 of the batch's event ids, so two runs over the same
 * window can be compared batch by batch.
 */
final class BackfillBatchAudit implements BatchAudit {
    private final BackfillRun run;
    private final String actor;

    BackfillBatchAudit(BackfillRun run, String actor) {
        this.run = Objects.requireNonNull(run, "run");
        this.actor = Objects.requireNonNull(actor, "actor");
    }

    @Override
    public void record(Connection transaction, WrittenBatch written) throws SQLException {
        int items = written.batch().itemCount();
        if (items == 0) {
            return; // a poll that found nothing is not a batch
        }
        int inserted = written.outcome().inserted();
        int existing = written.outcome().existing();
        String cursorAfter = written.batch().cursor();
        try (PreparedStatement insert = transaction.prepareStatement("INSERT INTO " + BackfillRuns.BATCHES
                + " (run_id, batch_seq, topic, kafka_partition, cursor_from, cursor_to, item_count, inserted_count,"
                + " existing_count, failed_count, bytes_read, ids_sha256, is_rerun, cursor_advanced, actor,"
                + " started_at, finished_at)"
                + " SELECT ?, coalesce(max(batch_seq), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(),"
                + " clock_timestamp() FROM " + BackfillRuns.BATCHES + " WHERE run_id = ?")) {
            insert.setString(1, run.runId());
            insert.setString(2, run.window().topic());
            insert.setInt(3, run.window().partition());
            insert.setString(4, written.cursorBefore());
            insert.setString(5, cursorAfter);
            insert.setInt(6, items);
            insert.setInt(7, inserted);
            insert.setInt(8, existing);
            insert.setInt(9, written.failedItems());
            insert.setLong(10, written.bytesRead());
            insert.setString(11, written.batch().events().isEmpty() ? null : idsSha256(written.batch().events()));
            insert.setBoolean(12, inserted == 0 && existing > 0);
            insert.setBoolean(13, !Objects.equals(written.cursorBefore(), cursorAfter));
            insert.setString(14, actor);
            insert.setString(15, run.runId());
            insert.executeUpdate();
        }
        try (PreparedStatement progress = transaction.prepareStatement("UPDATE " + BackfillRuns.RUNS
                + " SET rows_processed = rows_processed + ?, last_cursor = ?, updated_at = now() WHERE run_id = ?")) {
            progress.setLong(1, inserted);
            progress.setString(2, cursorAfter);
            progress.setString(3, run.runId());
            progress.executeUpdate();
        }
    }

    /** SHA-256 (hex) of the batch's event ids, sorted and joined by newlines: the same ids give the same sum. */
    static String idsSha256(List<IndexedEvent> events) {
        List<String> ids = events.stream().map(IndexedEvent::eventId).sorted().toList();
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(String.join("\n", ids).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }
}
