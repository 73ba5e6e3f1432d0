package io.rezilient.restore.service.evidence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.service.jobs.Job;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The evidence tables (V15): one package row per job, its artifact hashes, its artifacts' parts. */
final class EvidenceSql {
    private EvidenceSql() {
    }

    static Optional<StoredEvidence> findByJob(Connection connection, String jobId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT evidence_id, job_id, evidence_record, manifest_payload, manifest_sha256, generated_at,
                       report_hash_matches, artifact_hashes_match, signature_valid, verified_at,
                       storage_key_prefix, stored_at, storage_detail
                FROM rez_restore.evidence_packages WHERE job_id = ?""")) {
            statement.setString(1, jobId);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                String evidenceId = rows.getString("evidence_id");
                Verification verification = new Verification(rows.getBoolean("artifact_hashes_match"),
                        rows.getBoolean("report_hash_matches"), rows.getBoolean("signature_valid"),
                        instant(rows, "verified_at"));
                return Optional.of(new StoredEvidence(evidenceId, rows.getString("job_id"),
                        (ObjectNode) Json.parse(rows.getString("evidence_record")),
                        (ObjectNode) Json.parse(rows.getString("manifest_payload")), rows.getString("manifest_sha256"),
                        instant(rows, "generated_at"), verification, artifacts(connection, evidenceId),
                        Optional.ofNullable(rows.getString("storage_key_prefix")),
                        Optional.ofNullable(instant(rows, "stored_at")),
                        Optional.ofNullable(rows.getString("storage_detail"))));
            }
        }
    }

    static List<ArtifactHash> artifacts(Connection connection, String evidenceId) throws SQLException {
        List<ArtifactHash> artifacts = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT artifact_id, sha256, bytes FROM rez_restore.evidence_artifacts WHERE evidence_id = ?"
                        + " ORDER BY artifact_id")) {
            statement.setString(1, evidenceId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    artifacts.add(new ArtifactHash(rows.getString("artifact_id"), rows.getString("sha256"),
                            rows.getLong("bytes")));
                }
            }
        }
        return artifacts;
    }

    /** Inserts the package row and its artifact rows (the parts were written while the artifacts were hashed). */
    static void insert(Connection connection, Job job, EvidencePackage evidence, ImmutableStorage storage,
                       List<Integer> partCounts) throws SQLException {
        ObjectNode outcomes = (ObjectNode) evidence.evidence().path("execution_outcomes");
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO rez_restore.evidence_packages (evidence_id, job_id, tenant_id, instance_id, source,
                    plan_hash, report_hash, manifest_sha256, signature_algorithm, signer_key_id, generated_at,
                    evidence_record, manifest_payload, signature_verification, verification_reason_code,
                    report_hash_matches, artifact_hashes_match, signature_valid, verified_at, worm_enabled,
                    retention_class, rows_applied, rows_skipped, rows_failed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            int i = 0;
            insert.setString(++i, evidence.evidenceId());
            insert.setString(++i, job.jobId());
            insert.setString(++i, job.tenantId());
            insert.setString(++i, job.instanceId());
            insert.setString(++i, job.source());
            insert.setString(++i, evidence.evidence().path("plan_hash").asText());
            insert.setString(++i, evidence.reportHash());
            insert.setString(++i, evidence.manifestSha256());
            insert.setString(++i, evidence.evidence().path("manifest_signature").path("signature_algorithm").asText());
            insert.setString(++i, evidence.signerKeyId());
            insert.setTimestamp(++i, Timestamp.from(evidence.generatedAt()));
            insert.setString(++i, Json.write(evidence.evidence()));
            insert.setString(++i, Json.write(evidence.manifestPayload()));
            insert.setString(++i, evidence.verification().status());
            insert.setString(++i, evidence.verification().reasonCode());
            insert.setBoolean(++i, evidence.verification().reportHashMatches());
            insert.setBoolean(++i, evidence.verification().artifactHashesMatch());
            insert.setBoolean(++i, evidence.verification().signatureValid());
            insert.setTimestamp(++i, Timestamp.from(evidence.verification().verifiedAt()));
            insert.setBoolean(++i, storage.wormEnabled());
            insert.setString(++i, storage.retentionClass());
            insert.setLong(++i, outcomes.path("rows_applied").asLong());
            insert.setLong(++i, outcomes.path("rows_skipped").asLong());
            insert.setLong(++i, outcomes.path("rows_failed").asLong());
            insert.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO rez_restore.evidence_artifacts (evidence_id, artifact_id, sha256, bytes, parts)"
                        + " VALUES (?, ?, ?, ?, ?)")) {
            for (int a = 0; a < evidence.artifacts().size(); a++) {
                ArtifactHash hash = evidence.artifacts().get(a);
                insert.setString(1, evidence.evidenceId());
                insert.setString(2, hash.artifactId());
                insert.setString(3, hash.sha256());
                insert.setLong(4, hash.bytes());
                insert.setInt(5, partCounts.get(a));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * Copies an artifact's stored bytes to {@code out}, a part at a time (the connection must not autocommit);
     * false when the package has no such artifact.
     */
    static boolean copyArtifact(Connection connection, String evidenceId, String artifactId, OutputStream out)
            throws SQLException {
        if (artifacts(connection, evidenceId).stream().noneMatch(hash -> hash.artifactId().equals(artifactId))) {
            return false;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT content FROM rez_restore.evidence_artifact_parts WHERE evidence_id = ? AND artifact_id = ?"
                        + " ORDER BY part_no")) {
            statement.setString(1, evidenceId);
            statement.setString(2, artifactId);
            statement.setFetchSize(1);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    out.write(rows.getBytes(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing artifact " + artifactId + " failed", e);
        }
        return true;
    }

    /** Recomputes each artifact's hash entry from its stored parts. */
    static List<ArtifactHash> rehash(Connection connection, String evidenceId) throws SQLException {
        List<ArtifactHash> hashes = new ArrayList<>();
        for (ArtifactHash stored : artifacts(connection, evidenceId)) {
            ArtifactDigest digest = new ArtifactDigest(stored.artifactId(), bytes -> { });
            copyArtifact(connection, evidenceId, stored.artifactId(), new OutputStream() {
                @Override
                public void write(int b) {
                    digest.acceptBytes(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    digest.acceptBytes(bytes, offset, length);
                }
            });
            hashes.add(digest.finish());
        }
        return hashes;
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        Timestamp timestamp = rows.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
