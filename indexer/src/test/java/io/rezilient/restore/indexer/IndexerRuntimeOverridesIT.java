package io.rezilient.restore.indexer;

import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import io.rezilient.restore.indexer.backfill.overrides.ConfigOverride;
import io.rezilient.restore.indexer.backfill.overrides.OverrideCatalogue;
import io.rezilient.restore.indexer.backfill.overrides.OverrideReconciler;
import io.rezilient.restore.indexer.backfill.overrides.OverrideRequest;
import io.rezilient.restore.indexer.backfill.overrides.OverrideStatus;
import io.rezilient.restore.indexer.backfill.overrides.OverrideStore;
import io.rezilient.restore.indexer.config.IndexerSettings;
import io.rezilient.restore.indexer.source.SourceFixture;
import io.rezilient.restore.testing.SettableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** An indexing process reverts overrides that expired while no process ran (they were staged before it started). */
class IndexerRuntimeOverridesIT {
    private static TestDatabase db;

    @TempDir
    Path root;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.createMigrated("IndexerRuntimeOverridesIT");
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void anIndexingRuntimeRevertsAnOverrideThatExpiredBeforeItStarted() {
        String scope = "scope-" + UUID.randomUUID().toString().substring(0, 8);
        // staged a day ago for an hour: expired long before this process starts
        Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
        ConfigOverride staged = new OverrideStore(db.dataSource(), new SettableClock(dayAgo)).stage(
                new OverrideRequest(scope, OverrideCatalogue.BACKFILL_BATCH_SIZE, "4000", null,
                        dayAgo.plus(Duration.ofHours(1)), null, "alice", "overnight bootstrap"));
        Map<String, String> env = SourceFixture.filesystemEnv(db.jdbcUrl(), root, "rez/restore-artifacts", scope);
        env.put("REZ_RESTORE_INDEXER_SOURCE_REPLAY_ENABLED", "false");

        try (IndexerRuntime runtime = IndexerRuntime.open(IndexerSettings.fromEnv(env))) {
            assertThat(runtime.overrideReconciler()).as("not before the process indexes").isEmpty();
            runtime.worker().orElseThrow();

            // the schedule's first round may be running too: after any complete round the override has ended
            assertThat(runtime.overrideReconciler().orElseThrow().runOnce()).isBetween(0, 1);
            ConfigOverride ended = runtime.overrides().find(staged.id()).orElseThrow();
            assertThat(ended.status()).isEqualTo(OverrideStatus.EXPIRED);
            assertThat(runtime.overrides().history(staged.id())).last()
                    .satisfies(change -> assertThat(change.actor()).isEqualTo(OverrideReconciler.ACTOR));
        }
    }
}
