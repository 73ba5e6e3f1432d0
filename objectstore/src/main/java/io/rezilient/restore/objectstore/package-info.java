/**
 * The object-store SPI the rest of the platform reads manifests and artifacts through.
 *
 * <p>{@link io.rezilient.restore.objectstore.ObjectStore} is deliberately small (list, open, put,
 * delete) with conveniences as default methods. Two implementations exist: {@code fs} (the
 * embedded default, files under a root directory) and {@code s3} (AWS SDK v2, any S3-compatible
 * endpoint). {@code retry} holds the retry policy the S3 implementation runs every call through;
 * {@code config} declares a store's environment variables once, for every component that reads one.
 *
 * <p>Rules shared by every implementation, checked by one contract test suite:
 * <ul>
 *   <li>Keys are compared as UTF-8 bytes, which is S3's order ({@link io.rezilient.restore.objectstore.KeyOrder}).
 *   <li>Keys are validated before any I/O ({@link io.rezilient.restore.objectstore.ObjectKeys}).
 *   <li>A non-empty listing prefix names a directory and always ends with {@code /}, so
 *       {@code inst1/} never matches {@code inst10/…}.
 *   <li>A missing object is an empty {@link java.util.Optional}, never an exception; failures are
 *       {@link io.rezilient.restore.objectstore.ObjectStoreException}s that say whether a retry can help.
 * </ul>
 */
package io.rezilient.restore.objectstore;
