package io.rezilient.restore.service.jobs;

import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.service.locks.ScopeQueue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a lock change of a scope makes of its waiters, given the {@link StartPermission} (deviation S14): the waiters
 * the fairness rule lets start ({@link ScopeQueue#startable()}) start when the permission allows it and are withheld
 * with its reason otherwise; a waiter still marked withheld that the rule now blocks waits for keys again. Used by
 * every promotion — after a release, at a creation, in a reconcile — so they all decide alike.
 *
 * @param start        the waiters to start, in FIFO order
 * @param withhold     waiters to mark withheld with the permission's reason (those not marked so already)
 * @param waitForLocks waiters marked withheld that are blocked now, back to {@code queued_scope_lock}
 */
public record StartDecision(StartPermission permission, List<ScopeQueue.Waiter> start, List<String> withhold,
                            List<String> waitForLocks) {
    private static final String QUEUED_SCOPE_LOCK = ReasonCode.QUEUED_SCOPE_LOCK.wire();

    public StartDecision {
        Objects.requireNonNull(permission, "permission");
        start = List.copyOf(start);
        withhold = List.copyOf(withhold);
        waitForLocks = List.copyOf(waitForLocks);
    }

    public static StartDecision of(ScopeQueue queue, StartPermission permission) {
        List<ScopeQueue.Waiter> startable = queue.startable();
        Set<String> startableIds = new HashSet<>();
        startable.forEach(waiter -> startableIds.add(waiter.jobId()));
        List<String> withhold = new ArrayList<>();
        if (permission instanceof StartPermission.Withheld withheld) {
            startable.stream().filter(waiter -> !waiter.waitReason().equals(withheld.reasonCode()))
                    .forEach(waiter -> withhold.add(waiter.jobId()));
        }
        List<String> waitForLocks = queue.waiters().stream()
                .filter(waiter -> !startableIds.contains(waiter.jobId()))
                .filter(waiter -> !waiter.waitReason().equals(QUEUED_SCOPE_LOCK))
                .map(ScopeQueue.Waiter::jobId).toList();
        boolean allowed = permission instanceof StartPermission.Allowed;
        return new StartDecision(permission, allowed ? startable : List.of(), withhold, waitForLocks);
    }

    public List<String> startIds() {
        return start.stream().map(ScopeQueue.Waiter::jobId).toList();
    }

    /** The wait reason a waiter that does not start has after this decision. */
    public String reasonAfter(ScopeQueue.Waiter waiter) {
        if (withhold.contains(waiter.jobId())) {
            return ((StartPermission.Withheld) permission).reasonCode();
        }
        return waitForLocks.contains(waiter.jobId()) ? QUEUED_SCOPE_LOCK : waiter.waitReason();
    }
}
