/**
 * The fail-closed freshness gate (indexer-spec §6): one library call, shared by the indexer's status and the
 * restore service, that decides from a partition's watermark whether restores touching it may execute.
 */
package io.rezilient.restore.contracts.freshness;
