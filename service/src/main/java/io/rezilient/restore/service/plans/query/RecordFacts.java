package io.rezilient.restore.service.plans.query;

import java.util.Objects;

/**
 * The indexed metadata of one version of a record, which is all an {@link EncodedQuery} can see: the service never
 * decrypts record values, so a filter on a business column could not be evaluated honestly.
 *
 * @param sysId        the record's {@code sys_id}
 * @param table        the record's table
 * @param sysUpdatedOn ServiceNow {@code YYYY-MM-DD HH:mm:ss}, or null when the event did not carry it
 * @param sysModCount  or null when the event did not carry it
 * @param operation    {@code I}, {@code U} or {@code D}, or null when unknown
 * @param eventType    e.g. {@code cdc.write}, or null when unknown
 */
public record RecordFacts(String sysId, String table, String sysUpdatedOn, Integer sysModCount, String operation,
                          String eventType) {
    public RecordFacts {
        Objects.requireNonNull(sysId, "sysId");
        Objects.requireNonNull(table, "table");
    }
}
