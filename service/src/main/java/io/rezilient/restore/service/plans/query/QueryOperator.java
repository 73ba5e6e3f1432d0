package io.rezilient.restore.service.plans.query;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The comparison operators a condition may use; each compares text exactly (case-sensitive). */
public enum QueryOperator {
    EQUALS("="),
    NOT_EQUALS("!="),
    /** Comma-separated list of alternatives. */
    IN("IN"),
    STARTS_WITH("STARTSWITH");

    /** The operators as written, for error messages. */
    public static final String SUPPORTED = Arrays.stream(values()).map(QueryOperator::wire)
            .collect(Collectors.joining(", "));

    private final String wire;

    QueryOperator(String wire) {
        this.wire = wire;
    }

    /** The operator as written in an encoded query. */
    public String wire() {
        return wire;
    }
}
