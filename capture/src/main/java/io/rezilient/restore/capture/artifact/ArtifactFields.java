package io.rezilient.restore.capture.artifact;

/** Field names of artifact bodies: the flattened REC metadata (indexer-spec §2.3) and our encrypted parts. */
public final class ArtifactFields {
    public static final String EVENT_ID = "__event_id";
    public static final String TYPE = "__type";
    public static final String TIME = "__time";
    public static final String SOURCE = "__source";
    public static final String TABLE = "__table";
    public static final String RECORD_SYS_ID = "__record_sys_id";
    public static final String ATTACHMENT_SYS_ID = "__attachment_sys_id";
    public static final String OP = "__op";
    public static final String SCHEMA_VERSION = "__schema_version";
    public static final String SYS_MOD_COUNT = "__sys_mod_count";
    public static final String SYS_UPDATED_ON = "__sys_updated_on";
    public static final String TENANT_ID = "tenant_id";
    public static final String INSTANCE_ID = "instance_id";
    /** The record snapshot: the full record for I/U, the last known record for D. */
    public static final String ROW_ENC = "row_enc";
    /** Names (never values) of the fields an update changed. */
    public static final String CHANGED_FIELDS = "changed_fields";
    public static final String MEDIA = "media";
    public static final String BLOB_ENC = "blob_enc";
    public static final String META_ENC = "meta_enc";
    public static final String SCHEMA = "schema";
    public static final String SNAPSHOT_ENC = "snapshot_enc";
    public static final String CHANGE = "change";

    /** CloudEvent types of the events this module writes itself. */
    public static final String TYPE_CDC_WRITE = "cdc.write";
    public static final String TYPE_CDC_DELETE = "cdc.delete";
    public static final String TYPE_SCHEMA_SNAPSHOT = "schema.snapshot";
    public static final String TYPE_SCHEMA_CHANGE = "schema.change";
    public static final String TYPE_MEDIA_MANIFEST = "media.manifest";
    public static final String TYPE_MEDIA_META = "media.meta";
    public static final String TYPE_MEDIA_DELETE = "media.delete";
    /** Details of error and repair reports. */
    public static final String ERROR = "error";
    public static final String REPAIR = "repair";

    private ArtifactFields() {
    }
}
