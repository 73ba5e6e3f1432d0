package io.rezilient.restore.contracts.validation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * One validation problem, shaped like a zod issue so API errors and conformance checks can carry it unchanged.
 *
 * @param code    one of {@link IssueCode}
 * @param path    where the problem is: object keys ({@link String}) and array indices ({@link Integer}) from the root
 * @param message the rule that was broken, in the reference's wording
 * @param keys    the offending keys of an {@code unrecognized_keys} issue, otherwise empty
 */
public record Issue(String code, List<Object> path, String message, List<String> keys) {
    public Issue {
        path = List.copyOf(path);
        keys = List.copyOf(keys);
    }

    /** An issue at the root with no keys. */
    public static Issue of(String code, String message) {
        return new Issue(code, List.of(), message, List.of());
    }

    /** The same issue one level deeper: {@code segment} is prepended to the path. */
    public Issue under(Object segment) {
        List<Object> longer = new ArrayList<>(path.size() + 1);
        longer.add(segment);
        longer.addAll(path);
        return new Issue(code, longer, message, keys);
    }

    /** The path as a reader would write it, e.g. {@code rows[0].metadata.offset}; {@code (root)} for the root. */
    public String pathText() {
        if (path.isEmpty()) {
            return "(root)";
        }
        StringBuilder text = new StringBuilder();
        for (Object segment : path) {
            if (segment instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else {
                if (!text.isEmpty()) {
                    text.append('.');
                }
                text.append(segment);
            }
        }
        return text.toString();
    }

    /** {@code <field>: <rule>}, the one-line form used in exception messages. */
    public String describe() {
        return pathText() + ": " + message;
    }

    /** The issue as zod serialises it: {@code {code, path, message}} plus {@code keys} for unrecognized keys. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("code", code);
        json.set("path", pathJson());
        json.put("message", message);
        if (!keys.isEmpty()) {
            ArrayNode keyArray = json.putArray("keys");
            keys.forEach(keyArray::add);
        }
        return json;
    }

    /** The path as a JSON array of strings and integers. */
    public ArrayNode pathJson() {
        ArrayNode json = JsonNodeFactory.instance.arrayNode();
        for (Object segment : path) {
            if (segment instanceof Integer index) {
                json.add(index);
            } else {
                json.add(String.valueOf(segment));
            }
        }
        return json;
    }
}
