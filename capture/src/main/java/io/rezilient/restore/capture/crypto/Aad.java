package io.rezilient.restore.capture.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The additional authenticated data bound into every ciphertext: a purpose, the key id and the identity of
 * what was encrypted (tenant, instance, source and the record, schema or attachment it belongs to).
 *
 * <p>A ciphertext therefore only opens in the place it was written for: copying one record's {@code row_enc}
 * into another record's artifact, another tenant's, or another event of the same record fails authentication
 * exactly like tampering does. Encoding (see {@code docs/object-layout.md}): the label {@value #LABEL}, then the
 * purpose, the key id and each field, every one written as a 4-byte big-endian length followed by its UTF-8
 * bytes, so no choice of field values can make two different identities encode alike.
 *
 * @param purpose what kind of value this is ({@link #ROW}, {@link #SCHEMA}, {@link #MEDIA_META}, {@link #MEDIA_CHUNK},
 *                {@link #BEFORE_IMAGE})
 * @param fields  the identity fields in the order the purpose defines
 */
public record Aad(String purpose, List<String> fields) {
    /** Version label at the start of every encoded AAD. */
    public static final String LABEL = "rez.aad.v1";
    public static final String ROW = "row";
    public static final String SCHEMA = "schema";
    public static final String MEDIA_META = "media_meta";
    public static final String MEDIA_CHUNK = "media_chunk";
    public static final String BEFORE_IMAGE = "before_image";

    public Aad {
        Objects.requireNonNull(purpose, "purpose");
        fields = List.copyOf(fields);
    }

    /** A record snapshot ({@code row_enc}) of one CDC event. */
    public static Aad row(String tenantId, String instanceId, String source, String table, String recordSysId,
                          String eventId) {
        return new Aad(ROW, List.of(tenantId, instanceId, source, table, recordSysId, eventId));
    }

    /** A table schema snapshot ({@code snapshot_enc} of a schema event). */
    public static Aad schema(String tenantId, String instanceId, String source, String table, String eventId) {
        return new Aad(SCHEMA, List.of(tenantId, instanceId, source, table, eventId));
    }

    /** The attachment's own metadata ({@code meta_enc} of a media event: file name and the like). */
    public static Aad mediaMeta(String tenantId, String instanceId, String source, String attachmentSysId,
                                String eventId) {
        return new Aad(MEDIA_META, List.of(tenantId, instanceId, source, attachmentSysId, eventId));
    }

    /** One chunk of an attachment's bytes; index and count stop chunks being reordered, dropped or added. */
    public static Aad mediaChunk(String tenantId, String instanceId, String source, String attachmentSysId,
                                 String mediaId, int index, int count) {
        return new Aad(MEDIA_CHUNK, List.of(tenantId, instanceId, source, attachmentSysId, mediaId,
                Integer.toString(index), Integer.toString(count)));
    }

    /**
     * A target record's before-image, sealed by the restore agent for the rollback journal entry {@code journalId}
     * (one attempt at one plan row), so an image only opens for the journal entry it was captured for.
     */
    public static Aad beforeImage(String tenantId, String instanceId, String source, String table, String recordSysId,
                                  String journalId) {
        return new Aad(BEFORE_IMAGE, List.of(tenantId, instanceId, source, table, recordSysId, journalId));
    }

    /** The bytes handed to the cipher as AAD for a value sealed under key {@code kid}. */
    public byte[] encode(String kid) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 32 * fields.size());
        append(out, LABEL);
        append(out, purpose);
        append(out, Objects.requireNonNull(kid, "kid"));
        for (String field : fields) {
            append(out, Objects.requireNonNull(field, () -> "AAD field of " + purpose + " must not be null"));
        }
        return out.toByteArray();
    }

    private static void append(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        out.write(n >>> 24);
        out.write(n >>> 16);
        out.write(n >>> 8);
        out.write(n);
        out.writeBytes(bytes);
    }
}
