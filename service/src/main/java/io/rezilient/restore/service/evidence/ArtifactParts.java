package io.rezilient.restore.service.evidence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes an artifact's bytes as consecutive {@code evidence_artifact_parts} rows of {@value #PART_BYTES} bytes (the
 * last one shorter), as they are produced, so no artifact is ever held whole.
 */
final class ArtifactParts implements Consumer<byte[]> {
    static final int PART_BYTES = 1024 * 1024;

    private final Connection connection;
    private final String evidenceId;
    private final String artifactId;
    private final byte[] buffer = new byte[PART_BYTES];
    private int filled;
    private int parts;

    ArtifactParts(Connection connection, String evidenceId, String artifactId) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.evidenceId = Objects.requireNonNull(evidenceId, "evidenceId");
        this.artifactId = Objects.requireNonNull(artifactId, "artifactId");
    }

    @Override
    public void accept(byte[] bytes) {
        int offset = 0;
        while (offset < bytes.length) {
            int take = Math.min(bytes.length - offset, PART_BYTES - filled);
            System.arraycopy(bytes, offset, buffer, filled, take);
            filled += take;
            offset += take;
            if (filled == PART_BYTES) {
                flush();
            }
        }
    }

    /** Writes what is left; returns how many parts the artifact has. */
    int finish() {
        flush();
        return parts;
    }

    private void flush() {
        if (filled == 0) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO rez_restore.evidence_artifact_parts (evidence_id, artifact_id, part_no, content)"
                        + " VALUES (?, ?, ?, ?)")) {
            insert.setString(1, evidenceId);
            insert.setString(2, artifactId);
            insert.setInt(3, parts);
            insert.setBytes(4, filled == PART_BYTES ? buffer : java.util.Arrays.copyOf(buffer, filled));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new EvidenceStoreException("write part " + parts + " of artifact " + artifactId + ": "
                    + e.getMessage(), e);
        }
        parts++;
        filled = 0;
    }
}
