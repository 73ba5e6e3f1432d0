package io.rezilient.restore.indexer.store;

import io.rezilient.restore.indexer.groups.PartitionGroup;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Artifacts that could not be indexed, keyed by (ingest scope, manifest key): recorded with backoff, listed for
 * operators ({@code rez indexer quarantine list|retry|resolve}), picked up when due, and resolved.
 */
public final class QuarantineStore {
    private static final String COLUMNS = """
            ingest_scope_id, manifest_key, artifact_key, tenant_id, instance_id, source, topic, kafka_partition,
            reason_code, reason, first_seen_at, last_seen_at, attempts, next_attempt_at, resolved_at, resolution,
            resolved_by""";

    // QuarantineBackoff's rule for n = the attempt count after this failure:
    //   n >= max attempts -> no automatic retry; else now + min(base * 2^(n-1), cap).
    // Parameters: 1-8 the incident, 9 max attempts, 10 base ms, 11 cap ms (repeated as 12-14 for the update).
    // A failure recorded on a resolved row reopens it: the artifact failed again and must be visible again.
    private static final String RECORD = """
            INSERT INTO %1$s AS q (ingest_scope_id, manifest_key, artifact_key, tenant_id, instance_id, source, topic,
                                   kafka_partition, reason_code, reason, first_seen_at, last_seen_at, attempts,
                                   next_attempt_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), now(), 1,
                    CASE WHEN 1 >= ?::int THEN NULL
                         ELSE now() + LEAST(?::bigint, ?::bigint) * interval '1 millisecond' END)
            ON CONFLICT ON CONSTRAINT quarantined_artifacts_pk DO UPDATE
               SET artifact_key    = COALESCE(EXCLUDED.artifact_key, q.artifact_key),
                   tenant_id       = COALESCE(EXCLUDED.tenant_id, q.tenant_id),
                   instance_id     = COALESCE(EXCLUDED.instance_id, q.instance_id),
                   source          = COALESCE(EXCLUDED.source, q.source),
                   topic           = COALESCE(EXCLUDED.topic, q.topic),
                   kafka_partition = COALESCE(EXCLUDED.kafka_partition, q.kafka_partition),
                   reason_code     = EXCLUDED.reason_code,
                   reason          = EXCLUDED.reason,
                   last_seen_at    = now(),
                   attempts        = q.attempts + 1,
                   next_attempt_at = CASE WHEN q.attempts + 1 >= ?::int THEN NULL
                                          ELSE now() + LEAST(?::bigint * power(2, LEAST(q.attempts, 62)), ?::bigint)
                                                       * interval '1 millisecond' END,
                   resolved_at     = NULL,
                   resolution      = NULL,
                   resolved_by     = NULL
            RETURNING %2$s
            """.formatted(Tables.QUARANTINED_ARTIFACTS, COLUMNS);

    /**
     * An ingest scope and the partition-group scopes it is split into ({@link PartitionGroup#familyPrefix}): what an
     * operator names by the scope's id, and what its worker retries (after a split is undone). Binds the id twice.
     */
    private static final String SCOPE_FAMILY = "(ingest_scope_id = ? OR starts_with(ingest_scope_id, ? || '"
            + PartitionGroup.SCOPE_SEPARATOR + "'))";
    private static final String FIND = "SELECT %s FROM %s WHERE ingest_scope_id = ? AND manifest_key = ?"
            .formatted(COLUMNS, Tables.QUARANTINED_ARTIFACTS);
    private static final String LIST_OPEN = """
            SELECT %s FROM %s WHERE %3$s AND resolved_at IS NULL
             ORDER BY first_seen_at, manifest_key
            """.formatted(COLUMNS, Tables.QUARANTINED_ARTIFACTS, SCOPE_FAMILY);
    private static final String LIST_ALL = """
            SELECT %s FROM %s WHERE %3$s ORDER BY first_seen_at, manifest_key
            """.formatted(COLUMNS, Tables.QUARANTINED_ARTIFACTS, SCOPE_FAMILY);
    private static final String OPEN_FOR_SOURCE = """
            SELECT %s FROM %s
             WHERE tenant_id = ? AND instance_id = ? AND source = ? AND resolved_at IS NULL
             ORDER BY topic, kafka_partition, first_seen_at, manifest_key
            """.formatted(COLUMNS, Tables.QUARANTINED_ARTIFACTS);
    private static final String DUE = """
            SELECT %s FROM %s
             WHERE %3$s AND resolved_at IS NULL AND next_attempt_at <= now()
             ORDER BY next_attempt_at, manifest_key
             LIMIT ?
            """.formatted(COLUMNS, Tables.QUARANTINED_ARTIFACTS, SCOPE_FAMILY);
    private static final String RETRY = """
            UPDATE %1$s SET next_attempt_at = now()
             WHERE %2$s AND manifest_key = ? AND resolved_at IS NULL
            """.formatted(Tables.QUARANTINED_ARTIFACTS, SCOPE_FAMILY);
    private static final String RESOLVE = """
            UPDATE %1$s SET resolved_at = now(), resolution = ?, resolved_by = ?, next_attempt_at = NULL
             WHERE %2$s AND manifest_key = ? AND resolved_at IS NULL
            """.formatted(Tables.QUARANTINED_ARTIFACTS, SCOPE_FAMILY);

