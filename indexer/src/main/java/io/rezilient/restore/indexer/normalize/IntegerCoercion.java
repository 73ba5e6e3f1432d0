package io.rezilient.restore.indexer.normalize;

import io.rezilient.restore.contracts.json.JsText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.util.List;
import java.util.regex.Pattern;

import static io.rezilient.restore.indexer.manifest.MetadataKeys.PARTITION;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.SCHEMA_VERSION;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.SIZE_BYTES;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.SYS_MOD_COUNT;

/**
 * Producers write some integer metadata as strings ({@code "7"}, {@code " 007 "}); those become numbers before
 * validation (indexer-spec §3 step 4). Anything else, including {@code "-1"} or {@code "1.5"}, is left as it is so
 * the allow-list rejects it naming the field.
 */
final class IntegerCoercion {
    private static final List<String> INTEGER_KEYS = List.of(PARTITION, SCHEMA_VERSION, SIZE_BYTES, SYS_MOD_COUNT);
    /** ASCII digits only, like JavaScript's {@code \d}. */
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private IntegerCoercion() {
    }

    /** Replaces digit-string values of the integer keys with numbers, in place. */
    static void apply(ObjectNode metadata) {
        for (String key : INTEGER_KEYS) {
            JsonNode value = metadata.get(key);
            if (value == null || !value.isTextual()) {
                continue;
            }
            String trimmed = JsText.trim(value.textValue());
            if (DIGITS.matcher(trimmed).matches()) {
                BigInteger number = new BigInteger(trimmed);
                metadata.set(key, number.bitLength() < Long.SIZE
                        ? metadata.numberNode(number.longValue())
                        : metadata.numberNode(number));
            }
        }
    }
}
