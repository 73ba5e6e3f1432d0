package io.rezilient.restore.contracts.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.json.JsValues;

import java.util.List;

/**
 * A finite JSON number, read as JavaScript reads it (an IEEE double), with optional integer and bound checks run
 * in declaration order.
 */
public final class NumberSchema extends Schema {
    private static final String ORIGIN = "number";
    /** zod's integer checks accept only safe integers. */
    private static final double MAX_SAFE_INTEGER = 9_007_199_254_740_991d;

    private final List<Payload.Check> checks;

    NumberSchema(List<Payload.Check> checks) {
        this.checks = checks;
    }

    /** A safe integer (1.0 counts); a fraction is an aborting {@code expected int} type issue, as in zod. */
    public NumberSchema integer() {
        return with(payload -> {
            double value = JsValues.toDouble(payload.value);
            if (value != Math.rint(value)) {
                payload.findings.add(Finding.aborting(IssueCode.INVALID_TYPE,
                        BuiltInMessages.invalidType("int", payload.value)));
            } else if (Math.abs(value) > MAX_SAFE_INTEGER) {
                payload.findings.add(value > 0
                        ? Finding.continuing(IssueCode.TOO_BIG, BuiltInMessages.tooBig("int", MAX_SAFE_INTEGER, true))
                        : Finding.continuing(IssueCode.TOO_SMALL,
                        BuiltInMessages.tooSmall("int", -MAX_SAFE_INTEGER, true)));
            }
        });
    }

    /** Strictly greater than {@code minimum} (zod's {@code positive()} is {@code gt(0)}). */
    public NumberSchema gt(double minimum) {
        return lowerBound(minimum, false);
    }

    /** At least {@code minimum} (zod's {@code nonnegative()} is {@code gte(0)}). */
    public NumberSchema gte(double minimum) {
        return lowerBound(minimum, true);
    }

    /** At most {@code maximum}. */
    public NumberSchema lte(double maximum) {
        return with(payload -> {
            if (JsValues.toDouble(payload.value) > maximum) {
                payload.findings.add(Finding.continuing(IssueCode.TOO_BIG,
                        BuiltInMessages.tooBig(ORIGIN, maximum, true)));
            }
        });
    }

    @Override
    Payload run(JsonNode input) {
        if (input == null || !input.isNumber() || !Double.isFinite(JsValues.toDouble(input))) {
            return rejectType(input, ORIGIN);
        }
        Payload payload = new Payload(input);
        payload.runChecks(checks);
        return payload;
    }

    private NumberSchema lowerBound(double minimum, boolean inclusive) {
        return with(payload -> {
            double value = JsValues.toDouble(payload.value);
            if (inclusive ? value < minimum : value <= minimum) {
                payload.findings.add(Finding.continuing(IssueCode.TOO_SMALL,
                        BuiltInMessages.tooSmall(ORIGIN, minimum, inclusive)));
            }
        });
    }

    private NumberSchema with(Payload.Check check) {
        return new NumberSchema(append(checks, check));
    }
}
