/**
 * Reading one work item: the manifest document ({@code rec.artifact-manifest.v1}) validated into a {@link
 * io.rezilient.restore.indexer.manifest.Manifest}, and the allow-listed metadata extracted from its artifact body
 * (indexer-spec §2.2–§2.3). Pure functions of their input: no object store, no database.
 */
package io.rezilient.restore.indexer.manifest;
