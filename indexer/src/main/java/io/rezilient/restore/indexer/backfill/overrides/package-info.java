/**
 * Temporary configuration overrides with validity windows (issue 16 item 5, recovery-backfill §3b): the settings a
 * backfill needs for a while (freshness stale-after, batch size, lag bounds) are staged with a window and an optional
 * owning run, validated against {@link io.rezilient.restore.indexer.backfill.overrides.OverrideCatalogue}, and
 * reverted by {@link io.rezilient.restore.indexer.backfill.overrides.OverrideReconciler} when the window closes or the
 * run ends. Every apply and revert is a new config version of its scope with an audit row naming who and when.
 */
package io.rezilient.restore.indexer.backfill.overrides;
