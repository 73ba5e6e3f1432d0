/** The restore indexer: manifests from the object store into the transactional, fenced, fail-closed restore index. */
package io.rezilient.restore.indexer;
