package io.rezilient.restore.capture.simulate;

/** One column of a synthetic table's schema, as a ServiceNow dictionary entry would describe it. */
record FieldDef(String element, String type, int maxLength, String reference) {
    static FieldDef string(String element, int maxLength) {
        return new FieldDef(element, "string", maxLength, null);
    }

    static FieldDef integer(String element) {
        return new FieldDef(element, "integer", 40, null);
    }

    static FieldDef bool(String element) {
        return new FieldDef(element, "boolean", 40, null);
    }

    static FieldDef dateTime(String element) {
        return new FieldDef(element, "glide_date_time", 40, null);
    }

    static FieldDef reference(String element, String table) {
        return new FieldDef(element, "reference", 32, table);
    }
}
