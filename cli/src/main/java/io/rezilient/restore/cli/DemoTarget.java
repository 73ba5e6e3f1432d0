package io.rezilient.restore.cli;

import io.rezilient.restore.agent.seed.SeedRequest;
import io.rezilient.restore.agent.seed.SeedResult;
import io.rezilient.restore.agent.seed.TargetSeeder;
import io.rezilient.restore.agent.target.PostgresTargetWriter;
import io.rezilient.restore.capture.keys.KeyringFile;
import io.rezilient.restore.capture.truth.GroundTruth;
import io.rezilient.restore.capture.truth.RecordState;
import io.rezilient.restore.contracts.time.IsoUtc;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The demo's target: a PostgreSQL database holding the source's current state (seeded from the ground truth), then
 * "accidentally" damaged — a few records deleted, a few overwritten — which the demo's restore repairs. Also reads
 * the target back, so the demo can check it against the ground truth.
 */
final class DemoTarget {
    static final String TABLE = "incident";
    private static final int DELETED = 2;
    private static final int CORRUPTED = 3;

    private final DataSource target;

    DemoTarget(DataSource target) {
        this.target = target;
    }

    /** What the accident did, and the target's rows of those records right after it. */
    record Damage(List<String> deleted, List<String> corrupted, Map<String, Map<String, String>> damagedRows) {
        List<String> all() {
            List<String> all = new ArrayList<>(deleted);
            all.addAll(corrupted);
            return all;
        }
    }

    /** Loads every record's latest state; prints the rows per table. */
    SeedResult seed(PrintWriter out, Path truthFile, KeyringFile keyring) {
        SeedResult seeded = new TargetSeeder(target, PostgresTargetWriter.DEFAULT_SCHEMA)
                .seed(new SeedRequest(truthFile, keyring, Optional.empty(), true));
        out.println("target seeded with the source's state as of " + IsoUtc.format(seeded.at()) + ": "
                + seeded.rowsByTable());
        return seeded;
    }

    /** Deletes two incidents and overwrites three others, picked from those the ground truth says exist now. */
    Damage damage(PrintWriter out, GroundTruth truth) throws SQLException {
        List<String> existing = new ArrayList<>();
        truth.recordRefs().stream().filter(ref -> ref.table().equals(TABLE)).forEach(ref -> {
            if (truth.stateAt(TABLE, ref.sysId(), truth.header().end()) instanceof RecordState.Existing) {
                existing.add(ref.sysId());
            }
        });
        if (existing.size() < DELETED + CORRUPTED) {
            throw new IllegalStateException("the workload has only " + existing.size() + " " + TABLE
                    + " records; run the demo with more --events");
        }
        // spread over the table rather than its first records, deterministically for a seed
        int step = existing.size() / (DELETED + CORRUPTED);
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < DELETED + CORRUPTED; i++) {
            picked.add(existing.get(i * step));
        }
        List<String> deleted = picked.subList(0, DELETED);
        List<String> corrupted = picked.subList(DELETED, picked.size());
        try (Connection connection = target.getConnection()) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE sys_id = ?")) {
                for (String id : deleted) {
                    delete.setString(1, id);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            try (PreparedStatement corrupt = connection.prepareStatement("UPDATE " + TABLE + " SET short_description"
                    + " = '(overwritten by a bad bulk update)', state = '7', priority = '5' WHERE sys_id = ?")) {
                for (String id : corrupted) {
                    corrupt.setString(1, id);
                    corrupt.addBatch();
                }
                corrupt.executeBatch();
            }
        }
        out.println("accident: deleted " + TABLE + " " + String.join(", ", deleted) + "; overwrote "
                + String.join(", ", corrupted));
        return new Damage(List.copyOf(deleted), List.copyOf(corrupted), rows(picked));
    }

    /** The target's rows of {@code sysIds} (a deleted record is absent): sys_id → column → value. */
    Map<String, Map<String, String>> rows(List<String> sysIds) throws SQLException {
        Map<String, Map<String, String>> rows = new TreeMap<>();
        try (Connection connection = target.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT * FROM " + TABLE
                     + " WHERE sys_id = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("text", sysIds.toArray()));
            try (ResultSet result = select.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                while (result.next()) {
                    Map<String, String> row = new TreeMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        row.put(meta.getColumnName(c), result.getString(c));
                    }
                    rows.put(row.get("sys_id"), row);
                }
            }
        }
        return rows;
    }

    /**
     * The differences between the target and the ground truth at {@code pit} for {@code sysIds}: a record the truth
     * has must be there with every captured field equal; one it does not have must be absent. Empty when they agree.
     */
    List<String> differences(GroundTruth truth, java.time.Instant pit, List<String> sysIds) throws SQLException {
        Map<String, Map<String, String>> now = rows(sysIds);
        List<String> differences = new ArrayList<>();
        for (String id : sysIds) {
            RecordState state = truth.stateAt(TABLE, id, pit);
            if (state instanceof RecordState.Existing existing) {
                Map<String, String> row = now.get(id);
                if (row == null) {
                    differences.add(id + " is missing");
                    continue;
                }
                existing.record().properties().forEach(field -> {
                    String expected = field.getValue().isNull() ? null : field.getValue().asText();
                    if (!java.util.Objects.equals(expected, row.get(field.getKey()))) {
                        differences.add(id + "." + field.getKey() + " is " + row.get(field.getKey()) + ", not "
                                + expected);
                    }
                });
            } else if (now.containsKey(id)) {
                differences.add(id + " exists but did not at the PIT");
            }
        }
        return differences;
    }
}
