package io.rezilient.restore.contracts.cursor;

/**
 * Replay bookkeeping of the legacy (v1 layout) scan, which exists because v1 keys are not time-ordered
 * (indexer-spec §2.7).
 *
 * @param enabled      whether replay may run for this scope
 * @param lastReplayAt when replay last ran (ISO-8601), or null
 * @param lowerBound   the persisted lower bound of the replay window, or null
 */
public record ReplayState(boolean enabled, String lastReplayAt, String lowerBound) {
}
