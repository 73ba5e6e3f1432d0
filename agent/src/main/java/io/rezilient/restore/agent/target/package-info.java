/**
 * Target writers: the {@link io.rezilient.restore.agent.target.TargetWriter} SPI that applies one claimed chunk of
 * plan rows to a restore target and reports each row's outcome and before-image, and its PostgreSQL implementation
 * (one transaction per chunk, row fallback with savepoints, an exactly-once ledger in the target).
 */
package io.rezilient.restore.agent.target;
