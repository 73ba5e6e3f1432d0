/**
 * Normalisation of extracted metadata into the one typed event the index stores (indexer-spec §3): identity
 * checks against the manifest, manifest fallbacks, canonical time and offset, and strict allow-list validation.
 * Pure functions: no object store, no database.
 */
package io.rezilient.restore.indexer.normalize;
