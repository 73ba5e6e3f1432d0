/** The ObjectStore SPI with its filesystem and S3 implementations. */
package io.rezilient.restore.objectstore;
