package io.rezilient.restore.service.evidence;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Whether a job's evidence package exists: what journal retention asks before it prunes before-images ("Journal
 * Retention Governance": prune only once the required evidence exports are complete).
 */
public final class EvidenceExports implements Predicate<String> {
    private final DataSource dataSource;

    public EvidenceExports(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** @throws EvidenceStoreException when the evidence table cannot be read (nothing is pruned then) */
    @Override
    public boolean test(String jobId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT 1 FROM rez_restore.evidence_packages WHERE job_id = ?")) {
            statement.setString(1, jobId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new EvidenceStoreException("read evidence packages: " + e.getMessage(), e);
        }
    }
}
