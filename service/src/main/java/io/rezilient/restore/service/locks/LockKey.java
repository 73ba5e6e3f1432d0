package io.rezilient.restore.service.locks;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One scope lock key (service-spec §5.2): a table of one source of one instance of one tenant. The source is part of
 * the key, so the same table on two sources of one instance does not conflict.
 */
public record LockKey(String tenantId, String instanceId, String source, String table) {
    public LockKey {
        requireNonBlank(tenantId, "tenantId");
        requireNonBlank(instanceId, "instanceId");
        requireNonBlank(source, "source");
        requireNonBlank(table, "table");
    }

    /** The key's wire form {@code tenant|instance|source|table}. */
    public String name() {
        return tenantId + "|" + instanceId + "|" + source + "|" + table;
    }

    /** The keys {@code job} asks for when it locks {@code tables} (normalised as {@link #normalizeTables}). */
    public static List<LockKey> of(JobRef job, Collection<String> tables) {
        Objects.requireNonNull(job, "job");
        return normalizeTables(tables).stream()
                .map(table -> new LockKey(job.tenantId(), job.instanceId(), job.source(), table))
                .toList();
    }

    /**
     * Lock scope tables in canonical form (§5.1): trimmed, blanks dropped, de-duplicated, sorted by {@link String}
     * order (the byte-wise order the database's {@code is_canonical_table_set} check expects for these names).
     *
     * @throws IllegalArgumentException when no table remains, or an element is null: a job must lock something
     */
    public static List<String> normalizeTables(Collection<String> tables) {
        Objects.requireNonNull(tables, "tables");
        TreeSet<String> normalized = new TreeSet<>();
        for (String table : tables) {
            if (table == null) {
                throw new IllegalArgumentException("lock scope tables must not contain null");
            }
            String trimmed = table.strip();
            if (!trimmed.isEmpty()) {
                normalized.add(trimmed);
            }
        }
        if (normalized.isEmpty()) {
            throw new IllegalArgumentException("lock scope tables must name at least one table");
        }
        return List.copyOf(normalized);
    }

    static void requireNonBlank(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
