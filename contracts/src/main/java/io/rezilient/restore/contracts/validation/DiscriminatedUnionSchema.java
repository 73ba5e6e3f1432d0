package io.rezilient.restore.contracts.validation;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An object whose schema is chosen by the string value of one key. An unknown or missing discriminator is a single
 * {@code invalid_union} issue at the discriminator's path; otherwise only the chosen variant's issues are reported.
 */
final class DiscriminatedUnionSchema extends Schema {
    private final String discriminator;
    private final Map<String, Schema> variants;

    DiscriminatedUnionSchema(String discriminator, Map<String, Schema> variants) {
        this.discriminator = discriminator;
        this.variants = Collections.unmodifiableMap(new LinkedHashMap<>(variants));
    }

    @Override
    Payload run(JsonNode input) {
        if (input == null || !input.isObject()) {
            return rejectType(input, "object");
        }
        JsonNode tag = input.get(discriminator);
        Schema variant = tag != null && tag.isTextual() ? variants.get(tag.textValue()) : null;
        if (variant == null) {
            Issue issue = new Issue(IssueCode.INVALID_UNION, List.of(discriminator), BuiltInMessages.INVALID_INPUT,
                    List.of());
            return Payload.rejected(input, new Finding(issue, false));
        }
        return variant.run(input);
    }
}
