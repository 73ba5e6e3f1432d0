package io.rezilient.restore.indexer.store;

import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import io.rezilient.restore.indexer.groups.PartitionGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Poison artifacts: recorded with backoff, listed, retried, resolved — as the operator commands use them. */
class QuarantineStoreIT {
    private static final QuarantineBackoff BACKOFF = new QuarantineBackoff(Duration.ofSeconds(10),
            Duration.ofSeconds(35), 5);
    private static TestDatabase db;
    private static QuarantineStore quarantine;

    private String scope;
    private String tenant;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.createMigrated("QuarantineStoreIT");
        quarantine = new QuarantineStore(db.dataSource(), BACKOFF);
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @BeforeEach
    void newScope() {
        scope = "scope-" + UUID.randomUUID();
        tenant = Events.newTenant();
    }

    private QuarantineIncident badArtifact(String manifestKey, String reason) {
        return QuarantineIncident.inPartition(scope, manifestKey, manifestKey.replace(".manifest.", ".artifact."),
                Events.partitionOf(tenant, 3), "artifact_invalid", reason);
    }

    @Test
    void aFirstFailureIsAttemptOneDueAfterTheBaseDelay() {
        QuarantinedArtifact recorded = quarantine.record(badArtifact("k/001.manifest.json", "unknown key"));

        assertThat(recorded.attempts()).isEqualTo(1);
        assertThat(recorded.open()).isTrue();
        assertThat(recorded.firstSeenAt()).isEqualTo(recorded.lastSeenAt());
        assertThat(Duration.between(recorded.lastSeenAt(), recorded.nextAttemptAt())).isEqualTo(Duration.ofSeconds(10));
        assertThat(recorded.partitionKey()).contains(Events.partitionOf(tenant, 3));
        assertThat(recorded.artifactKey()).isEqualTo("k/001.artifact.json");
        assertThat(quarantine.dueForRetry(scope, 10)).as("not due yet").isEmpty();
    }

    @Test
    void repeatedFailuresBackOffExponentiallyUpToTheCapThenStopRetrying() {
        String key = "k/002.manifest.json";
        QuarantinedArtifact first = quarantine.record(badArtifact(key, "attempt 1"));
        QuarantinedArtifact last = first;
        for (long expectedSeconds : new long[] {20, 35, 35}) {
            last = quarantine.record(badArtifact(key, "attempt " + (last.attempts() + 1)));
            assertThat(Duration.between(last.lastSeenAt(), last.nextAttemptAt()))
                    .as("delay after attempt %d", last.attempts()).isEqualTo(Duration.ofSeconds(expectedSeconds));
        }

        QuarantinedArtifact exhausted = quarantine.record(badArtifact(key, "attempt 5"));

        assertThat(exhausted.attempts()).isEqualTo(5);
        assertThat(exhausted.nextAttemptAt()).as("no automatic retry after max attempts").isNull();
        assertThat(exhausted.open()).isTrue();
        assertThat(exhausted.firstSeenAt()).isEqualTo(first.firstSeenAt());
        assertThat(exhausted.lastSeenAt()).isAfter(first.lastSeenAt());
        assertThat(exhausted.reason()).isEqualTo("attempt 5");
    }

    @Test
    void anOperatorRetryMakesAnArtifactDueNowEvenAfterRetriesRanOut() {
        QuarantineStore once = new QuarantineStore(db.dataSource(), new QuarantineBackoff(Duration.ofSeconds(10),
                Duration.ofSeconds(10), 1));
        assertThat(once.record(badArtifact("k/003.manifest.json", "bad")).nextAttemptAt()).isNull();
        quarantine.record(badArtifact("k/004.manifest.json", "bad"));

        assertThat(quarantine.retry(scope, "k/003.manifest.json")).isTrue();

        assertThat(quarantine.dueForRetry(scope, 10)).extracting(QuarantinedArtifact::manifestKey)
                .containsExactly("k/003.manifest.json");
        assertThat(quarantine.retry(scope, "k/unknown.manifest.json")).isFalse();
    }

