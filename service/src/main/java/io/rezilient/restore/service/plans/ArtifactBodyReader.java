package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * Reads the JSON body of a winning event's artifact (service-spec §4.5). "Not there" and "could not be read" are
 * different outcomes on purpose: the first is a permanent property of the plan ({@code missing_artifact_body},
 * 409), the second a transient outage the caller should retry (503).
 */
public interface ArtifactBodyReader {
    /**
     * @param artifactKey object key of the artifact; a blank key is treated as absent without touching the store
     * @param manifestKey object key of its manifest, for implementations that need it (the object store does not)
     * @return the parsed body (any JSON value, not necessarily an object), or empty when the key is blank, the object
     *         does not exist or it is empty
     * @throws ArtifactBodyUnavailableException when the store fails or the body is not JSON
     */
    Optional<JsonNode> read(String artifactKey, String manifestKey);
}
