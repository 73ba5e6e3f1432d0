package io.rezilient.restore.capture.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.rezilient.restore.capture.layout.LayoutVersion;
import io.rezilient.restore.capture.testing.SimulatedRun;
import io.rezilient.restore.capture.testing.StoreContents;
import io.rezilient.restore.capture.testing.TestKeys;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.s3.S3ObjectStore;
import io.rezilient.restore.objectstore.s3.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workload over real HTTP to an in-process S3-compatible server: same objects, byte for byte, as on disk. */
class SimulateToS3Test {
    private static S3ProxyServer server;
    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.stop();
    }

    @Test
    void s3OutputEqualsFilesystemOutputForTheSameSeed() throws Exception {
        SimulationOptions options = SimulatedRun.smallOptions(LayoutVersion.V2, 21).events(400).records(60).build();
        SimulatedRun onDisk = SimulatedRun.into(dir.resolve("fs"), options);
        try (ObjectStore s3 = S3ObjectStore.open(server.config(server.newBucket()).build())) {
            SimulatedRun inS3 = SimulatedRun.into(s3, dir.resolve("s3-truth.jsonl"), options, TestKeys.keyring());

            assertThat(inS3.summary().events()).isEqualTo(400);
            assertThat(StoreContents.hashes(s3, "")).isEqualTo(StoreContents.hashes(onDisk.store(), ""));
            assertThat(Files.readAllBytes(inS3.truthFile())).isEqualTo(Files.readAllBytes(onDisk.truthFile()));
        }
    }
}
