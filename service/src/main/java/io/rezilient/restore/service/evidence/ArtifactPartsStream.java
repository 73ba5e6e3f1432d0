package io.rezilient.restore.service.evidence;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

/**
 * An artifact's stored bytes as a stream, reading one part (at most 1 MiB) at a time, each with a short query of
 * its own: an upload of a large artifact holds one part in memory and no connection between reads.
 */
final class ArtifactPartsStream extends InputStream {
    private final DataSource dataSource;
    private final String evidenceId;
    private final String artifactId;
    private byte[] part = new byte[0];
    private int offset;
    private int nextPart;
    private boolean ended;

    ArtifactPartsStream(DataSource dataSource, String evidenceId, String artifactId) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.evidenceId = Objects.requireNonNull(evidenceId, "evidenceId");
        this.artifactId = Objects.requireNonNull(artifactId, "artifactId");
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int off, int length) throws IOException {
        Objects.checkFromIndexSize(off, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        while (offset == part.length) {
            if (ended || !fetchNext()) {
                ended = true;
                return -1;
            }
        }
        int take = Math.min(length, part.length - offset);
        System.arraycopy(part, offset, buffer, off, take);
        offset += take;
        return take;
    }

    private boolean fetchNext() throws IOException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT content FROM"
                     + " rez_restore.evidence_artifact_parts WHERE evidence_id = ? AND artifact_id = ? AND part_no = ?")) {
            statement.setString(1, evidenceId);
            statement.setString(2, artifactId);
            statement.setInt(3, nextPart);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return false;
                }
                part = rows.getBytes(1);
                offset = 0;
                nextPart++;
                return true;
            }
        } catch (SQLException e) {
            throw new IOException("reading part " + nextPart + " of evidence artifact " + artifactId + " failed: "
                    + e.getMessage(), e);
        }
    }
}
