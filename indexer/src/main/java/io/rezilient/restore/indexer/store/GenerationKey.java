package io.rezilient.restore.indexer.store;

/** One generation of one partition: the key of a {@code partition_generations} row. */
record GenerationKey(PartitionKey partition, String generationId) {
}
