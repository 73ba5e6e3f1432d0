package io.rezilient.restore.service.jobs;

import io.rezilient.restore.contracts.restore.JobStatus;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The allowed-transition table (service-spec §5.3) that guards every job state change. */
class JobTransitionTest {
    private static Set<JobTransition> from(JobStatus status) {
        return Arrays.stream(JobTransition.values()).filter(t -> t.from().contains(status))
                .collect(Collectors.toSet());
    }

    @Test
    void terminalJobsHaveNoWayOutAndEveryOtherJobCanEnd() {
        for (JobStatus status : JobStatus.values()) {
            if (status.isTerminal()) {
                assertThat(from(status)).as("out of %s", status).isEmpty();
            } else {
                assertThat(from(status)).as("out of %s", status).contains(JobTransition.END);
            }
        }
        assertThat(JobTransition.END.to()).allMatch(JobStatus::isTerminal)
                .isEqualTo(EnumSet.of(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED));
    }

    @Test
    void aJobIsCreatedRunningOrQueuedAndOnlyAQueuedJobStartsOrChangesWhatItWaitsFor() {
        assertThat(JobTransition.ADMIT.from()).isEmpty();
        assertThat(JobTransition.ADMIT.to()).containsExactlyInAnyOrder(JobStatus.RUNNING, JobStatus.QUEUED);
        assertThat(JobTransition.START.from()).containsExactly(JobStatus.QUEUED);
        assertThat(JobTransition.START.to()).containsExactly(JobStatus.RUNNING);
        assertThat(JobTransition.WAIT.from()).containsExactly(JobStatus.QUEUED);
        assertThat(JobTransition.WAIT.to()).containsExactly(JobStatus.QUEUED);
        assertThat(JobTransition.REQUEUE.from()).containsExactlyInAnyOrder(JobStatus.RUNNING, JobStatus.PAUSED);
        // only a running execution pauses, and only a paused one resumes
        assertThat(Arrays.stream(JobTransition.values()).filter(t -> t.to().contains(JobStatus.PAUSED)))
                .containsExactly(JobTransition.PAUSE);
        assertThat(JobTransition.PAUSE.from()).containsExactly(JobStatus.RUNNING);
        assertThat(JobTransition.RESUME.from()).containsExactly(JobStatus.PAUSED);
        assertThat(JobTransition.RESUME.to()).containsExactly(JobStatus.RUNNING);
    }

    @Test
    void theGuardOfAStatementIsItsTransitionsFromStatusesAndATargetOutsideTheTableIsRefused() {
        assertThat(JobTransition.END.fromWire()).containsExactly("paused", "queued", "running");
        assertThat(JobTransition.START.fromWire()).containsExactly("queued");

        assertThatThrownBy(() -> JobTransition.END.requireTarget(JobStatus.RUNNING))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not running");
        assertThatThrownBy(() -> JobTransition.ADMIT.requireTarget(JobStatus.PAUSED))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
