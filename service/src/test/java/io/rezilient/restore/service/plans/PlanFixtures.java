package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.service.index.IndexScope;
import io.rezilient.restore.service.index.IndexedEvent;

import java.time.Instant;

/** Small builders shared by the planning tests. */
final class PlanFixtures {
    static final IndexScope SCOPE = new IndexScope("tenant-acme", "sn-dev-01", "sn://acme-dev.service-now.com");
    static final String ENVELOPE = "{\"alg\":\"AES-256-CBC\",\"ciphertext\":\"c\"}";

    private PlanFixtures() {
    }

    /** A row-capable event of {@code x_app.ticket}/{@code record} on {@code rez.cdc} partition 0. */
    static IndexedEvent event(String eventId, String record, String sysUpdatedOn, Integer modCount, String time) {
        return event(eventId, record, sysUpdatedOn, modCount, time, "rez.cdc");
    }

    static IndexedEvent event(String eventId, String record, String sysUpdatedOn, Integer modCount, String time,
                              String topic) {
        return new IndexedEvent(eventId, "cdc.write", "x_app.ticket", record, "U", sysUpdatedOn, modCount,
                Instant.parse(time), topic, 0, "100", "art/" + eventId + ".json", "man/" + eventId + ".json",
                "gen-1", "cdc");
    }

    static JsonNode body(String json) {
        return Json.parse(json);
    }
}
