package io.rezilient.restore.capture.artifact;

/**
 * The metadata of one attachment event (allow-listed facts only; the file name travels encrypted).
 *
 * @param op              {@code I} (new attachment), {@code U} (attachment metadata changed) or {@code D} (deleted)
 * @param table           the parent record's table
 * @param recordSysId     the parent record's sys_id
 * @param attachmentSysId the sys_attachment record's sys_id
 * @param mediaId         the id of the stored bytes (null if the producer gave none)
 * @param sizeBytes       plaintext size (null for a delete)
 * @param contentType     MIME type (null for a delete)
 * @param sha256Plain     SHA-256 of the plaintext bytes, what a restore checks them against (null for a delete)
 * @param sysUpdatedOn    the attachment's sys_updated_on
 */
public record MediaChange(String op, String table, String recordSysId, String attachmentSysId, String mediaId,
                          Long sizeBytes, String contentType, String sha256Plain, String sysUpdatedOn) {
    public MediaChange {
        if (!"I".equals(op) && !"U".equals(op) && !"D".equals(op)) {
            throw new IllegalArgumentException("media op must be I, U or D, got " + op);
        }
    }

    /** The event type the synthetic workload uses for this op. */
    public String eventType() {
        return switch (op) {
            case "D" -> ArtifactFields.TYPE_MEDIA_DELETE;
            case "U" -> ArtifactFields.TYPE_MEDIA_META;
            default -> ArtifactFields.TYPE_MEDIA_MANIFEST;
        };
    }
}
