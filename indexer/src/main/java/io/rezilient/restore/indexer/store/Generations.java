package io.rezilient.restore.indexer.store;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The {@code partition_generations} registry: ordered epochs per generation, and each generation's maxima.
 *
 * <p><b>Epoch assignment: order of first sight in the source.</b> A generation id keeps one epoch across all
 * partitions of its source: a partition meeting an id the source already knows registers it under that epoch;
 * an id new to the source gets the source's highest epoch + 1 (ids new in the same batch in batch order). The
 * generation id is a per-run setting of the indexer (a rewind mints a new one), so first sight in the source is the
 * order in which operators introduced them — and a late straggler of an old generation on a partition that never
 * saw it still sorts as old, which per-partition first sight would get wrong.
 */
final class Generations {
    static final Comparator<SourceKey> SOURCE_ORDER = Comparator.comparing(SourceKey::tenantId)
            .thenComparing(SourceKey::instanceId).thenComparing(SourceKey::source);

    private static final String KNOWN = """
            SELECT g.tenant_id, g.instance_id, g.source, g.topic, g.kafka_partition, g.generation_id,
                   g.generation_epoch
              FROM %s g
              JOIN unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                   AS k(tenant_id, instance_id, source, topic, kafka_partition, generation_id)
                ON g.tenant_id = k.tenant_id AND g.instance_id = k.instance_id AND g.source = k.source
               AND g.topic = k.topic AND g.kafka_partition = k.kafka_partition::int
               AND g.generation_id = k.generation_id
            """.formatted(Tables.PARTITION_GENERATIONS);

    // Serialises epoch assignment per source across writers of different ingest scopes (e.g. a backfill and the
    // realtime indexer on one source); taken only when a batch brings a generation the partition does not know yet.
    private static final String LOCK_SOURCE = """
            SELECT pg_advisory_xact_lock(hashtextextended(? || chr(31) || ? || chr(31) || ?, 0))
            """;

    private static final String SOURCE_EPOCHS = """
            SELECT generation_id, max(generation_epoch) FROM %s
             WHERE tenant_id = ? AND instance_id = ? AND source = ?
             GROUP BY generation_id
            """.formatted(Tables.PARTITION_GENERATIONS);

    private static final String REGISTER = """
            INSERT INTO %s (tenant_id, instance_id, source, topic, kafka_partition, generation_id, generation_epoch,
                            generation_started_at)
            SELECT tenant_id, instance_id, source, topic, kafka_partition::int, generation_id, generation_epoch::bigint,
                   started_at::timestamptz
              FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                   AS g(tenant_id, instance_id, source, topic, kafka_partition, generation_id, generation_epoch,
                        started_at)
            """.formatted(Tables.PARTITION_GENERATIONS);

    private static final String RAISE_MAXIMA = """
            UPDATE %s g
               SET max_indexed_offset = GREATEST(g.max_indexed_offset, m.max_offset::numeric),
                   max_indexed_time   = GREATEST(g.max_indexed_time, m.max_time::timestamptz),
                   updated_at         = now()
              FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                   AS m(tenant_id, instance_id, source, topic, kafka_partition, generation_id, max_offset, max_time)
             WHERE g.tenant_id = m.tenant_id AND g.instance_id = m.instance_id AND g.source = m.source
               AND g.topic = m.topic AND g.kafka_partition = m.kafka_partition::int
               AND g.generation_id = m.generation_id
            """.formatted(Tables.PARTITION_GENERATIONS);

    // A superseded generation ends at its last indexed event (never before its start); stragglers written into it
    // later raise its maxima but never reopen it.
    private static final String END_SUPERSEDED = """
            UPDATE %s g
               SET generation_ended_at = COALESCE(g.max_indexed_time, g.generation_started_at),
                   updated_at          = now()
              FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                   AS c(tenant_id, instance_id, source, topic, kafka_partition, current_epoch)
             WHERE g.tenant_id = c.tenant_id AND g.instance_id = c.instance_id AND g.source = c.source
               AND g.topic = c.topic AND g.kafka_partition = c.kafka_partition::int
               AND g.generation_epoch < c.current_epoch::bigint AND g.generation_ended_at IS NULL
            """.formatted(Tables.PARTITION_GENERATIONS);

    private Generations() {
    }

    /** Registers the batch's generations that are new to their partition; returns every batch generation's epoch. */
    static Map<GenerationKey, Long> register(Connection transaction, List<IndexedEvent> events) throws SQLException {
        Map<GenerationKey, Instant> firstSeen = new LinkedHashMap<>(); // batch order; value = earliest event time
        for (IndexedEvent event : events) {
            firstSeen.merge(event.generationKey(), event.eventTime(), (a, b) -> a.isBefore(b) ? a : b);
        }
        Map<GenerationKey, Long> epochs = known(transaction, firstSeen.keySet());
        if (epochs.size() == firstSeen.size()) {
            return epochs; // the common case: one query
        }
        Set<SourceKey> sources = new TreeSet<>(SOURCE_ORDER); // a fixed lock order cannot deadlock
        firstSeen.keySet().stream().filter(key -> !epochs.containsKey(key))
                .forEach(key -> sources.add(key.partition().source()));
        for (SourceKey source : sources) {
            lock(transaction, source);
        }
        epochs.putAll(known(transaction, firstSeen.keySet())); // a concurrent writer may have registered some
        Map<SourceKey, Map<String, Long>> sourceEpochs = new HashMap<>();
        List<NewGeneration> created = new ArrayList<>();
        for (Map.Entry<GenerationKey, Instant> entry : firstSeen.entrySet()) {
            GenerationKey key = entry.getKey();
            if (epochs.containsKey(key)) {
                continue;
            }
            Map<String, Long> ofSource = sourceEpochs.get(key.partition().source());
            if (ofSource == null) {
                ofSource = sourceEpochs(transaction, key.partition().source());
                sourceEpochs.put(key.partition().source(), ofSource);
            }
            Map<String, Long> known = ofSource;
            long epoch = known.computeIfAbsent(key.generationId(),
                    id -> known.values().stream().mapToLong(Long::longValue).max().orElse(0) + 1);
            epochs.put(key, epoch);
            created.add(new NewGeneration(key, epoch, entry.getValue()));
        }
        insert(transaction, created);
        return epochs;
    }

