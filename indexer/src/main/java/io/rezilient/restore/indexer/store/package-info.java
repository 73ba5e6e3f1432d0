/**
 * The restore index in PostgreSQL: {@link io.rezilient.restore.indexer.store.IndexStore} writes one batch of
 * normalised events per transaction (events, generations, watermarks, coverage, progress, fenced by the lease);
 * {@link io.rezilient.restore.indexer.store.IndexReader} serves the read models;
 * {@link io.rezilient.restore.indexer.store.QuarantineStore} keeps artifacts that could not be indexed.
 */
package io.rezilient.restore.indexer.store;
