package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.rezilient.restore.objectstore.ObjectKeys;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.ObjectStoreException;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ArtifactBodyReader} over the platform's {@link ObjectStore}: the artifact key is the object key and the
 * manifest key is not needed. Bodies are parsed strictly — a duplicated key or trailing content is refused instead
 * of silently keeping one of the values, since the body decides which encrypted values a restore writes.
 */
public final class ObjectStoreArtifactBodyReader implements ArtifactBodyReader {
    private static final ObjectReader STRICT_JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build()
            .readerFor(JsonNode.class);

    private final ObjectStore store;

    public ObjectStoreArtifactBodyReader(ObjectStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public Optional<JsonNode> read(String artifactKey, String manifestKey) {
        if (artifactKey == null || artifactKey.isBlank()) {
            return Optional.empty();
        }
        Optional<byte[]> bytes;
        try {
            bytes = store.get(artifactKey);
        } catch (ObjectStoreException failed) {
            throw new ArtifactBodyUnavailableException("reading artifact " + ObjectKeys.quote(artifactKey)
                    + " from " + store.describe() + " failed: " + failed.getMessage(), failed);
        }
        if (bytes.isEmpty() || bytes.get().length == 0) {
            return Optional.empty();
        }
        return Optional.of(parse(artifactKey, bytes.get()));
    }

    private JsonNode parse(String artifactKey, byte[] bytes) {
        try (JsonParser parser = STRICT_JSON.createParser(bytes)) {
            JsonNode body = STRICT_JSON.readValue(parser);
            if (body == null || body.isMissingNode()) {
                throw new IOException("no JSON value");
            }
            return body;
        } catch (IOException malformed) {
            throw new ArtifactBodyUnavailableException("artifact " + ObjectKeys.quote(artifactKey) + " in "
                    + store.describe() + " is not valid JSON: " + malformed.getMessage(), malformed);
        }
    }
}