    /** Raises each generation's max offset and time to cover its newly inserted events. */
    static void raiseMaxima(Connection transaction, List<IndexedEvent> inserted) throws SQLException {
        Map<GenerationKey, Maxima> maxima = new LinkedHashMap<>();
        for (IndexedEvent event : inserted) {
            maxima.merge(event.generationKey(), Maxima.of(event), Maxima::merge);
        }
        if (maxima.isEmpty()) {
            return;
        }
        List<Map.Entry<GenerationKey, Maxima>> rows = List.copyOf(maxima.entrySet());
        try (PreparedStatement statement = transaction.prepareStatement(RAISE_MAXIMA)) {
            bindGenerationKeys(transaction, statement, rows, Map.Entry::getKey);
            statement.setArray(7, Sql.texts(transaction, rows, row -> row.getValue().offset()));
            statement.setArray(8, Sql.texts(transaction, rows, row -> row.getValue().time()));
            statement.executeUpdate();
        }
    }

    /** Ends the open generations of each partition older than the epoch its watermark now has. */
    static void endSuperseded(Connection transaction, Map<PartitionKey, Long> currentEpochs) throws SQLException {
        if (currentEpochs.isEmpty()) {
            return;
        }
        List<Map.Entry<PartitionKey, Long>> rows = List.copyOf(currentEpochs.entrySet());
        try (PreparedStatement statement = transaction.prepareStatement(END_SUPERSEDED)) {
            Sql.bindPartitionKeys(transaction, statement, rows, Map.Entry::getKey);
            statement.setArray(6, Sql.texts(transaction, rows, Map.Entry::getValue));
            statement.executeUpdate();
        }
    }

    private static Map<GenerationKey, Long> known(Connection transaction, Set<GenerationKey> keys)
            throws SQLException {
        Map<GenerationKey, Long> epochs = new HashMap<>();
        if (keys.isEmpty()) {
            return epochs;
        }
        List<GenerationKey> rows = List.copyOf(keys);
        try (PreparedStatement statement = transaction.prepareStatement(KNOWN)) {
            bindGenerationKeys(transaction, statement, rows, key -> key);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    PartitionKey partition = new PartitionKey(row.getString(1), row.getString(2), row.getString(3),
                            row.getString(4), row.getInt(5));
                    epochs.put(new GenerationKey(partition, row.getString(6)), row.getLong(7));
                }
            }
        }
        return epochs;
    }

    static void lock(Connection transaction, SourceKey source) throws SQLException {
        try (PreparedStatement statement = transaction.prepareStatement(LOCK_SOURCE)) {
            statement.setString(1, source.tenantId());
            statement.setString(2, source.instanceId());
            statement.setString(3, source.source());
            statement.execute();
        }
    }

    private static Map<String, Long> sourceEpochs(Connection transaction, SourceKey source) throws SQLException {
        Map<String, Long> epochs = new HashMap<>();
        try (PreparedStatement statement = transaction.prepareStatement(SOURCE_EPOCHS)) {
            statement.setString(1, source.tenantId());
            statement.setString(2, source.instanceId());
            statement.setString(3, source.source());
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    epochs.put(row.getString(1), row.getLong(2));
                }
            }
        }
        return epochs;
    }

    private static void insert(Connection transaction, List<NewGeneration> created) throws SQLException {
        if (created.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = transaction.prepareStatement(REGISTER)) {
            bindGenerationKeys(transaction, statement, created, NewGeneration::key);
            statement.setArray(7, Sql.texts(transaction, created, NewGeneration::epoch));
            statement.setArray(8, Sql.texts(transaction, created, NewGeneration::startedAt));
            statement.executeUpdate();
        }
    }

    /** Binds parameters 1–6: the generation key columns. */
    private static <T> void bindGenerationKeys(Connection transaction, PreparedStatement statement, List<T> rows,
                                               Function<T, GenerationKey> key) throws SQLException {
        Sql.bindPartitionKeys(transaction, statement, rows, row -> key.apply(row).partition());
        statement.setArray(6, Sql.texts(transaction, rows, row -> key.apply(row).generationId()));
    }

    private record NewGeneration(GenerationKey key, long epoch, Instant startedAt) {
    }

    private record Maxima(BigInteger offset, Instant time) {
        static Maxima of(IndexedEvent event) {
            return new Maxima(new BigInteger(event.offset()), event.eventTime());
        }

        Maxima merge(Maxima other) {
            return new Maxima(offset.max(other.offset), time.isAfter(other.time) ? time : other.time);
        }
    }
}
