package io.rezilient.restore.contracts.validation;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A value that must satisfy one of several schemas, tried in order, with zod 4's way of reporting a miss: the first
 * option that passes wins; when exactly one option failed only by checks (its type matched, say a number that is
 * not positive), its issues are reported as they are, so the caller learns what was wrong with that option; when
 * none or several did, one aborting {@code invalid_union} issue ({@code Invalid input}) stands for all of them.
 */
final class UnionSchema extends Schema {
    private final List<Schema> options;

    UnionSchema(List<Schema> options) {
        if (options.size() < 2) {
            throw new IllegalArgumentException("a union needs at least two options");
        }
        this.options = List.copyOf(options);
    }

    @Override
    Payload run(JsonNode input) {
        List<Payload> notAborted = new ArrayList<>();
        for (Schema option : options) {
            Payload result = option.run(input);
            if (result.findings.isEmpty()) {
                return result;
            }
            if (!result.isAborted()) {
                notAborted.add(result);
            }
        }
        if (notAborted.size() == 1) {
            return notAborted.get(0);
        }
        return reject(input, IssueCode.INVALID_UNION, BuiltInMessages.INVALID_INPUT);
    }
}
