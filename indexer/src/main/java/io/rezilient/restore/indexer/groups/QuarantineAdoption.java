package io.rezilient.restore.indexer.groups;

import io.rezilient.restore.db.RestoreSchemas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Gives the current partition groups the open quarantine that scopes of the same family left behind: the undivided
 * scope's, when a scope is split, or an earlier group count's. A group's worker retries only its own rows, and an
 * open row blocks its partition's freshness, so a row nobody retries would hold the partition unknown for good. Each
 * such row moves to the group that owns its partition (the partition is read from the layout-v2 key; a key that names
 * none goes to the first group); if that group already has a row for the key, the old one is closed as superseded.
 * Safe to run from every process at once: each move is one conditional statement.
 */
public final class QuarantineAdoption {
    private static final Logger LOG = LoggerFactory.getLogger(QuarantineAdoption.class);
    private static final String TABLE = RestoreSchemas.INDEX_SCHEMA + ".quarantined_artifacts";
    private static final String STRAYS = """
            SELECT ingest_scope_id, manifest_key FROM %s
             WHERE (ingest_scope_id = ? OR starts_with(ingest_scope_id, ?)) AND resolved_at IS NULL
               AND ingest_scope_id <> ALL (?)
             ORDER BY ingest_scope_id, manifest_key
            """.formatted(TABLE);
    private static final String MOVE = """
            UPDATE %1$s q SET ingest_scope_id = ?, next_attempt_at = now()
             WHERE q.ingest_scope_id = ? AND q.manifest_key = ? AND q.resolved_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM %1$s t WHERE t.ingest_scope_id = ? AND t.manifest_key = ?)
            """.formatted(TABLE);
    private static final String SUPERSEDE = """
            UPDATE %s SET resolved_at = now(), resolution = 'superseded', resolved_by = ?, next_attempt_at = NULL
             WHERE ingest_scope_id = ? AND manifest_key = ? AND resolved_at IS NULL
            """.formatted(TABLE);

    private final DataSource dataSource;
    private final String baseScopeId;
    private final int count;
    private final Function<String, Optional<String>> shardOfKey;
    private final String holderId;

    /**
     * @param shardOfKey the layout-v2 shard key a manifest key lies in, if any
     * @param holderId   recorded as who closed a superseded row
     */
    public QuarantineAdoption(DataSource dataSource, String baseScopeId, int count,
                              Function<String, Optional<String>> shardOfKey, String holderId) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.baseScopeId = Objects.requireNonNull(baseScopeId, "baseScopeId");
        new PartitionGroup(0, count); // validates the count
        this.count = count;
        this.shardOfKey = Objects.requireNonNull(shardOfKey, "shardOfKey");
        this.holderId = Objects.requireNonNull(holderId, "holderId");
    }

    /** Moves every stray open row to its group now; returns how many rows were moved or superseded. */
    public int adopt() {
        String[] current = new String[count];
        for (int index = 0; index < count; index++) {
            current[index] = new PartitionGroup(index, count).scopeIdOf(baseScopeId);
        }
        int changed = 0;
        try (Connection connection = dataSource.getConnection()) {
            for (Stray stray : strays(connection, current)) {
                String key = stray.manifestKey();
                int group = shardOfKey.apply(key).map(shard -> PartitionGroup.groupOf(shard, count)).orElse(0);
                String target = current[group];
                if (update(connection, MOVE, target, stray.scopeId(), key, target, key) == 1) {
                    changed++;
                    LOG.atInfo().setMessage("restore-indexer quarantined artifact handed to its partition group")
                            .addKeyValue("manifest_key", key).addKeyValue("from_ingest_scope_id", stray.scopeId())
                            .addKeyValue("ingest_scope_id", target).log();
                } else if (update(connection, SUPERSEDE, holderId, stray.scopeId(), key) == 1) {
                    changed++; // the group already has its own row for this key, which now carries the retries
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot hand the open quarantine of ingest scope " + baseScopeId
                    + " to its partition groups: " + e.getMessage(), e);
        }
        return changed;
    }

    /** An open row of the family outside the current groups. */
    private record Stray(String scopeId, String manifestKey) {
    }

    private List<Stray> strays(Connection connection, String[] current) throws SQLException {
        List<Stray> strays = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(STRAYS)) {
            statement.setString(1, baseScopeId);
            statement.setString(2, PartitionGroup.familyPrefix(baseScopeId));
            statement.setArray(3, connection.createArrayOf("text", current));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    strays.add(new Stray(rows.getString(1), rows.getString(2)));
                }
            }
        }
        return strays;
    }

    private static int update(Connection connection, String sql, String... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            return statement.executeUpdate();
        }
    }
}
