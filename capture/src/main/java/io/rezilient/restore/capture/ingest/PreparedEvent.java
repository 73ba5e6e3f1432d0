package io.rezilient.restore.capture.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.capture.routing.TopicPartition;
import io.rezilient.restore.contracts.events.EventType;

/**
 * A validated event of a batch, ready to be written: plaintext already sealed, identity and route resolved.
 *
 * @param index      position in the batch
 * @param event      the normalised CloudEvent (as the contract schema returns it)
 * @param type       its type
 * @param tenantId   the tenant it belongs to
 * @param instanceId the instance it came from
 * @param route      topic and partition
 */
record PreparedEvent(int index, JsonNode event, EventType type, String tenantId, String instanceId,
                     TopicPartition route) {

    String id() {
        return event.get("id").textValue();
    }
}
