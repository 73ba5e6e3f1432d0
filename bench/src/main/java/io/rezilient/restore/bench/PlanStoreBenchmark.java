package io.rezilient.restore.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.PlanRowAction;
import io.rezilient.restore.db.PgUrl;
import io.rezilient.restore.service.plans.DraftRow;
import io.rezilient.restore.service.plans.DraftWriter;
import io.rezilient.restore.service.plans.Finalization;
import io.rezilient.restore.service.plans.PlanHeader;
import io.rezilient.restore.service.plans.PlanKey;
import io.rezilient.restore.service.plans.PlanStore;
import io.rezilient.restore.service.plans.PostgresPlanStore;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The restore service's plan store alone ({@link PostgresPlanStore}, no HTTP, no materialisation) on a plan of
 * 100,000 realistic rows: writing a draft, reading it back in order inside its transaction, committing, streaming
 * the stored plan, and finalising it (stream + update every row). Beside the write and the stream stand PostgreSQL's
 * own COPY rates for the same rows, measured in the same run. Writes {@code bench/results/plan-store.json}.
 *
 * <p>Usage: {@code scripts/bench plan-store [ROWS]} (default 100,000).
 */
public final class PlanStoreBenchmark {
    private static final String PLAN_ROWS = "rez_restore.plan_rows";
    private static final String COPY_TABLE = "rez_restore.plan_rows_ceiling";
    /** A ceiling is the fastest of a few COPYs, so one slow moment of the machine does not set it. */
    private static final int CEILING_ATTEMPTS = 3;

    private PlanStoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path results = Path.of(System.getProperty("rez.bench.results", "bench/results"));

        ObjectNode report = BenchReports.inProcessHeader("restore service: PostgresPlanStore alone → PostgreSQL");
        report.put("method", "PostgresPlanStore on an unpooled data source of one migrated database of a throwaway "
                + "local PostgreSQL (LocalPostgres.throwaway, fsync off), in the benchmark JVM; a plan of " + rows
                + " rows (~1 kB of JSON each, table incident, row ids in hash order) is written as a draft "
                + "(DraftWriter.add for every row, built on the fly; build_rows_ms is the time building them alone "
                + "takes, so write_ms = build_and_write_ms - build_rows_ms), read back in row_id order in the "
                + "draft's transaction, committed, streamed (PlanStore.streamRows), and finalised (streamDraftRows "
                + "+ update of every row to insert, commit). Twice: a warm-up run, then the measured run. Ceilings, "
                + "after the measured run, on the same rows, each the fastest of three: COPY (SELECT … ORDER BY "
                + "row_id) TO STDOUT (the read ceiling) and COPY FROM STDIN of that output into a fresh table LIKE "
                + "plan_rows INCLUDING ALL, emptied in between (the write ceiling); rows/s = rows / wall time of the "
                + "COPY.");
        report.put("rows", rows);
        ArrayNode runs = report.putArray("runs");

