package io.rezilient.restore.service.locks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * The lock state of one (tenant, instance, source) — who holds which table, who waits in FIFO order — and the one
 * place the head-of-line fairness rule (deviation S25) is written down:
 *
 * <blockquote>A waiting job is blocked by every other job holding one of its tables and by every job waiting ahead
 * of it for one of its tables. It may start exactly when nothing blocks it.</blockquote>
 *
 * The lock manager reads a scope's rows into this to admit a job, to promote after a release and to explain a wait;
 * the queue reconciler builds one from the jobs it keeps holding and the jobs it puts back in line, to decide its
 * rebuild. Pure: no I/O, so every caller applies the same rule to whatever state it has.
 *
 * <p>A job whose start was withheld (the source-mapping check refused, S14) stays a waiter and keeps blocking the
 * jobs behind it: they are of the same (tenant, instance, source), so the same check refuses them too, and no other
 * scope ever waits for this one.
 */
public final class ScopeQueue {
    /**
     * A job waiting for tables, as its rows say.
     *
     * @param tables     canonical (see {@link LockKey#normalizeTables}), non-empty
     * @param waitReason the job's stored {@code status_reason_code}: {@code queued_scope_lock}, or the reason its
     *                   start was withheld
     */
    public record Waiter(String jobId, List<String> tables, String waitReason) {
        public Waiter {
            LockKey.requireNonBlank(jobId, "jobId");
            tables = List.copyOf(tables);
            if (tables.isEmpty()) {
                throw new IllegalArgumentException("waiter " + jobId + " waits for no table");
            }
            Objects.requireNonNull(waitReason, "waitReason");
        }
    }

    private static final ScopeQueue EMPTY = new ScopeQueue(Map.of(), List.of());

    private final Map<String, String> holderByTable;
    private final List<Waiter> fifo;
    private final Map<String, Integer> indexById = new LinkedHashMap<>();

    /**
     * @param holderByTable the held tables and the job holding each
     * @param fifo          the waiting jobs, oldest first; no job twice
     */
    public ScopeQueue(Map<String, String> holderByTable, List<Waiter> fifo) {
        this.holderByTable = Map.copyOf(holderByTable);
        this.fifo = List.copyOf(fifo);
        for (int i = 0; i < this.fifo.size(); i++) {
            if (indexById.put(this.fifo.get(i).jobId(), i) != null) {
                throw new IllegalArgumentException("job " + this.fifo.get(i).jobId() + " waits twice");
            }
        }
    }

    public static ScopeQueue empty() {
        return EMPTY;
    }

    /** The waiting jobs, oldest first. */
    public List<Waiter> waiters() {
        return fifo;
    }

    /** The held tables and their holders. */
    public Map<String, String> holders() {
        return holderByTable;
    }

    public Optional<Waiter> waiter(String jobId) {
        Integer index = indexById.get(jobId);
        return index == null ? Optional.empty() : Optional.of(fifo.get(index));
    }

    /** Whether the job holds a table or waits. */
    public boolean involves(String jobId) {
        return indexById.containsKey(jobId) || holderByTable.containsValue(jobId);
    }

    /**
     * The waiters nothing blocks, oldest first: the jobs that may start now. One pass suffices, because a younger
     * job never frees a table for an older one (what an older waiter wants blocks every younger waiter whether the
     * older one starts or keeps waiting); this is {@link #blockers} being empty, computed without listing blockers.
     */
    public List<Waiter> startable() {
        Set<String> unavailable = new HashSet<>(holderByTable.keySet());
        List<Waiter> startable = new ArrayList<>();
        for (Waiter waiter : fifo) {
            if (Collections.disjoint(waiter.tables(), unavailable)) {
                startable.add(waiter);
            }
            unavailable.addAll(waiter.tables());
        }
        return startable;
    }

    /** The waiter's 1-based place in the FIFO; empty when the job does not wait. */
    public OptionalInt position(String jobId) {
        Integer index = indexById.get(jobId);
        return index == null ? OptionalInt.empty() : OptionalInt.of(index + 1);
    }

    /**
     * What blocks the waiter: its tables held by another job or wanted by a job ahead of it, and those jobs (both
     * sorted). {@link Blockers#none()} when the job does not wait, or nothing blocks it.
     */
    public Blockers blockers(String jobId) {
        Integer index = indexById.get(jobId);
        return index == null ? Blockers.none() : blockersAt(fifo.get(index).tables(), index, jobId);
    }

    /** What would block a job asking now for {@code tables} (canonical): it would wait behind every waiter. */
    public Blockers blockersOfNewcomer(List<String> tables) {
        return blockersAt(tables, fifo.size(), null);
    }

    /** The rule itself: what blocks a job wanting {@code tables} at FIFO index {@code index} (never {@code self}). */
    private Blockers blockersAt(List<String> tables, int index, String self) {
        TreeSet<String> blockedTables = new TreeSet<>();
        TreeSet<String> jobs = new TreeSet<>();
        for (String table : tables) {
            String holder = holderByTable.get(table);
            if (holder != null && !holder.equals(self)) {
                blockedTables.add(table);
                jobs.add(holder);
            }
        }
        for (Waiter ahead : fifo.subList(0, index)) {
            for (String table : ahead.tables()) {
                if (tables.contains(table)) {
                    blockedTables.add(table);
                    jobs.add(ahead.jobId());
                }
            }
        }
        return new Blockers(List.copyOf(blockedTables), List.copyOf(jobs));
    }

    /** This queue with {@code newcomer} waiting last (it asked after everyone in it). */
    public ScopeQueue withNewcomer(Waiter newcomer) {
        List<Waiter> longer = new ArrayList<>(fifo);
        longer.add(newcomer);
        return new ScopeQueue(holderByTable, longer);
    }

    /** This queue once {@code started} (waiters of it) hold their tables and no longer wait. */
    public ScopeQueue afterStarting(List<Waiter> started) {
        if (started.isEmpty()) {
            return this;
        }
        Map<String, String> holders = new LinkedHashMap<>(holderByTable);
        Set<String> ids = new HashSet<>();
        for (Waiter waiter : started) {
            if (!indexById.containsKey(waiter.jobId())) {
                throw new IllegalArgumentException("job " + waiter.jobId() + " does not wait here");
            }
            ids.add(waiter.jobId());
            waiter.tables().forEach(table -> {
                if (holders.putIfAbsent(table, waiter.jobId()) != null) {
                    throw new IllegalArgumentException("job " + waiter.jobId() + " cannot start: " + table
                            + " is held");
                }
            });
        }
        return new ScopeQueue(holders, fifo.stream().filter(waiter -> !ids.contains(waiter.jobId())).toList());
    }
}