    private final DataSource dataSource;
    private final QuarantineBackoff backoff;

    public QuarantineStore(DataSource dataSource, QuarantineBackoff backoff) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /** Records a failure: a new row at attempt 1, or one more attempt of an existing row (reopened if resolved). */
    public QuarantinedArtifact record(QuarantineIncident incident) {
        return single(RECORD, "record quarantined artifact " + incident.manifestKey(), statement -> {
            statement.setString(1, incident.ingestScopeId());
            statement.setString(2, incident.manifestKey());
            statement.setString(3, incident.artifactKey());
            SourceKey source = incident.source();
            statement.setString(4, source == null ? null : source.tenantId());
            statement.setString(5, source == null ? null : source.instanceId());
            statement.setString(6, source == null ? null : source.source());
            statement.setString(7, incident.topic());
            if (incident.partition() == null) {
                statement.setNull(8, Types.INTEGER);
            } else {
                statement.setInt(8, incident.partition());
            }
            statement.setString(9, incident.reasonCode());
            statement.setString(10, incident.reason());
            for (int first : new int[] {11, 14}) {
                statement.setInt(first, backoff.maxAttempts());
                statement.setLong(first + 1, backoff.base().toMillis());
                statement.setLong(first + 2, backoff.max().toMillis());
            }
        }).orElseThrow();
    }

    public Optional<QuarantinedArtifact> find(String ingestScopeId, String manifestKey) {
        return single(FIND, "read quarantined artifact " + manifestKey, statement -> {
            statement.setString(1, ingestScopeId);
            statement.setString(2, manifestKey);
        });
    }

    /** The scope's quarantined artifacts, oldest first; resolved ones too if asked. */
    public List<QuarantinedArtifact> list(String ingestScopeId, boolean includeResolved) {
        return query(includeResolved ? LIST_ALL : LIST_OPEN, "list quarantined artifacts of " + ingestScopeId,
                statement -> {
                    statement.setString(1, ingestScopeId);
                    statement.setString(2, ingestScopeId);
                });
    }

    /** Open quarantine located in a source (any ingest scope), by partition: what the freshness gate blocks on. */
    public List<QuarantinedArtifact> openForSource(SourceKey source) {
        return query(OPEN_FOR_SOURCE, "list quarantined artifacts of source " + source, statement -> {
            statement.setString(1, source.tenantId());
            statement.setString(2, source.instanceId());
            statement.setString(3, source.source());
        });
    }

    /** Open artifacts whose next attempt is due by the database clock, soonest first. */
    public List<QuarantinedArtifact> dueForRetry(String ingestScopeId, int limit) {
        return query(DUE, "list quarantined artifacts due for retry in " + ingestScopeId, statement -> {
            statement.setString(1, ingestScopeId);
            statement.setString(2, ingestScopeId);
            statement.setInt(3, limit);
        });
    }

    /** Operator retry: makes an open artifact due now (also after automatic retries ran out); false if not open. */
    public boolean retry(String ingestScopeId, String manifestKey) {
        return update(RETRY, "retry quarantined artifact " + manifestKey, statement -> {
            statement.setString(1, ingestScopeId);
            statement.setString(2, ingestScopeId);
            statement.setString(3, manifestKey);
        });
    }

    /** Settles an open artifact, which stops blocking freshness; false if it was not open. */
    public boolean resolve(String ingestScopeId, String manifestKey, QuarantineResolution resolution,
                           String resolvedBy) {
        return update(RESOLVE, "resolve quarantined artifact " + manifestKey, statement -> {
            statement.setString(1, resolution.wire());
            statement.setString(2, resolvedBy);
            statement.setString(3, ingestScopeId);
            statement.setString(4, ingestScopeId);
            statement.setString(5, manifestKey);
        });
    }

    private static QuarantinedArtifact artifact(ResultSet row) throws SQLException {
        String tenant = row.getString("tenant_id");
        SourceKey source = tenant == null ? null
                : new SourceKey(tenant, row.getString("instance_id"), row.getString("source"));
        String resolution = row.getString("resolution");
        return new QuarantinedArtifact(row.getString("ingest_scope_id"), row.getString("manifest_key"),
                row.getString("artifact_key"), source, row.getString("topic"), Sql.nullableInt(row, "kafka_partition"),
                row.getString("reason_code"), row.getString("reason"), Sql.instant(row, "first_seen_at"),
                Sql.instant(row, "last_seen_at"), row.getInt("attempts"), Sql.instant(row, "next_attempt_at"),
                Sql.instant(row, "resolved_at"), resolution == null ? null : QuarantineResolution.fromWire(resolution),
                row.getString("resolved_by"));
    }

    private Optional<QuarantinedArtifact> single(String sql, String what, Binder binder) {
        return query(sql, what, binder).stream().findFirst();
    }

    private List<QuarantinedArtifact> query(String sql, String what, Binder binder) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                List<QuarantinedArtifact> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(artifact(rows));
                }
                return result;
            }
        } catch (SQLException e) {
            throw new IndexStoreException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private boolean update(String sql, String what, Binder binder) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IndexStoreException("cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
