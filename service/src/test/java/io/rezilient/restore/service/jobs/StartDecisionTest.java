package io.rezilient.restore.service.jobs;

import io.rezilient.restore.service.locks.ScopeQueue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a promotion makes of a scope's waiters under the source-mapping check (deviation S14, S44). */
class StartDecisionTest {
    private static final String LOCK = "queued_scope_lock";
    private static final String UNMAPPED = "blocked_unknown_source_mapping";
    private static final String OUTAGE = "blocked_auth_control_plane_outage";

    /** holder on t1; a (t2) may start, b (t1) waits for the holder, c (t3) may start, d (t2) waits behind a. */
    private static ScopeQueue queue(String aReason, String bReason) {
        return new ScopeQueue(Map.of("t1", "holder"), List.of(
                new ScopeQueue.Waiter("a", List.of("t2"), aReason),
                new ScopeQueue.Waiter("b", List.of("t1"), bReason),
                new ScopeQueue.Waiter("c", List.of("t3"), LOCK),
                new ScopeQueue.Waiter("d", List.of("t2"), LOCK)));
    }

    @Test
    void allowedStartsWhatTheRuleLetsStartAndAWithheldJobNowBlockedWaitsForKeysAgain() {
        StartDecision decision = StartDecision.of(queue(UNMAPPED, UNMAPPED), StartPermission.allowed());

        assertThat(decision.startIds()).containsExactly("a", "c");
        assertThat(decision.withhold()).isEmpty();
        assertThat(decision.waitForLocks()).containsExactly("b");
        assertThat(decision.reasonAfter(queue(UNMAPPED, UNMAPPED).waiters().get(1))).isEqualTo(LOCK);
    }

    @Test
    void withheldStartsNothingAndMarksOnlyTheStartableJobsNotAlreadyMarkedWithThatReason() {
        StartPermission.Withheld suspended = new StartPermission.Withheld(UNMAPPED, "source mapping is not active");
        ScopeQueue queue = queue(UNMAPPED, LOCK);

        StartDecision decision = StartDecision.of(queue, suspended);

        assertThat(decision.start()).isEmpty();
        // a already carries the reason; c is marked; b and d wait for keys as they did
        assertThat(decision.withhold()).containsExactly("c");
        assertThat(decision.waitForLocks()).isEmpty();
        assertThat(queue.waiters()).extracting(decision::reasonAfter).containsExactly(UNMAPPED, LOCK, UNMAPPED, LOCK);
    }

    @Test
    void anOutageAfterARefusalChangesTheReasonOfTheWithheldJobs() {
        StartDecision decision = StartDecision.of(queue(UNMAPPED, LOCK),
                new StartPermission.Withheld(OUTAGE, "the source registry could not be reached"));

        assertThat(decision.withhold()).containsExactly("a", "c");
    }

    @Test
    void onlyTheCheckOwnRefusalCodesCanWithholdAStart() {
        assertThatThrownBy(() -> new StartPermission.Withheld(LOCK, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StartPermission.Withheld("paused_entitlement_disabled", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