    @Test
    void theScopesIdReachesTheQuarantineOfItsPartitionGroupsAndAGroupOnlyItsOwn() {
        String group = new PartitionGroup(1, 4).scopeIdOf(scope);
        String sibling = new PartitionGroup(2, 4).scopeIdOf(scope);
        QuarantineStore once = new QuarantineStore(db.dataSource(), new QuarantineBackoff(Duration.ofSeconds(10),
                Duration.ofSeconds(10), 1)); // no automatic retry: only an operator's makes it due
        once.record(QuarantineIncident.inPartition(group, "g/001.manifest.json", "g/001.artifact.json",
                Events.partitionOf(tenant, 1), "metadata_rejected", "bad"));
        once.record(QuarantineIncident.inPartition(sibling, "g/002.manifest.json", "g/002.artifact.json",
                Events.partitionOf(tenant, 2), "metadata_rejected", "bad"));
        quarantine.record(badArtifact("k/010.manifest.json", "bad"));
        once.record(QuarantineIncident.unlocated(scope + "-other", "x/001.manifest.json", "unreadable", "bad"));

        assertThat(quarantine.list(scope, false)).extracting(QuarantinedArtifact::manifestKey)
                .containsExactlyInAnyOrder("g/001.manifest.json", "g/002.manifest.json", "k/010.manifest.json");
        assertThat(quarantine.list(group, false)).extracting(QuarantinedArtifact::manifestKey)
                .containsExactly("g/001.manifest.json");
        assertThat(quarantine.retry(scope, "g/001.manifest.json")).as("an operator names the scope").isTrue();
        assertThat(quarantine.dueForRetry(sibling, 10)).as("another group's worker").isEmpty();
        assertThat(quarantine.dueForRetry(group, 10)).extracting(QuarantinedArtifact::manifestKey)
                .containsExactly("g/001.manifest.json");
        assertThat(quarantine.resolve(scope, "g/002.manifest.json", QuarantineResolution.SKIPPED, "operator"))
                .isTrue();
        assertThat(quarantine.list(sibling, false)).isEmpty();
        assertThat(quarantine.list(scope + "-other", false)).as("a scope whose id merely starts alike")
                .hasSize(1);
    }

    @Test
    void resolvingStopsRetriesAndBlockingWhileAFreshFailureReopens() {
        String key = "k/005.manifest.json";
        quarantine.record(badArtifact(key, "bad"));
        quarantine.retry(scope, key);

        assertThat(quarantine.resolve(scope, key, QuarantineResolution.SKIPPED, "operator@example")).isTrue();

        assertThat(quarantine.dueForRetry(scope, 10)).isEmpty();
        assertThat(quarantine.list(scope, false)).isEmpty();
        assertThat(quarantine.openForSource(Events.sourceOf(tenant))).isEmpty();
        QuarantinedArtifact resolved = quarantine.find(scope, key).orElseThrow();
        assertThat(resolved.resolution()).isEqualTo(QuarantineResolution.SKIPPED);
        assertThat(resolved.resolvedBy()).isEqualTo("operator@example");
        assertThat(quarantine.resolve(scope, key, QuarantineResolution.INDEXED, "worker")).as("already resolved")
                .isFalse();

        QuarantinedArtifact reopened = quarantine.record(badArtifact(key, "bad again"));

        assertThat(reopened.open()).isTrue();
        assertThat(reopened.resolution()).isNull();
        assertThat(reopened.attempts()).isEqualTo(2);
    }

    @Test
    void listingShowsTheScopesArtifactsOldestFirstAndTheSourceViewLocatesThem() {
        quarantine.record(badArtifact("k/010.manifest.json", "bad"));
        quarantine.record(QuarantineIncident.unlocated(scope, "k/011.manifest.json", "manifest_unreadable",
                "not JSON"));
        quarantine.record(badArtifact("k/012.manifest.json", "bad"));
        quarantine.resolve(scope, "k/012.manifest.json", QuarantineResolution.INDEXED, "worker");

        assertThat(quarantine.list(scope, false)).extracting(QuarantinedArtifact::manifestKey)
                .containsExactly("k/010.manifest.json", "k/011.manifest.json");
        assertThat(quarantine.list(scope, true)).hasSize(3);
        assertThat(quarantine.openForSource(Events.sourceOf(tenant))).singleElement()
                .satisfies(artifact -> assertThat(artifact.partition()).isEqualTo(3));
        QuarantinedArtifact unlocated = quarantine.find(scope, "k/011.manifest.json").orElseThrow();
        assertThat(unlocated.source()).isNull();
        assertThat(unlocated.partitionKey()).isEmpty();
    }
}
