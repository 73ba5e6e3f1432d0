package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The events a capture's ground-truth file says were written: event id → artifact key. */
final class CaptureTruth {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CaptureTruth() {
    }

    static Map<String, String> events(Path truthFile) {
        Map<String, String> events = new HashMap<>();
        try {
            for (String line : Files.readAllLines(truthFile)) {
                JsonNode entry = JSON.readTree(line);
                if (!"header".equals(entry.path("kind").asText())) {
                    String previous = events.put(entry.get("event_id").asText(), entry.get("artifact_key").asText());
                    if (previous != null) {
                        throw new IllegalStateException("the ground truth names event " + entry.get("event_id")
                                + " twice");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ground truth " + truthFile, e);
        }
        return events;
    }
}
