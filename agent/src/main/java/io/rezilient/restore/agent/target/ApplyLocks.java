package io.rezilient.restore.agent.target;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.TreeSet;

/**
 * Transaction-scoped advisory locks that serialise agents working on the same claim or the same target records.
 *
 * <p>Row locks ({@code SELECT … FOR UPDATE}) cannot do this alone: a record a chunk inserts does not exist yet, so
 * two agents inserting it would both find it missing and both go ahead. An advisory lock exists whether the record
 * does or not. Keys are the two-integer form (a fixed namespace, then 32 bits of SHA-256 of the claim or record), so
 * they cannot meet the single-key locks other software on the target may take; two records sharing a hash only
 * wait for each other, which costs time, never correctness. Keys are taken in ascending order, so two agents never
 * hold one key each while waiting for the other's.
 */
final class ApplyLocks {
    /** "rezA": the restore agent's advisory-lock namespace. */
    static final int NAMESPACE = 0x72657A41;
    /** The key of the ledger's one-time creation. */
    static final int LEDGER_DDL = 0;

    private ApplyLocks() {
    }

    /** Waits for the locks of {@code claimId} and of every record of the chunk; they are held until commit or rollback. */
    static void take(Connection connection, String schema, String claimId, Collection<RecordRef> records)
            throws SQLException {
        TreeSet<Integer> keys = new TreeSet<>();
        keys.add(hash("claim\u0000" + claimId));
        for (RecordRef record : records) {
            keys.add(hash("record\u0000" + schema + "\u0000" + record.table() + "\u0000" + record.sysId()));
        }
        // unnest yields the array in order and each lock is taken as its row is produced, so this is one round trip
        // that still locks in ascending key order
        Array array = connection.createArrayOf("int4", keys.toArray());
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT pg_advisory_xact_lock(?, k) FROM unnest(CAST(? AS int4[])) AS k")) {
            statement.setInt(1, NAMESPACE);
            statement.setArray(2, array);
            statement.executeQuery().close();
        } finally {
            array.free();
        }
    }

    /** Waits for the lock that serialises creating the ledger schema. */
    static void takeLedgerDdl(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
            statement.setInt(1, NAMESPACE);
            statement.setInt(2, LEDGER_DDL);
            statement.executeQuery().close();
        }
    }

    private static int hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return (digest[0] & 0xFF) << 24 | (digest[1] & 0xFF) << 16 | (digest[2] & 0xFF) << 8 | (digest[3] & 0xFF);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java runtime provides SHA-256", impossible);
        }
    }
}
