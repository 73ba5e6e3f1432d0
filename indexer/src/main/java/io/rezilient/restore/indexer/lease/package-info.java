/**
 * One active indexer per ingest scope: a leader lease on the database clock whose fencing epoch every index write
 * carries ({@link io.rezilient.restore.indexer.lease.LeaseFence}), so a deposed or paused leader can never write.
 */
package io.rezilient.restore.indexer.lease;
