package io.rezilient.restore.service.registry;

import io.rezilient.restore.testing.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static io.rezilient.restore.service.registry.Mappings.SCOPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The §2.5 cache with a clock the test moves. */
class CachedSourceRegistryTest {
    private static final Duration POSITIVE = Duration.ofSeconds(30);
    private static final Duration NEGATIVE = Duration.ofSeconds(5);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-02-16T12:00:00Z"));
    private final ScriptedRegistry upstream = new ScriptedRegistry();

    private SourceResolution resolve(CachedSourceRegistry cache) {
        return cache.resolve(SCOPE.tenantId(), SCOPE.instanceId(), "rrs");
    }

    @Test
    void aFoundMappingIsServedFromTheCacheWithinThePositiveTtlAndRefetchedAfter() {
        CachedSourceRegistry cache = new CachedSourceRegistry(upstream, POSITIVE, NEGATIVE, clock);
        SourceResolution found = Mappings.found(Mappings.active(SCOPE));
        upstream.answer(found).answer(found);

        assertThat(resolve(cache)).isEqualTo(found);
        clock.advance(Duration.ofSeconds(29));
        assertThat(resolve(cache)).isEqualTo(found);
        assertThat(upstream.calls).hasSize(1);
        assertThat(cache.size()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(2)); // 31 s after the first call
        assertThat(resolve(cache)).isEqualTo(found);
        assertThat(upstream.calls).hasSize(2);
    }

    @Test
    void notFoundIsCachedForTheNegativeTtlAndMayFlipToFoundAfterIt() {
        CachedSourceRegistry cache = new CachedSourceRegistry(upstream, POSITIVE, NEGATIVE, clock);
        SourceResolution found = Mappings.found(Mappings.active(SCOPE));
        upstream.answer(new SourceResolution.NotFound()).answer(found);

        assertThat(resolve(cache)).isInstanceOf(SourceResolution.NotFound.class);
        clock.advance(Duration.ofSeconds(4));
        assertThat(resolve(cache)).isInstanceOf(SourceResolution.NotFound.class);
        assertThat(upstream.calls).hasSize(1);

        clock.advance(Duration.ofSeconds(2)); // 6 s
        assertThat(resolve(cache)).isEqualTo(found);
        assertThat(upstream.calls).hasSize(2);
    }

    @Test
    void anOutageIsNeverCached() {
        CachedSourceRegistry cache = new CachedSourceRegistry(upstream, POSITIVE, NEGATIVE, clock);
        upstream.answer(SourceResolution.Outage.of("down")).answer(SourceResolution.Outage.of("still down"));

        assertThat(resolve(cache)).isEqualTo(SourceResolution.Outage.of("down"));
        assertThat(resolve(cache)).isEqualTo(SourceResolution.Outage.of("still down"));
        assertThat(upstream.calls).hasSize(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void aZeroTtlDisablesThatClassOnly() {
        CachedSourceRegistry noPositive = new CachedSourceRegistry(upstream, Duration.ZERO, NEGATIVE, clock);
        SourceResolution found = Mappings.found(Mappings.active(SCOPE));
        upstream.answer(found).answer(found);
        resolve(noPositive);
        resolve(noPositive);
        assertThat(upstream.calls).hasSize(2);

        CachedSourceRegistry noNegative = new CachedSourceRegistry(upstream, POSITIVE, Duration.ZERO, clock);
        upstream.answer(new SourceResolution.NotFound()).answer(new SourceResolution.NotFound()).answer(found);
        resolve(noNegative);
        resolve(noNegative);
        assertThat(upstream.calls).hasSize(4);
        resolve(noNegative);
        resolve(noNegative);
        assertThat(upstream.calls).as("found is still cached").hasSize(5);
    }

    @Test
    void entriesAreSeparatedByTenantInstanceAndServiceScope() {
        CachedSourceRegistry cache = new CachedSourceRegistry(upstream, POSITIVE, NEGATIVE, clock);
        for (int i = 0; i < 4; i++) {
            upstream.answer(Mappings.found(Mappings.active(SCOPE)));
        }

        cache.resolve("t", "i", "rrs");
        cache.resolve("t", "i", "reg");
        cache.resolve("t|i", "", "rrs"); // would collide with "t" / "i|" in a joined string key
        cache.resolve("t", "i|", "rrs");
        cache.resolve("t", "i", "rrs");

        assertThat(upstream.calls).containsExactly("t/i/rrs", "t/i/reg", "t|i//rrs", "t/i|/rrs");
        assertThat(cache.size()).isEqualTo(4);
    }

    @Test
    void aMissingServiceScopeMeansRrs() {
        CachedSourceRegistry cache = new CachedSourceRegistry(upstream, POSITIVE, NEGATIVE, clock);
        upstream.answer(Mappings.found(Mappings.active(SCOPE)));

        cache.resolve("t", "i", null);
        cache.resolve("t", "i", "rrs");

        assertThat(upstream.calls).containsExactly("t/i/rrs");
    }

    @Test
    void negativeTtlsAreRefused() {
        assertThatThrownBy(() -> new CachedSourceRegistry(upstream, Duration.ofSeconds(-1), NEGATIVE, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> new CachedSourceRegistry(upstream, POSITIVE, Duration.ofSeconds(-1), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }

    /** Answers in order and records who asked. */
    private static final class ScriptedRegistry implements SourceRegistry {
        final List<String> calls = new ArrayList<>();
        private final Deque<SourceResolution> answers = new ArrayDeque<>();

        ScriptedRegistry answer(SourceResolution resolution) {
            answers.add(resolution);
            return this;
        }

        @Override
        public SourceResolution resolve(String tenantId, String instanceId, String serviceScope) {
            calls.add(tenantId + "/" + instanceId + "/" + serviceScope);
            return answers.removeFirst();
        }
    }
}
