package io.rezilient.restore.capture.simulate;

import java.util.LinkedHashMap;
import java.util.List;

/** How one synthetic table's records look, are created and change. */
interface TableModel {

    String table();

    /** The table's columns at {@code schemaVersion}. */
    List<FieldDef> fields(int schemaVersion);

    /** The business fields of a new record (the planner adds sys_id and the sys_* audit fields). */
    LinkedHashMap<String, String> create(World world);

    /** Changes one to three business fields of {@code record} in place and returns their names (never empty). */
    List<String> update(World world, SimRecord record);

    /** Whether records of this table ever change after insert (attachments do not). */
    default boolean updatable() {
        return true;
    }

    static TableModel of(String table) {
        return switch (table) {
            case Tables.INCIDENT -> new IncidentModel();
            case Tables.PROBLEM -> new ProblemModel();
            case Tables.CMDB_CI -> new CmdbCiModel();
            case Tables.SYS_ATTACHMENT -> new AttachmentModel();
            default -> throw new IllegalArgumentException("no model for table " + table);
        };
    }
}
