package io.rezilient.restore.indexer.source;

import java.util.Objects;

/**
 * What a {@link ManifestSource} reads and how.
 *
 * @param prefix          key prefix without leading or trailing {@code /}, never empty
 * @param mode            listing strategy
 * @param replay          v1 replay settings (mode {@code mixed} only)
 * @param readConcurrency object reads in flight at once
 * @param maxScanPages    list calls the fast path may make per poll; when hit, the scan cursor moves to the last key
 *                        examined so a long run of non-manifest keys is crossed over several polls, never re-read
 *                        from the start each time
 */
public record SourceSettings(String prefix, CursorMode mode, ReplaySettings replay, int readConcurrency,
                             int maxScanPages) {
    /**
     * A remote store answers a small GET in tens of milliseconds, so throughput is reads in flight divided by that
     * latency: 16 capped a 25 ms store near 300 events/s (issue 15); manifests and artifacts are a few KB each, so
     * 128 in flight hold little memory.
     */
    public static final int DEFAULT_READ_CONCURRENCY = 128;
    /** The most reads in flight a configuration may ask for. */
    public static final int MAX_READ_CONCURRENCY = 1024;
    public static final int DEFAULT_MAX_SCAN_PAGES = 100;

    public SourceSettings {
        prefix = normalizePrefix(prefix);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(replay, "replay");
        if (readConcurrency < 1 || readConcurrency > MAX_READ_CONCURRENCY || maxScanPages < 1) {
            throw new IllegalArgumentException("read concurrency must be 1.." + MAX_READ_CONCURRENCY
                    + " and scan pages >= 1, got "
                    + readConcurrency + " and " + maxScanPages);
        }
    }

    public static SourceSettings of(String prefix, CursorMode mode) {
        return new SourceSettings(prefix, mode, ReplaySettings.DEFAULT, DEFAULT_READ_CONCURRENCY,
                DEFAULT_MAX_SCAN_PAGES);
    }

    public SourceSettings withReadConcurrency(int reads) {
        return new SourceSettings(prefix, mode, replay, reads, maxScanPages);
    }

    public SourceSettings withReplay(ReplaySettings newReplay) {
        return new SourceSettings(prefix, mode, newReplay, readConcurrency, maxScanPages);
    }

    /** {@code <prefix>/}: the listing prefix and the start of every work item's key. */
    public String listingPrefix() {
        return prefix + "/";
    }

    /** Leading and trailing {@code /} stripped (indexer-spec §2.1); what is left must not be empty. */
    static String normalizePrefix(String prefix) {
        String stripped = Objects.requireNonNull(prefix, "prefix").strip();
        int start = 0;
        int end = stripped.length();
        while (start < end && stripped.charAt(start) == '/') {
            start++;
        }
        while (end > start && stripped.charAt(end - 1) == '/') {
            end--;
        }
        if (start == end) {
            throw new IllegalArgumentException("source prefix must not be empty, got \"" + prefix + "\"");
        }
        return stripped.substring(start, end);
    }
}
