package io.rezilient.restore.contracts.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point for declaring contract schemas, named after their zod counterparts so a reader of the reference's
 * schemas recognises them: {@code Schemas.object().field("id", Schemas.string().min(1))}.
 */
public final class Schemas {
    private Schemas() {
    }

    public static StringSchema string() {
        return new StringSchema(List.of());
    }

    public static NumberSchema number() {
        return new NumberSchema(List.of());
    }

    public static Schema bool() {
        return BooleanSchema.INSTANCE;
    }

    /** Any value, absent included. */
    public static Schema unknown() {
        return UnknownSchema.INSTANCE;
    }

    /** Exactly this string. */
    public static Schema literal(String value) {
        return new LiteralSchema(List.of(value));
    }

    /** One of these strings. */
    public static Schema oneOf(String... values) {
        return new LiteralSchema(Arrays.asList(values));
    }

    /** One of these strings, in this order. */
    public static Schema oneOf(List<String> values) {
        return new LiteralSchema(values);
    }

    public static ArraySchema array(Schema element) {
        return new ArraySchema(element, List.of());
    }

    /** An array with exactly one element per schema, each checked by its own schema. */
    public static Schema tuple(Schema... items) {
        return new TupleSchema(Arrays.asList(items));
    }

    /** A tuple of string literals, e.g. a fixed field order that must be quoted verbatim. */
    public static Schema literalTuple(List<String> values) {
        return tuple(values.stream().map(Schemas::literal).toArray(Schema[]::new));
    }

    /** A strict object without fields yet; add them with {@link ObjectSchema#field}. */
    public static ObjectSchema object() {
        return new ObjectSchema(Map.of(), ObjectSchema.UnknownKeys.STRICT);
    }

    /** A value that satisfies one of {@code options} (zod's {@code z.union}); see {@link UnionSchema}. */
    public static Schema union(Schema... options) {
        return new UnionSchema(Arrays.asList(options));
    }

    /** Variants chosen by the string value of {@code discriminator}, in declaration order. */
    public static Schema discriminatedUnion(String discriminator, Map<String, ? extends Schema> variants) {
        return new DiscriminatedUnionSchema(discriminator, new LinkedHashMap<>(variants));
    }

    /** An empty JSON array, the usual default for optional lists. */
    public static JsonNode emptyArray() {
        return JsonNodeFactory.instance.arrayNode();
    }
}
