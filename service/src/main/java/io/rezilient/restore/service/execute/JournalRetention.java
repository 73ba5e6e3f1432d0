package io.rezilient.restore.service.execute;

import io.rezilient.restore.service.jobs.JobStoreUnavailableException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Rollback-journal retention ("Journal Retention Governance"): how big each job's journal is, and pruning the
 * encrypted before-images of journals past their retention window — only for jobs whose evidence is exported, and
 * always keeping the linkage (journal ids, plan row ids, chunk ids, attempts, mirror records) that evidence and
 * audit refer to. A pruned entry keeps its row with {@code pruned_at} set and no before-image.
 */
public final class JournalRetention {
    private final DataSource dataSource;
    private final Predicate<String> evidenceExported;

    /**
     * @param evidenceExported whether a job's evidence package has been exported; a job without one keeps its whole
     *                         journal, whatever its age
     */
    public JournalRetention(DataSource dataSource, Predicate<String> evidenceExported) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.evidenceExported = Objects.requireNonNull(evidenceExported, "evidenceExported");
    }

    /** One job's journal: entries, ciphertext bytes still held, entries already pruned, the newest entry's time. */
    public record JobJournal(String jobId, String tenantId, String instanceId, String source, long entries,
                             long beforeImageBytes, long pruned, Instant newest) {
    }

    /** What a prune found for one job, and whether (and why not) it is prunable. */
    public record Decision(JobJournal journal, boolean prunable, String reason) {
    }

    /** Every job with a journal, oldest newest-entry first. */
    public List<JobJournal> journals() {
        List<JobJournal> journals = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT j.job_id, e.tenant_id, e.instance_id, e.source, count(*) AS entries,
                            coalesce(sum(octet_length(j.before_image_enc::text)), 0) AS bytes,
                            count(*) FILTER (WHERE j.pruned_at IS NOT NULL) AS pruned,
                            max(j.executed_at) AS newest
                     FROM rez_restore.rollback_journal j
                     JOIN rez_restore.executions e ON e.job_id = j.job_id
                     GROUP BY j.job_id, e.tenant_id, e.instance_id, e.source
                     ORDER BY max(j.executed_at), j.job_id""");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                journals.add(new JobJournal(rows.getString("job_id"), rows.getString("tenant_id"),
                        rows.getString("instance_id"), rows.getString("source"), rows.getLong("entries"),
                        rows.getLong("bytes"), rows.getLong("pruned"), rows.getTimestamp("newest").toInstant()));
            }
        } catch (SQLException e) {
            throw new JobStoreUnavailableException("read rollback journals: " + e.getMessage(), e);
        }
        return journals;
    }

    /** For every journal: prunable when its newest entry is older than {@code cutoff} and its evidence exported. */
    public List<Decision> decide(Instant cutoff) {
        List<Decision> decisions = new ArrayList<>();
        for (JobJournal journal : journals()) {
            if (journal.pruned() == journal.entries()) {
                decisions.add(new Decision(journal, false, "already pruned"));
            } else if (!journal.newest().isBefore(cutoff)) {
                decisions.add(new Decision(journal, false, "within the retention window"));
            } else if (!evidenceExported.test(journal.jobId())) {
                decisions.add(new Decision(journal, false, "evidence not exported"));
            } else {
                decisions.add(new Decision(journal, true, "past the retention window, evidence exported"));
            }
        }
        return decisions;
    }

    /**
     * Prunes the before-images of the prunable journals (one transaction per job) and returns the entries pruned.
     */
    public long prune(Instant cutoff, Instant now) {
        long pruned = 0;
        for (Decision decision : decide(cutoff)) {
            if (!decision.prunable()) {
                continue;
            }
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement statement = connection.prepareStatement("""
                         UPDATE rez_restore.rollback_journal SET before_image_enc = NULL, pruned_at = ?
                         WHERE job_id = ? AND pruned_at IS NULL AND executed_at < ?""")) {
                statement.setObject(1, ExecutionSql.at(now));
                statement.setString(2, decision.journal().jobId());
                statement.setObject(3, ExecutionSql.at(cutoff));
                pruned += statement.executeUpdate();
            } catch (SQLException e) {
                throw new JobStoreUnavailableException("prune rollback journal of " + decision.journal().jobId()
                        + ": " + e.getMessage(), e);
            }
        }
        return pruned;
    }
}
