package io.rezilient.restore.indexer.manifest;

/**
 * Names of the operational metadata keys of allow-list {@code rrs.metadata.allowlist.v1} that the indexer reads or
 * writes by name. Which keys are allowed, and their rules, live in the contract schema
 * ({@link io.rezilient.restore.contracts.plan.OperationalMetadataSchema}); these are only the spellings.
 */
public final class MetadataKeys {
    public static final String TENANT_ID = "tenant_id";
    public static final String INSTANCE_ID = "instance_id";
    public static final String SOURCE = "source";
    public static final String TABLE = "table";
    public static final String RECORD_SYS_ID = "record_sys_id";
    public static final String ATTACHMENT_SYS_ID = "attachment_sys_id";
    public static final String MEDIA_ID = "media_id";
    public static final String EVENT_ID = "event_id";
    public static final String EVENT_TYPE = "event_type";
    public static final String OPERATION = "operation";
    public static final String SCHEMA_VERSION = "schema_version";
    public static final String SYS_UPDATED_ON = "sys_updated_on";
    public static final String SYS_MOD_COUNT = "sys_mod_count";
    /** The event time; the double underscore is the reference's spelling. */
    public static final String TIME = "__time";
    public static final String TOPIC = "topic";
    public static final String PARTITION = "partition";
    public static final String OFFSET = "offset";
    public static final String CONTENT_TYPE = "content_type";
    public static final String SIZE_BYTES = "size_bytes";
    public static final String SHA256_PLAIN = "sha256_plain";

    private MetadataKeys() {
    }
}
