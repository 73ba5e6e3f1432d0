package io.rezilient.restore.indexer.store;

import io.rezilient.restore.indexer.lease.LeaseFence;
import io.rezilient.restore.indexer.lease.LeaseGrant;
import io.rezilient.restore.indexer.lease.LeaseLostException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import javax.sql.DataSource;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes one batch in one transaction: its new {@code index_events} rows, the generations and watermarks they
 * move, the coverage of the sources concerned and the scope's progress row — all or nothing, and only while the
 * writer's lease grant is current (checked in the same transaction).
 *
 * <p>A re-delivered batch inserts no event, so it moves no watermark, generation or coverage; its progress write
 * only repeats what the first delivery stored (cursor, batch size, lag as given; maxima and counters unchanged)
 * and refreshes {@code updated_at}, which reads as "this scope is alive".
 */
public final class IndexStore {
    /** Constraint name the fencing triggers raise with (db migration V1). */
    private static final String FENCING_CONSTRAINT = "fencing_epoch_never_decreases";

    private final DataSource dataSource;
    private final WatermarkFreshness freshness;
    private final boolean holdHistory;
    /** Ingest scope + source pairs known to be in {@code ingest_scope_sources}; added to after each commit. */
    private final Set<String> recordedScopeSources = ConcurrentHashMap.newKeySet();

    public IndexStore(DataSource dataSource, WatermarkFreshness freshness) {
        this(dataSource, freshness, false);
    }

