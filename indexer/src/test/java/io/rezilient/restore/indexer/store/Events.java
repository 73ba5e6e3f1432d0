package io.rezilient.restore.indexer.store;

import java.time.Instant;
import java.util.UUID;

/** Test events with the reference fixture's defaults (indexer-spec §10), one setter per thing a test varies. */
final class Events {
    static final String INSTANCE = "sn-dev-01";
    static final String SOURCE = "sn://acme-dev.service-now.com";
    static final String TOPIC = "rez.cdc";
    static final String GENERATION = "gen-01";
    static final String TIME = "2026-02-16T12:00:00Z";

    private String tenant;
    private String source = SOURCE;
    private int partition;
    private String offset = "1";
    private String generation = GENERATION;
    private Instant time = Instant.parse(TIME);
    private String eventId;
    private String sha256 = "a".repeat(64);

    private Events(String tenant) {
        this.tenant = tenant;
    }

    /** A tenant no other test uses, so tests share one database without seeing each other's rows. */
    static String newTenant() {
        return "tenant-" + UUID.randomUUID();
    }

    static Events in(String tenant) {
        return new Events(tenant);
    }

    Events source(String value) {
        source = value;
        return this;
    }

    Events partition(int value) {
        partition = value;
        return this;
    }

    Events offset(String value) {
        offset = value;
        return this;
    }

    Events offset(long value) {
        return offset(Long.toString(value));
    }

    Events generation(String value) {
        generation = value;
        return this;
    }

    Events at(String isoTime) {
        time = Instant.parse(isoTime);
        return this;
    }

    Events eventId(String value) {
        eventId = value;
        return this;
    }

    Events sha256(String value) {
        sha256 = value;
        return this;
    }

    IndexedEvent build() {
        String id = eventId != null ? eventId : "evt-" + generation + "-" + partition + "-" + offset;
        String stem = "rez/restore/" + tenant + "/" + TOPIC + "/" + partition + "/" + generation + "/" + id;
        return new IndexedEvent(tenant, INSTANCE, source, "x_app", "x_app.ticket", "abc123", null, null, id,
                "cdc.write", "U", 1, 1, "2026-02-16 11:59:59", time, TOPIC, partition, offset,
                "application/json", 1024L, sha256, stem + ".artifact.json", stem + ".manifest.json", "cdc",
                generation);
    }

    static PartitionKey partitionOf(String tenant, int partition) {
        return new PartitionKey(tenant, INSTANCE, SOURCE, TOPIC, partition);
    }

    static SourceKey sourceOf(String tenant) {
        return new SourceKey(tenant, INSTANCE, SOURCE);
    }
}