        try (BenchEnvironment environment = BenchEnvironment.start("rez-plan-store-bench-")) {
            report.put("postgresql", BenchReports.postgresVersion(environment.server()));
            PgUrl database = BenchWorkloads.createDatabase(environment.server(), "bench_plan_store");
            PostgresPlanStore store = new PostgresPlanStore(database.dataSource());
            measure(store, "warm-up", rows);
            PlanKey key = new PlanKey("tenant-bench-" + UUID.randomUUID(), "bench-01", "sn://bench.service-now.com",
                    "plan-bench");
            ObjectNode run = measure(store, key, rows);
            ceilings(database, key, rows, run);
            runs.add(run);
            System.out.println(run.toPrettyString());
        }
        BenchReports.write(results, "plan-store.json", report);
        System.out.println("wrote " + results.resolve("plan-store.json"));
    }

    private static void measure(PlanStore store, String name, int rows) {
        measure(store, new PlanKey("tenant-bench-" + UUID.randomUUID(), "bench-01", "sn://bench.service-now.com",
                "plan-" + name), rows);
    }

    /** Writes, reads back, commits, streams and finalises a plan of {@code rows} rows under {@code key}. */
    private static ObjectNode measure(PlanStore store, PlanKey key, int rows) {
        ObjectNode run = Json.mapper().createObjectNode();
        run.put("rows", rows);
        long jsonBytes = 0;
        long building = System.nanoTime();
        for (int i = 0; i < rows; i++) {
            DraftRow row = PlanStoreRows.row(key, i);
            jsonBytes += row.row().metadata().toString().length() + row.row().values().toString().length();
        }
        double buildMs = millisSince(building);

        long writing = System.nanoTime();
        double writeMs;
        double readBackMs;
        double commitMs;
        AtomicLong readBack = new AtomicLong();
        try (DraftWriter writer = opened(store.beginDraft(key))) {
            for (int i = 0; i < rows; i++) {
                writer.add(PlanStoreRows.row(key, i));
            }
            writeMs = millisSince(writing);
            long reading = System.nanoTime();
            writer.streamRowsInOrder(row -> readBack.incrementAndGet());
            readBackMs = millisSince(reading);
            long committing = System.nanoTime();
            writer.commit(PlanStoreRows.draftHeader(rows, key.planId()));
            commitMs = millisSince(committing);
        }
        requireRows("read back", readBack.get(), rows);

        long streaming = System.nanoTime();
        AtomicLong streamed = new AtomicLong();
        store.streamRows(key, row -> streamed.incrementAndGet());
        double streamMs = millisSince(streaming);
        requireRows("streamed", streamed.get(), rows);

        long finalizing = System.nanoTime();
        AtomicLong updated = new AtomicLong();
        if (!(store.beginFinalize(key) instanceof PlanStore.FinalizeStart.Opened opened)) {
            throw new IllegalStateException("the draft " + key + " could not be opened for finalisation");
        }
        try (Finalization finalization = opened.finalization()) {
            finalization.streamDraftRows(row -> {
                finalization.update(PlanStoreRows.reconciled(row, PlanRowAction.INSERT));
                updated.incrementAndGet();
            });
            PlanHeader draft = finalization.draft();
            finalization.commit(draft.finalized("bench-operator", PlanStoreRows.CREATED, draft.planHash(),
                    draft.plan(), draft.planHashInputHead(), draft.gate()));
        }
        double finalizeMs = millisSince(finalizing);
        requireRows("finalised", updated.get(), rows);

        run.put("json_bytes_per_row", jsonBytes / rows);
        run.put("build_rows_ms", Math.round(buildMs));
        run.put("build_and_write_ms", Math.round(writeMs));
        run.put("write_ms", Math.round(writeMs - buildMs));
        run.put("write_rows_per_second", Math.round(rows / ((writeMs - buildMs) / 1000)));
        run.put("read_back_in_order_ms", Math.round(readBackMs));
        run.put("commit_ms", Math.round(commitMs));
        run.put("stream_ms", Math.round(streamMs));
        run.put("stream_rows_per_second", Math.round(rows / (streamMs / 1000)));
        run.put("finalize_ms", Math.round(finalizeMs));
        System.out.printf("plan store %s: %,d rows; write %.0f ms (+ %.0f ms building them), read back %.0f ms, "
                        + "commit %.0f ms, stream %.0f ms, finalise %.0f ms%n", key.planId(), rows, writeMs - buildMs,
                buildMs, readBackMs, commitMs, streamMs, finalizeMs);
        return run;
    }

    /** PostgreSQL's own COPY rates out of and into {@code plan_rows} for the rows of {@code key}. */
    private static void ceilings(PgUrl database, PlanKey key, int rows, ObjectNode run) throws Exception {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            ByteArrayOutputStream exported = new ByteArrayOutputStream();
            double readSeconds = Double.MAX_VALUE;
            for (int attempt = 0; attempt < CEILING_ATTEMPTS; attempt++) {
                exported = new ByteArrayOutputStream();
                long reading = System.nanoTime();
                // the key is the benchmark's own; never outside input
                long out = copy.copyOut("COPY (SELECT * FROM " + PLAN_ROWS + " WHERE tenant_id = '" + key.tenantId()
                        + "' AND plan_id = '" + key.planId() + "' ORDER BY row_id) TO STDOUT (FORMAT csv)", exported);
                readSeconds = Math.min(readSeconds, (System.nanoTime() - reading) / 1e9);
                requireRows("COPY TO", out, rows);
            }
            s.execute("DROP TABLE IF EXISTS " + COPY_TABLE);
            s.execute("CREATE TABLE " + COPY_TABLE + " (LIKE " + PLAN_ROWS + " INCLUDING ALL)");
            double writeSeconds = Double.MAX_VALUE;
            for (int attempt = 0; attempt < CEILING_ATTEMPTS; attempt++) {
                s.execute("TRUNCATE " + COPY_TABLE);
                long writing = System.nanoTime();
                long in = copy.copyIn("COPY " + COPY_TABLE + " FROM STDIN (FORMAT csv)",
                        new ByteArrayInputStream(exported.toByteArray()));
                writeSeconds = Math.min(writeSeconds, (System.nanoTime() - writing) / 1e9);
                requireRows("COPY FROM", in, rows);
            }
            s.execute("DROP TABLE " + COPY_TABLE);
            double writeCeiling = rows / writeSeconds;
            double readCeiling = rows / readSeconds;
            run.put("ceiling_write_rows_per_second", Math.round(writeCeiling));
            run.put("write_fraction_of_ceiling", fraction(run.get("write_rows_per_second").asDouble(), writeCeiling));
            run.put("ceiling_read_rows_per_second", Math.round(readCeiling));
            run.put("stream_fraction_of_ceiling", fraction(run.get("stream_rows_per_second").asDouble(), readCeiling));
        }
    }

    private static DraftWriter opened(PlanStore.DraftStart start) {
        if (start instanceof PlanStore.DraftStart.Opened opened) {
            return opened.writer();
        }
        throw new IllegalStateException("a plan already exists: " + start);
    }

    private static void requireRows(String what, long seen, int rows) {
        if (seen != rows) {
            throw new IllegalStateException(what + " " + seen + " rows, expected " + rows);
        }
    }

    private static double fraction(double rate, double ceiling) {
        return Math.round(rate / ceiling * 10_000) / 10_000.0;
    }

    private static double millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e6;
    }
}
