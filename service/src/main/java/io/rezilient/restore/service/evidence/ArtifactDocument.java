package io.rezilient.restore.service.evidence;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * An evidence artifact before it is written: its id ({@code execution.json}, …) and the document whose canonical
 * JSON it is. Large arrays in the document may be {@link io.rezilient.restore.contracts.json.CanonicalJsonStream#streamed}.
 */
public record ArtifactDocument(String artifactId, JsonNode document) {
    public ArtifactDocument {
        Objects.requireNonNull(artifactId, "artifactId");
        Objects.requireNonNull(document, "document");
    }
}
