package io.rezilient.restore.indexer.source;

import io.rezilient.restore.contracts.cursor.ReplayState;
import io.rezilient.restore.contracts.cursor.SourceCursorState;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.objectstore.KeyOrder;
import io.rezilient.restore.objectstore.ListPage;
import io.rezilient.restore.objectstore.ObjectStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code mixed} replay of v1 keys that arrive below the scan cursor (indexer-spec §2.7): resolves the lower
 * bound, decides whether replay is due, and lists the bounded window (lower bound, scan cursor).
 */
final class ReplayWindow {
    private static final List<String> SCOPE_MARKERS = List.of("/kind=", "/event=", "/offset=");
    /** Replay listing pages are capped like S3's own page size. */
    private static final int MAX_REPLAY_PAGE = 1000;

    /** Replay-only keys found (ascending), and the list calls made. */
    record Found(List<String> keys, int listCalls) {
    }

    private ReplayWindow() {
    }

    /**
     * The lower bound to use and persist. The configured bound wins (weak point 10: the persisted one is not
     * sticky against configuration); a persisted bound that is a whole object key is cut back to its scope.
     */
    static String lowerBound(SourceSettings settings, ReplayState persisted, String scanCursor, String firstFastKey) {
        if (settings.replay().lowerBound() != null) {
            return settings.replay().lowerBound();
        }
        String stored = persisted.lowerBound();
        if (stored != null && !stored.endsWith(ManifestKeys.MANIFEST_SUFFIX)
                && !stored.endsWith(ManifestKeys.ARTIFACT_SUFFIX)) {
            return stored;
        }
        String anchor = scanCursor != null ? scanCursor : firstFastKey;
        return anchor == null ? settings.prefix() : scope(settings.prefix(), anchor);
    }

    /** The key cut before its first {@code /kind=}, else {@code /event=}, else {@code /offset=}; else the prefix. */
    static String scope(String prefix, String key) {
        for (String marker : SCOPE_MARKERS) {
            int at = key.indexOf(marker);
            if (at >= 0) {
                return key.substring(0, at);
            }
        }
        return prefix;
    }

    static boolean due(SourceSettings settings, SourceCursorState cursor, String lowerBound, Instant now) {
        if (settings.mode() != CursorMode.MIXED || !settings.replay().enabled() || cursor.scanCursor() == null
                || KeyOrder.compare(lowerBound, cursor.scanCursor()) >= 0) {
            return false;
        }
        String last = cursor.replay().lastReplayAt();
        if (last == null) {
            return true;
        }
        // an unreadable stamp cannot prove replay ran recently, so it does not hold replay back
        return IsoUtc.parse(last)
                .map(at -> Duration.between(at, now).compareTo(settings.replay().interval()) >= 0)
                .orElse(true);
    }

    /** Manifest keys strictly between the lower bound and the scan cursor, within the per-cycle caps. */
    static Found list(ObjectStore store, SourceSettings settings, String lowerBound, String scanCursor) {
        ReplaySettings replay = settings.replay();
        String listingPrefix = settings.listingPrefix();
        List<String> found = new ArrayList<>();
        String after = KeyOrder.compare(lowerBound, listingPrefix) < 0 ? null : lowerBound;
        int calls = 0;
        while (calls < replay.maxPagesPerCycle() && found.size() < replay.maxKeysPerCycle()) {
            ListPage page = store.list(listingPrefix, after,
                    Math.min(MAX_REPLAY_PAGE, Math.max(1, replay.maxKeysPerCycle())));
            calls++;
            for (String key : page.keys()) {
                if (KeyOrder.compare(key, scanCursor) >= 0) {
                    return new Found(found, calls);
                }
                if (ManifestKeys.isManifest(listingPrefix, key)) {
                    found.add(key);
                    if (found.size() == replay.maxKeysPerCycle()) {
                        return new Found(found, calls);
                    }
                }
            }
            if (page.keys().isEmpty() || !page.hasMore()) {
                break;
            }
            after = page.lastKey().orElseThrow();
        }
        return new Found(found, calls);
    }
}
