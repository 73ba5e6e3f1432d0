package io.rezilient.restore.indexer.backfill.overrides;

import java.time.Instant;

/**
 * One row of {@code config_override_changes}: the audit of one config version.
 *
 * @param valueBefore the key's override value before this version (null: baseline)
 * @param valueAfter  the key's override value after it (null: baseline)
 */
public record OverrideChange(long changeId, String scope, long configVersion, long overrideId, String key,
                             ChangeAction action, String valueBefore, String valueAfter, String actor,
                             String reason, Instant changedAt) {
}
