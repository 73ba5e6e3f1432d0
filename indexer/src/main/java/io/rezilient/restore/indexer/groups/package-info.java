/**
 * Scale-out of one ingest scope over several indexer processes: the scope's layout-v2 partitions are split into a
 * fixed number of partition groups, each indexed as its own group scope (lease, fencing epoch, cursor, quarantine),
 * and every process takes its fair share of the group leases ({@link io.rezilient.restore.indexer.groups.GroupedIndexer}).
 */
package io.rezilient.restore.indexer.groups;
