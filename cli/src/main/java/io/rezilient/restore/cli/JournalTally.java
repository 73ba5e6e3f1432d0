package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The rollback journal reduced to what says whether the restore can be undone: how many rows were journaled, how many
 * of them with a before-image read from the target (what an undo writes back) and how many only with the plan's
 * values, and how many before-images were pruned since. The encrypted before-images themselves are never kept.
 */
final class JournalTally {
    private long entries;
    private long targetImages;
    private long targetRowExisted;
    private long targetRowMissing;
    private long planValues;
    private long sourceNotRecorded;
    private long pruned;
    private long mirrorRecords;
    private final SortedMap<String, Long> byAction = new TreeMap<>();

    void addEntry(JsonNode entry) {
        entries++;
        byAction.merge(entry.path("action").asText(""), 1L, Long::sum);
        switch (entry.path("before_image_source").asText("")) {
            case "target" -> {
                targetImages++;
                // a row missing on the target before the restore is undone by deleting it again
                if ("missing".equals(entry.path("before_image_state").asText())) {
                    targetRowMissing++;
                } else {
                    targetRowExisted++;
                }
            }
            case "plan_values" -> planValues++;
            default -> sourceNotRecorded++;
        }
        if (entry.hasNonNull("pruned_at")) {
            pruned++;
        }
    }

    void countMirrorRecord() {
        mirrorRecords++;
    }

    long entries() {
        return entries;
    }

    /** Entries whose before-image was read from the target just before the row was written. */
    long targetImages() {
        return targetImages;
    }

    long targetRowExisted() {
        return targetRowExisted;
    }

    long targetRowMissing() {
        return targetRowMissing;
    }

    /** Entries that hold the plan's values instead of a before-image read from the target. */
    long planValues() {
        return planValues;
    }

    /** Entries that do not say where their before-image came from (the reference's journal does not). */
    long sourceNotRecorded() {
        return sourceNotRecorded;
    }

    /** Entries whose before-image was dropped by journal retention: those rows can no longer be undone. */
    long pruned() {
        return pruned;
    }

    long mirrorRecords() {
        return mirrorRecords;
    }

    SortedMap<String, Long> byAction() {
        return Collections.unmodifiableSortedMap(byAction);
    }
}
