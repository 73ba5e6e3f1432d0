package io.rezilient.restore.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a JSON document a piece at a time. An artifact of a large restore holds one entry per row (100,000 row
 * outcomes, plan rows, journal entries): those arrays are handed over element by element so that only what the report
 * keeps stays in memory, and fields the report does not use are skipped without being built.
 */
final class StreamedJson {
    /** Reads one value; the parser stands on the value's first token and is left on its last. */
    @FunctionalInterface
    interface ValueReader {
        void read(JsonParser parser) throws IOException;
    }

    /**
     * Reads one value as a tree and stops there: the shared mapper refuses tokens after a value, which inside a
     * stream is every next field or element.
     */
    private static final ObjectReader VALUE = Json.mapper().reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private StreamedJson() {
    }

    /**
     * Reads {@code in} as one JSON value with {@code reader}.
     *
     * @throws IllegalArgumentException when it is not JSON, not of the shape the reader expects, or has content after
     *                                  the value
     */
    static void read(InputStream in, ValueReader reader) throws IOException {
        try (JsonParser parser = Json.mapper().createParser(in)) {
            if (parser.nextToken() == null) {
                throw new IllegalArgumentException("empty document");
            }
            reader.read(parser);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("content after the JSON value");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException malformed) {
            throw new IllegalArgumentException("malformed JSON: " + malformed.getOriginalMessage(), malformed);
        }
    }

    /** The whole value as a tree. */
    static ValueReader tree(Consumer<JsonNode> sink) {
        return parser -> sink.accept(VALUE.readTree(parser));
    }

    /** The value is skipped. */
    static ValueReader skipped() {
        return JsonParser::skipChildren;
    }

    /** Each element of an array as a tree, one after the other; null counts as an empty array. */
    static ValueReader elements(String what, Consumer<JsonNode> sink) {
        return parser -> {
            if (parser.currentToken() == JsonToken.VALUE_NULL) {
                return;
            }
            expect(parser, JsonToken.START_ARRAY, what + " is not an array");
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                sink.accept(VALUE.readTree(parser));
            }
        };
    }

    /**
     * An object whose fields named in {@code readers} go to their reader; every other field is put into
     * {@code rest} as a tree.
     */
    static ValueReader object(String what, Map<String, ValueReader> readers, ObjectNode rest) {
        return fields(what, readers, (name, parser) -> rest.set(name, VALUE.readTree(parser)));
    }

    /** An object whose fields named in {@code readers} go to their reader; every other field is skipped. */
    static ValueReader objectSkippingOthers(String what, Map<String, ValueReader> readers) {
        return fields(what, readers, (name, parser) -> parser.skipChildren());
    }

    @FunctionalInterface
    private interface OtherField {
        void read(String name, JsonParser parser) throws IOException;
    }

    private static ValueReader fields(String what, Map<String, ValueReader> readers, OtherField others) {
        return parser -> {
            expect(parser, JsonToken.START_OBJECT, what + " is not a JSON object");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                ValueReader reader = readers.get(name);
                if (reader != null) {
                    reader.read(parser);
                } else {
                    others.read(name, parser);
                }
            }
        };
    }

    private static void expect(JsonParser parser, JsonToken token, String otherwise) {
        if (parser.currentToken() != token) {
            throw new IllegalArgumentException(otherwise);
        }
    }
}
