package io.rezilient.restore.indexer.worker;

import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.s3.S3ObjectStore;
import io.rezilient.restore.objectstore.s3.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Path;

/**
 * Every worker test of {@link IndexerWorkerIT} with the workload in an S3-compatible server (s3proxy, over HTTP),
 * read by the production {@link S3ObjectStore}: listing pages, 404s of missing artifacts and key order come from a
 * real S3 API, not the filesystem.
 */
class IndexerWorkerS3IT extends IndexerWorkerIT {
    private static S3ProxyServer s3;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyServer.start();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.stop();
    }

    @Override
    ObjectStore store(Path root) {
        return S3ObjectStore.open(s3.config(s3.newBucket()).build());
    }
}
