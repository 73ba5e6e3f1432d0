package io.rezilient.restore.indexer.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/** Records, in the batch transaction, the sources an ingest scope indexes events of ({@code ingest_scope_sources}). */
final class ScopeSources {
    private static final String RECORD = """
            INSERT INTO %s (ingest_scope_id, tenant_id, instance_id, source)
            SELECT ?, tenant_id, instance_id, source
              FROM unnest(?::text[], ?::text[], ?::text[]) AS s(tenant_id, instance_id, source)
            ON CONFLICT ON CONSTRAINT ingest_scope_sources_pk DO NOTHING
            """.formatted(Tables.INGEST_SCOPE_SOURCES);

    private ScopeSources() {
    }

    static void record(Connection transaction, String ingestScopeId, Set<SourceKey> sources) throws SQLException {
        if (sources.isEmpty()) {
            return;
        }
        List<SourceKey> rows = List.copyOf(sources);
        try (PreparedStatement statement = transaction.prepareStatement(RECORD)) {
            statement.setString(1, ingestScopeId);
            statement.setArray(2, Sql.texts(transaction, rows, SourceKey::tenantId));
            statement.setArray(3, Sql.texts(transaction, rows, SourceKey::instanceId));
            statement.setArray(4, Sql.texts(transaction, rows, SourceKey::source));
            statement.executeUpdate();
        }
    }
}
