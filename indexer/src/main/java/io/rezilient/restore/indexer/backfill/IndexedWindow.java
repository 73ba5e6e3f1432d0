package io.rezilient.restore.indexer.backfill;

import io.rezilient.restore.db.RestoreSchemas;

import javax.sql.DataSource;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** How many distinct offsets of a backfill window the index holds (in the source's current generation). */
final class IndexedWindow {
    private static final String COUNT = "SELECT count(DISTINCT kafka_offset) FROM " + RestoreSchemas.INDEX_SCHEMA
            + ".index_events WHERE tenant_id = ? AND instance_id = ? AND source = ? AND topic = ?"
            + " AND kafka_partition = ? AND generation_id = ? AND kafka_offset BETWEEN ?::numeric AND ?::numeric";

    private IndexedWindow() {
    }

    static BigInteger offsets(DataSource dataSource, BackfillWindow window, String generationId) {
        return Transactions.read(dataSource, "count the indexed offsets of a backfill window", connection -> {
            try (PreparedStatement select = connection.prepareStatement(COUNT)) {
                select.setString(1, window.tenantId());
                select.setString(2, window.instanceId());
                select.setString(3, window.source());
                select.setString(4, window.topic());
                select.setInt(5, window.partition());
                select.setString(6, generationId);
                select.setString(7, window.firstOffset().toString());
                select.setString(8, window.lastOffset().toString());
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return BigInteger.valueOf(row.getLong(1));
                }
            }
        });
    }
}
