package io.rezilient.restore.service.health;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

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
    void aHungCheckTimesOutInsteadOfHangingTheProbe() {
        CountDownLatch never = new CountDownLatch(1);
        Readiness readiness = new Readiness(List.of(check("ok", () -> { }), check("hung", never::await)),
                Duration.ofMillis(200));
        long start = System.nanoTime();
        ReadinessReport report = readiness.check();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
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
