package io.rezilient.restore.service.plans.query;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The record fields a query may name: only those the index holds for every version (see {@link RecordFacts}). */
public enum QueryField {
    SYS_ID("sys_id", RecordFacts::sysId),
    SYS_UPDATED_ON("sys_updated_on", RecordFacts::sysUpdatedOn),
    /** Compared as the decimal string of the integer, as ServiceNow renders it. */
    SYS_MOD_COUNT("sys_mod_count", facts -> facts.sysModCount() == null ? null : facts.sysModCount().toString()),
    OPERATION("operation", RecordFacts::operation),
    EVENT_TYPE("event_type", RecordFacts::eventType),
    TABLE("table", RecordFacts::table);

    /** The names, comma-separated, for error messages. */
    public static final String SUPPORTED = Arrays.stream(values()).map(QueryField::wire)
            .collect(Collectors.joining(", "));

    private final String wire;
    private final Function<RecordFacts, String> reader;

    QueryField(String wire, Function<RecordFacts, String> reader) {
        this.wire = wire;
        this.reader = reader;
    }

    /** The name as written in an encoded query. */
    public String wire() {
        return wire;
    }

    /** This field of {@code facts} as text, or null when the version does not carry it. */
    String read(RecordFacts facts) {
        return reader.apply(facts);
    }
}
