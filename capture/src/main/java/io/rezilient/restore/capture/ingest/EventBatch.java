package io.rezilient.restore.capture.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.time.IsoUtc;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A batch of CloudEvents as producers send it: {@code {source, sent_at, batch_id?, events[]}}. Parsing checks the
 * envelope only (strictly: unknown keys are refused); each event is checked by the ingestor.
 *
 * @param source  the producer's source URI; every event must carry the same
 * @param sentAt  when the producer sent the batch (canonical ISO UTC)
 * @param batchId the producer's batch id, or null
 * @param events  the raw events, in order
 */
public record EventBatch(String source, String sentAt, String batchId, List<JsonNode> events) {
    /** Larger input is refused before parsing, so a runaway file cannot exhaust memory. */
    public static final int MAX_BATCH_BYTES = 64 * 1024 * 1024;
    private static final Set<String> FIELDS = Set.of("source", "sent_at", "batch_id", "events");

    public EventBatch {
        events = List.copyOf(events);
    }

    /** Parses a batch; every envelope problem is reported at once in an {@link InvalidBatchException}. */
    public static EventBatch parse(byte[] json) {
        if (json.length > MAX_BATCH_BYTES) {
            throw new InvalidBatchException(List.of("batch is " + json.length + " bytes, more than the limit of "
                    + MAX_BATCH_BYTES));
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidBatchException(List.of("batch is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")")));
        } catch (IOException e) {
            throw new InvalidBatchException(List.of("batch could not be read: " + e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidBatchException(List.of("batch must be a JSON object {source, sent_at, batch_id?, events[]}"));
        }
        List<String> problems = new ArrayList<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add(name + ": not a batch field (allowed: source, sent_at, batch_id, events)");
            }
        }
        String source = text(root, "source", problems);
        String sentAt = text(root, "sent_at", problems);
        if (sentAt != null && !IsoUtc.isValid(sentAt)) {
            problems.add("sent_at: " + IsoUtc.RULE_MESSAGE);
        }
        String batchId = null;
        if (root.has("batch_id")) {
            batchId = text(root, "batch_id", problems);
        }
        JsonNode events = root.get("events");
        List<JsonNode> list = new ArrayList<>();
        if (events == null || !events.isArray()) {
            problems.add("events: must be an array of CloudEvents");
        } else if (events.isEmpty()) {
            problems.add("events: must hold at least one event");
        } else {
            events.forEach(list::add);
        }
        if (!problems.isEmpty()) {
            throw new InvalidBatchException(problems);
        }
        return new EventBatch(source, sentAt, batchId, list);
    }

    private static String text(JsonNode root, String field, List<String> problems) {
        JsonNode value = root.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            problems.add(field + ": must be a non-empty string");
            return null;
        }
        return value.textValue();
    }
}
