package io.rezilient.restore.agent.target;

import java.util.Comparator;
import java.util.Objects;

/** One record of the target: a table and the record's {@code sys_id}. Ordered by table, then sys_id. */
public record RecordRef(String table, String sysId) implements Comparable<RecordRef> {
    private static final Comparator<RecordRef> ORDER =
            Comparator.comparing(RecordRef::table).thenComparing(RecordRef::sysId);

    public RecordRef {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(sysId, "sysId");
    }

    @Override
    public int compareTo(RecordRef other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return table + "/" + sysId;
    }
}
