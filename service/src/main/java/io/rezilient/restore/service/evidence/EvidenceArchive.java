package io.rezilient.restore.service.evidence;

import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.ObjectStream;
import io.rezilient.restore.service.jobs.JobStoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Copies evidence packages to the object store under {@code evidence/<tenant>/<job>/<evidence_id>/}, as the same
 * files {@code rez evidence get} writes ({@code artifacts/<artifact_id>} first, {@code evidence.json} last), so the
 * copy is itself a package {@code rez evidence verify} accepts. Every object is created, never replaced: an object
 * already there with the same bytes counts as written (a retry after a lost answer), one with other bytes is left
 * alone and reported. The database row records when the whole copy exists; until then the package is pending and
 * {@link #storePending} tries again (after a crash too). Nothing here ever deletes an evidence object.
 */
public final class EvidenceArchive {
    private static final Logger LOG = LoggerFactory.getLogger(EvidenceArchive.class);
    private static final String JSON = "application/json";

    private final DataSource dataSource;
    private final ObjectStore store;
    private final EvidenceStorage storage;
    private final Clock clock;

    public EvidenceArchive(DataSource dataSource, ObjectStore store, EvidenceStorage storage, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.store = Objects.requireNonNull(store, "store");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A package whose object-store copy does not exist (yet). */
    private record Pending(String evidenceId, String jobId, String tenantId) {
    }

    /** The key prefix of a package's objects. */
    static String prefix(String tenantId, String jobId, String evidenceId) {
        return "evidence/" + segment(tenantId) + "/" + segment(jobId) + "/" + evidenceId + "/";
    }

    /**
     * Copies one package; returns false (logged) when the copy could not be completed now.
     */
    public boolean store(String evidenceId) {
        try {
            Optional<Pending> pending = pending(evidenceId);
            if (pending.isEmpty()) {
                return true;
            }
            copy(pending.get());
            return true;
        } catch (RuntimeException failed) {
            LOG.atWarn().setMessage("evidence not copied to the object store; it stays pending")
                    .addKeyValue("evidence_id", evidenceId).addKeyValue("store", store.describe())
                    .addKeyValue("error_message", failed.getMessage()).log();
            return false;
        }
    }

    /** Copies up to {@code max} pending packages, oldest first; returns how many were completed. */
    public int storePending(int max) {
        int stored = 0;
        for (Pending pending : pendingPackages(max)) {
            if (store(pending.evidenceId())) {
                stored++;
            }
        }
        return stored;
    }

    private void copy(Pending pending) {
        String prefix = prefix(pending.tenantId(), pending.jobId(), pending.evidenceId());
        Instant now = clock.instant();
        StoredEvidence stored = read(connection -> EvidenceSql.findByJob(connection, pending.jobId()).orElseThrow());
        for (ArtifactHash artifact : stored.artifacts()) {
            createOnce(prefix + PackageFiles.ARTIFACT_DIR + "/" + artifact.artifactId(),
                    () -> new ArtifactPartsStream(dataSource, pending.evidenceId(), artifact.artifactId()),
                    artifact.bytes(), artifact.sha256(), now);
        }
        byte[] recordBytes = recordFile(stored);
        createOnce(prefix + PackageFiles.RECORD_FILE, () -> new ByteArrayInputStream(recordBytes), recordBytes.length,
                sha256(recordBytes), now);
        int updated = update("""
                UPDATE rez_restore.evidence_packages SET storage_key_prefix = ?, stored_at = ?, storage_detail = ?
                WHERE evidence_id = ? AND stored_at IS NULL""", prefix, now, storage.describe(now),
                pending.evidenceId());
        LOG.atInfo().setMessage("evidence copied to the object store").addKeyValue("evidence_id", pending.evidenceId())
                .addKeyValue("key_prefix", prefix).addKeyValue("store", store.describe())
                .addKeyValue("immutability", storage.describe(now)).addKeyValue("recorded", updated == 1).log();
    }

    private void createOnce(String key, io.rezilient.restore.objectstore.ContentSource content, long length,
                            String sha256, Instant now) {
        if (store.create(key, content, length, JSON, storage.retainUntil(now))) {
            return;
        }
        String existing = storedSha256(key);
        if (!existing.equals(sha256)) {
            throw new IllegalStateException("an object with other content already exists at " + key
                    + " in " + store.describe() + " (sha256 " + existing + ", expected " + sha256
                    + "); it is left as it is");
        }
    }

    private String storedSha256(String key) {
        Optional<ObjectStream> opened = store.open(key);
        if (opened.isEmpty()) {
            throw new IllegalStateException("the store refused to create " + key + " but holds no such object");
        }
        try (ObjectStream object = opened.get()) {
            InputStream in = object.body();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + key + " back failed", e);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private Optional<Pending> pending(String evidenceId) {
        return read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT evidence_id, job_id, tenant_id FROM rez_restore.evidence_packages
                    WHERE evidence_id = ? AND stored_at IS NULL""")) {
                statement.setString(1, evidenceId);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? Optional.of(new Pending(rows.getString(1), rows.getString(2),
                            rows.getString(3))) : Optional.<Pending>empty();
                }
            }
        });
    }

    private List<Pending> pendingPackages(int max) {
        return read(connection -> {
            List<Pending> pending = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT evidence_id, job_id, tenant_id FROM rez_restore.evidence_packages
                    WHERE stored_at IS NULL ORDER BY generated_at, evidence_id LIMIT ?""")) {
                statement.setInt(1, max);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        pending.add(new Pending(rows.getString(1), rows.getString(2), rows.getString(3)));
                    }
                }
            }
            return pending;
        });
    }

    @FunctionalInterface
    private interface Read<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T read(Read<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new JobStoreUnavailableException("read evidence packages: " + e.getMessage(), e);
        }
    }

    private int update(String sql, String prefix, Instant at, String detail, String evidenceId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, prefix);
            statement.setTimestamp(2, Timestamp.from(at));
            statement.setString(3, detail);
            statement.setString(4, evidenceId);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new JobStoreUnavailableException("record the evidence copy: " + e.getMessage(), e);
        }
    }

    private static String segment(String id) {
        // ids may hold '/', ':' or spaces; one encoded segment each keeps a package under exactly one prefix
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** {@code evidence.json} of the copy: the package record, as {@code rez evidence get} writes it. */
    private static byte[] recordFile(StoredEvidence stored) {
        try {
            return (Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(stored.packageRecord()) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
            throw new IllegalStateException("a JSON tree always serialises", impossible);
        }
    }
}
