package io.rezilient.restore.service.rollback;

import java.util.Optional;

/**
 * How an undo plan's row names the journal entry it undoes: its {@code artifact_key} and {@code manifest_key} are
 * {@value #PREFIX}{@code <journal_id>}. A claim of an undo job gives the agent that id, which the entry's before-image
 * was sealed for.
 */
public final class UndoRows {
    /** The key prefix of an undo row's artifact and manifest keys. */
    public static final String PREFIX = "rollback-journal:";

    private UndoRows() {
    }

    /** The artifact (and manifest) key of the row undoing journal entry {@code journalId}. */
    public static String artifactKey(String journalId) {
        return PREFIX + journalId;
    }

    /** The journal entry an undo row's {@code artifact_key} names; empty for any other key. */
    public static Optional<String> journalIdOf(String artifactKey) {
        if (artifactKey == null || !artifactKey.startsWith(PREFIX) || artifactKey.length() == PREFIX.length()) {
            return Optional.empty();
        }
        return Optional.of(artifactKey.substring(PREFIX.length()));
    }
}
