package io.rezilient.restore.service.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The service's OpenAPI 3.1 document ({@code docs/openapi.yaml}, packaged on the classpath by the build), parsed
 * once. A missing or unreadable document fails start-up: serving routes that the published contract does not
 * describe is a bug we want to see at once.
 */
public final class OpenApiDocument {
    static final String RESOURCE = "openapi.yaml";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private final JsonNode document;

    private OpenApiDocument(JsonNode document) {
        this.document = document;
    }

    /** Loads the packaged document. */
    public static OpenApiDocument load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is not on the classpath");
            }
            JsonNode parsed = new ObjectMapper(new YAMLFactory()).readTree(in);
            if (parsed == null || !parsed.path("openapi").asText().startsWith("3.1")
                    || !parsed.path("paths").isObject()) {
                throw new IllegalStateException("the OpenAPI document is not an OpenAPI 3.1 document with paths");
            }
            return new OpenApiDocument(parsed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI document", e);
        }
    }

    /** The document as a JSON tree (a copy: callers may not change what is served). */
    public JsonNode json() {
        return document.deepCopy();
    }

    /** Every operation as {@code "GET /v1/health"}: what the route test compares with the server's routes. */
    public Set<String> operations() {
        Set<String> operations = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (METHODS.contains(method)) {
                    operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            });
        }
        return operations;
    }
}
