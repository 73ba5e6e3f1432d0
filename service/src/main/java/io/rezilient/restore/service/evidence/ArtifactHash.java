package io.rezilient.restore.service.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * One entry of an evidence package's {@code artifact_hashes}: the artifact's id, the lower-case hex SHA-256 of its
 * canonical JSON's UTF-8 bytes, and how many bytes that is.
 */
public record ArtifactHash(String artifactId, String sha256, long bytes) {
    public ArtifactHash {
        Objects.requireNonNull(artifactId, "artifactId");
        Objects.requireNonNull(sha256, "sha256");
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("artifact_id", artifactId);
        json.put("sha256", sha256);
        json.put("bytes", bytes);
        return json;
    }

    /** Reads an entry as written by {@link #toJson()}; fields of the wrong type read as empty or -1. */
    public static ArtifactHash fromJson(JsonNode json) {
        return new ArtifactHash(json.path("artifact_id").asText(""), json.path("sha256").asText(""),
                json.path("bytes").canConvertToLong() ? Math.max(json.path("bytes").asLong(), 0) : 0);
    }
}
