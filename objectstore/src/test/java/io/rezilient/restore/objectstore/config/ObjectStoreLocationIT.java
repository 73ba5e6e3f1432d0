package io.rezilient.restore.objectstore.config;

import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.s3.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What the environment describes is a store that works: an S3 bucket over real HTTP, a filesystem directory. */
class ObjectStoreLocationIT {
    private static final ObjectStoreEnv STORE = new ObjectStoreEnv("IT_STORE_", Set.of());
    private static S3ProxyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.stop();
    }

    private static ObjectStoreLocation read(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        ObjectStoreLocation location = STORE.read(env, problems);
        assertThat(problems).isEmpty();
        return location;
    }

    private static void roundTrip(ObjectStoreLocation location) {
        try (ObjectStore store = location.open()) {
            store.put("a/b.json", "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(store.listAll("a", 10)).containsExactly("a/b.json");
            assertThat(store.get("a/b.json")).hasValueSatisfying(bytes ->
                    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{}"));
        }
    }

    @Test
    void anS3BucketConfiguredByEnvironmentIsReachable() {
        roundTrip(read(Map.of("IT_STORE_BUCKET", server.newBucket(), "IT_STORE_REGION", "us-east-1",
                "IT_STORE_ENDPOINT", server.endpoint().toString(), "IT_STORE_FORCE_PATH_STYLE", "true",
                "IT_STORE_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY,
                "IT_STORE_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY, "IT_STORE_MAX_ATTEMPTS", "2")));
    }

    @Test
    void aRootConfiguredByEnvironmentIsAFilesystemStore(@TempDir Path root) {
        ObjectStoreLocation location = read(Map.of("IT_STORE_ROOT", root.toString()));
        roundTrip(location);
        assertThat(root.resolve("a/b.json")).exists();
    }
}
