package io.rezilient.restore.capture.simulate;

import java.util.List;

/** The sys_* audit fields every ServiceNow table carries. */
final class Audit {
    static final String SYS_CREATED_ON = "sys_created_on";
    static final String SYS_CREATED_BY = "sys_created_by";
    static final String SYS_UPDATED_ON = "sys_updated_on";
    static final String SYS_UPDATED_BY = "sys_updated_by";
    static final String SYS_MOD_COUNT = "sys_mod_count";
    static final List<FieldDef> FIELDS = List.of(FieldDef.dateTime(SYS_CREATED_ON), FieldDef.string(SYS_CREATED_BY, 40),
            FieldDef.dateTime(SYS_UPDATED_ON), FieldDef.string(SYS_UPDATED_BY, 40), FieldDef.integer(SYS_MOD_COUNT));

    private Audit() {
    }
}
