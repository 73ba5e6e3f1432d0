package io.rezilient.restore.capture.simulate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * sys_attachment records: created with their parent reference and content facts, never updated. The bytes
 * themselves travel in a separate media event; the planner fills the content fields when it makes them.
 */
final class AttachmentModel implements TableModel {

    @Override
    public String table() {
        return Tables.SYS_ATTACHMENT;
    }

    @Override
    public List<FieldDef> fields(int schemaVersion) {
        List<FieldDef> fields = new ArrayList<>(List.of(
                FieldDef.string("sys_id", 32), FieldDef.string("file_name", 100), FieldDef.string("content_type", 100),
                FieldDef.integer("size_bytes"), FieldDef.string("table_name", 80), FieldDef.string("table_sys_id", 32),
                FieldDef.string("hash", 64), FieldDef.bool("compressed")));
        fields.addAll(Audit.FIELDS);
        return fields;
    }

    @Override
    public LinkedHashMap<String, String> create(World world) {
        return new LinkedHashMap<>();
    }

    /** The business fields of an attachment of {@code content} on {@code parent}. */
    static LinkedHashMap<String, String> fieldsFor(AttachmentContent content, SimRecord parent) {
        LinkedHashMap<String, String> f = new LinkedHashMap<>();
        f.put("file_name", content.fileName());
        f.put("content_type", content.contentType());
        f.put("size_bytes", Integer.toString(content.bytes().length));
        f.put("table_name", parent.table);
        f.put("table_sys_id", parent.sysId);
        f.put("hash", content.sha256());
        f.put("compressed", "false");
        return f;
    }

    @Override
    public List<String> update(World world, SimRecord record) {
        throw new UnsupportedOperationException("attachments are immutable");
    }

    @Override
    public boolean updatable() {
        return false;
    }
}
