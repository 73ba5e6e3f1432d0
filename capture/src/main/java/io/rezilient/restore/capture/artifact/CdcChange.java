package io.rezilient.restore.capture.artifact;

import java.util.List;
import java.util.Objects;

/**
 * The metadata of one record change (nothing here is a record value).
 *
 * @param table          the table
 * @param recordSysId    the record's sys_id
 * @param op             {@code I}, {@code U} or {@code D}
 * @param schemaVersion  the table schema version the snapshot follows (> 0)
 * @param sysModCount    the record's sys_mod_count after the change (for D: the last known one), or null if unknown
 * @param sysUpdatedOn   the record's sys_updated_on ({@code YYYY-MM-DD HH:mm:ss}, UTC)
 * @param changedFields  names of the fields an update changed (empty for I and D)
 */
public record CdcChange(String table, String recordSysId, String op, int schemaVersion, Long sysModCount,
                        String sysUpdatedOn, List<String> changedFields) {
    public CdcChange {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(recordSysId, "recordSysId");
        if (!"I".equals(op) && !"U".equals(op) && !"D".equals(op)) {
            throw new IllegalArgumentException("op must be I, U or D, got " + op);
        }
        changedFields = List.copyOf(changedFields);
    }

    /** {@code cdc.delete} for D, else {@code cdc.write}, as the reference names them. */
    public String eventType() {
        return "D".equals(op) ? ArtifactFields.TYPE_CDC_DELETE : ArtifactFields.TYPE_CDC_WRITE;
    }
}
