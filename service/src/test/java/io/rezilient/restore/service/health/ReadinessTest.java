package io.rezilient.restore.service.health;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ReadinessTest {
    private static ReadinessCheck check(String name, ThrowingProbe probe) {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void probe() throws Exception {
                probe.run();
            }
        };
    }

    private interface ThrowingProbe {
        void run() throws Exception;
    }

    @Test
    void aHungCheckTimesOutInsteadOfHangingTheProbe() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Readiness readiness = new Readiness(List.of(check("ok", () -> { }), check("hung", () -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        })), Duration.ofMillis(200));

        ReadinessReport report = readiness.check();

        // check() returned although the probe never ends by itself, and the probe was interrupted, not left running
        assertThat(interrupted.await(30, TimeUnit.SECONDS)).as("the hung probe was interrupted").isTrue();
        assertThat(report.ready()).isFalse();
        assertThat(report.checks()).extracting(CheckResult::name, CheckResult::ok, CheckResult::reasonCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ok", true, null),
                        org.assertj.core.groups.Tuple.tuple("hung", false, ReadinessCheck.TIMED_OUT));
    }

    @Test
    void aFailingCheckReportsAStableReasonCodeNotItsMessage() {
        ReadinessReport report = new Readiness(List.of(check("db", () -> {
            throw new IllegalStateException("FATAL: password authentication failed for user \"rez\"");
        }), check("schema", () -> {
            throw new ReadinessCheck.Failure(ReadinessCheck.SCHEMA_NOT_CURRENT, "schema at V7, build needs V8");
        })), Duration.ofSeconds(1)).check();
        assertThat(report.ready()).isFalse();
        assertThat(report.checks()).extracting(CheckResult::reasonCode)
                .containsExactly(ReadinessCheck.UNAVAILABLE, ReadinessCheck.SCHEMA_NOT_CURRENT);
        assertThat(report.toString()).doesNotContain("password", "V7");
    }
}