    /**
     * @param holdHistory write events below a partition's indexed range without moving its watermark: a history
     *                    extension fills the range's past first and extends the range once it is complete
     *                    ({@link HistoryExtension}), so the live frontier never falls back while it runs
     */
    public IndexStore(DataSource dataSource, WatermarkFreshness freshness, boolean holdHistory) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.freshness = Objects.requireNonNull(freshness, "freshness");
        this.holdHistory = holdHistory;
    }

    /**
     * Writes {@code batch} under {@code grant}. Throws {@link LeaseLostException} when the grant is not current and
     * {@link IndexStoreException} for any other refusal; in either case nothing of the batch was written. Events
     * may arrive in any offset order: each is indexed, and the watermarks move as far as the indexed offsets are
     * contiguous ({@link WatermarkPlan}).
     */
    public BatchOutcome write(IndexBatch batch, LeaseGrant grant) {
        return write(batch, grant, null, 0, BatchAudit.NONE);
    }

    /**
     * As {@link #write(IndexBatch, LeaseGrant)}, and {@code audit} records the written batch (read after
     * {@code cursorBefore}, {@code bytesRead} bytes) in the same transaction.
     */
    public BatchOutcome write(IndexBatch batch, LeaseGrant grant, String cursorBefore, long bytesRead,
                              BatchAudit audit) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(grant, "grant");
        if (!grant.ingestScopeId().equals(batch.scope().id())) {
            throw new IllegalArgumentException("lease grant of ingest scope " + grant.ingestScopeId()
                    + " cannot write a batch of ingest scope " + batch.scope().id());
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Set<SourceKey> newSources = unrecordedSources(batch);
                BatchOutcome outcome = writeInTransaction(connection, batch, grant, newSources);
                audit.record(connection, new WrittenBatch(batch, cursorBefore, bytesRead, outcome,
                        transactionTime(connection)));
                connection.commit();
                newSources.forEach(source -> recordedScopeSources.add(scopeSourceKey(batch, source)));
                return outcome;
            } catch (SQLException | RuntimeException failure) {
                rollback(connection, failure);
                throw failure;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException failure) {
            throw translate(failure, batch, grant);
        }
    }

    private Set<SourceKey> unrecordedSources(IndexBatch batch) {
        Set<SourceKey> sources = new LinkedHashSet<>();
        for (IndexedEvent event : batch.events()) {
            SourceKey source = event.partitionKey().source();
            if (!recordedScopeSources.contains(scopeSourceKey(batch, source))) {
                sources.add(source);
            }
        }
        return sources;
    }

    private static String scopeSourceKey(IndexBatch batch, SourceKey source) {
        return String.join("\u001f", batch.scope().id(), source.tenantId(), source.instanceId(), source.source());
    }

    private BatchOutcome writeInTransaction(Connection transaction, IndexBatch batch, LeaseGrant grant,
                                            Set<SourceKey> newSources) throws SQLException {
        LeaseFence.check(transaction, grant); // fail fast before the heavy part
        Instant now = transactionTime(transaction);
        List<IndexedEvent> events = batch.events();

        var epochs = Generations.register(transaction, events);
        ScopeSources.record(transaction, batch.scope().id(), newSources);
        List<WriteStatus> statuses = EventRows.insert(transaction, events);
        List<IndexedEvent> inserted = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (statuses.get(i) == WriteStatus.INSERTED) {
                inserted.add(events.get(i));
            }
        }

        Set<PartitionKey> partitions = new LinkedHashSet<>();
        inserted.forEach(event -> partitions.add(event.partitionKey()));
        lockSources(transaction, partitions);
        Map<PartitionKey, WatermarkPosition> stored = Watermarks.lock(transaction, partitions);
        WatermarkPlan plan = WatermarkPlan.of(stored, holdHistory ? withinOrAbove(inserted, stored) : inserted,
                epochs, new PartitionOffsets(transaction), now);
        Generations.raiseMaxima(transaction, inserted);
        Generations.endSuperseded(transaction, plan.newEpochs());
        Watermarks.write(transaction, plan.changed(), now, freshness);
        Set<SourceKey> sources = new LinkedHashSet<>();
        plan.changed().keySet().forEach(partition -> sources.add(partition.source()));
        Coverage.recompute(transaction, sources);

        // Locks the lease row until commit: from here on no takeover can slip in before this batch is durable.
        LeaseFence.hold(transaction, grant);
        Progress.write(transaction, batch, inserted.size(), grant);
        return new BatchOutcome(statuses, plan.changed().keySet());
    }

    /** The events not below their partition's indexed range (of the same generation): those may move watermarks. */
    private static List<IndexedEvent> withinOrAbove(List<IndexedEvent> events,
                                                    Map<PartitionKey, WatermarkPosition> stored) {
        List<IndexedEvent> kept = new ArrayList<>(events.size());
        for (IndexedEvent event : events) {
            WatermarkPosition range = stored.get(event.partitionKey());
            boolean history = range != null && range.generationId().equals(event.generationId())
                    && new BigInteger(event.offset()).compareTo(range.fromOffset()) < 0;
            if (!history) {
                kept.add(event);
            }
        }
        return kept;
    }

    /**
     * Coverage is computed from every watermark of a source, and other writers of the same source (partition groups,
     * backfills) move its other watermarks. Holding the source's lock from before the watermarks are locked until
     * commit makes one writer's watermark and coverage step start after the other's commit, so it reads their
     * watermarks instead of overwriting their coverage with an older view. The events themselves (the heavy part)
     * are written before, side by side. Same lock and order as generation registration (which may have taken it
     * already: advisory locks nest), and always before any watermark row, so no two writers can deadlock.
     */
    private static void lockSources(Connection transaction, Set<PartitionKey> partitions) throws SQLException {
        Set<SourceKey> sources = new TreeSet<>(Generations.SOURCE_ORDER);
        partitions.forEach(partition -> sources.add(partition.source()));
        for (SourceKey source : sources) {
            Generations.lock(transaction, source);
        }
    }

    static Instant transactionTime(Connection transaction) throws SQLException {
        try (PreparedStatement statement = transaction.prepareStatement("SELECT now()");
             ResultSet row = statement.executeQuery()) {
            row.next();
            return Sql.instant(row, "now");
        }
    }

    private static void rollback(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }

    private static RuntimeException translate(SQLException failure, IndexBatch batch, LeaseGrant grant) {
        if (failure instanceof PSQLException psql) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            if (server != null && FENCING_CONSTRAINT.equals(server.getConstraint())) {
                // the progress row was written by a newer leader: this writer is deposed
                return new LeaseLostException("ingest scope " + grant.ingestScopeId() + " was written at a newer"
                        + " fencing epoch than " + grant.fencingEpoch() + " of " + grant.holderId()
                        + "; the write was refused", failure);
            }
        }
        return new IndexStoreException("cannot write a batch of " + batch.events().size() + " events for ingest scope "
                + batch.scope().id() + ": " + failure.getMessage(), failure);
    }
}
