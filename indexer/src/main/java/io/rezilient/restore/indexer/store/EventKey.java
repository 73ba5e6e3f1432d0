package io.rezilient.restore.indexer.store;

/** The idempotency key of {@code index_events}: the same key is the same event, whatever else differs. */
record EventKey(GenerationKey generation, String eventId) {
}
