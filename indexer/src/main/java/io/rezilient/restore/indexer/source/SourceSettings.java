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
    public static final int DEFAULT_READ_CONCURRENCY = 16;
    public static final int DEFAULT_MAX_SCAN_PAGES = 100;

    public SourceSettings {
        prefix = normalizePrefix(prefix);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(replay, "replay");
        if (readConcurrency < 1 || maxScanPages < 1) {
            throw new IllegalArgumentException("read concurrency and scan pages must be >= 1, got "
                    + readConcurrency + " and " + maxScanPages);
        }
    }

    public static SourceSettings of(String prefix, CursorMode mode) {
        return new SourceSettings(prefix, mode, ReplaySettings.DEFAULT, DEFAULT_READ_CONCURRENCY,
                DEFAULT_MAX_SCAN_PAGES);
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
