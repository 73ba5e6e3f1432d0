/**
 * The S3 object store on AWS SDK v2 (sync client, Apache HTTP client), for AWS S3 and S3-compatible
 * endpoints. The SDK's own retries are switched off: every call runs through our
 * {@link io.rezilient.restore.objectstore.retry.Retrier}, so there is exactly one retry policy.
 */
package io.rezilient.restore.objectstore.s3;
