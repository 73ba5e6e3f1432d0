package io.rezilient.restore.indexer.store;

import io.rezilient.restore.db.RestoreSchemas;

/** Qualified names of the index tables this package reads and writes (created by the db module's migrations). */
final class Tables {
    static final String INDEX_EVENTS = qualified("index_events");
    static final String PARTITION_GENERATIONS = qualified("partition_generations");
    static final String PARTITION_WATERMARKS = qualified("partition_watermarks");
    static final String SOURCE_COVERAGE = qualified("source_coverage");
    static final String SOURCE_PROGRESS = qualified("source_progress");
    static final String QUARANTINED_ARTIFACTS = qualified("quarantined_artifacts");
    static final String INGEST_SCOPE_SOURCES = qualified("ingest_scope_sources");
    static final String SKIPPED_OFFSETS = qualified("skipped_offsets");

    private Tables() {
    }

    private static String qualified(String table) {
        return RestoreSchemas.INDEX_SCHEMA + "." + table;
    }
}
