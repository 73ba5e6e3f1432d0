/**
 * The operator endpoint of {@code rez indexer run}: {@code GET /metrics} (Prometheus text format) and
 * {@code GET /healthz}, on the JDK's built-in HTTP server so the indexer needs no web framework.
 */
package io.rezilient.restore.indexer.http;
