package io.rezilient.restore.contracts.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The order in which a JavaScript object lists its own keys: array-index keys ({@code "0"} to {@code "4294967294"},
 * canonical decimal only) first in ascending numeric order, then every other key in insertion order. It decides
 * canonical-JSON output order and the order zod reports unknown keys in.
 */
public final class JsPropertyOrder {
    /** 2^32 - 2, the largest array index. */
    private static final long MAX_ARRAY_INDEX = 4_294_967_294L;
    private static final int MAX_INDEX_DIGITS = 10;

    private JsPropertyOrder() {
    }

    /** True for canonical decimal strings of array indices; {@code "01"}, {@code "-1"} and {@code "4294967295"} are not. */
    public static boolean isArrayIndex(String key) {
        int length = key.length();
        if (length == 0 || length > MAX_INDEX_DIGITS || (length > 1 && key.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return Long.parseLong(key) <= MAX_ARRAY_INDEX;
    }

    /** The keys of a JSON object in JavaScript own-key order. */
    public static List<String> ownKeys(JsonNode object) {
        List<String> indices = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (Map.Entry<String, JsonNode> property : object.properties()) {
            String name = property.getKey();
            (isArrayIndex(name) ? indices : others).add(name);
        }
        indices.sort(Comparator.comparingLong(Long::parseLong));
        indices.addAll(others);
        return indices;
    }
}
