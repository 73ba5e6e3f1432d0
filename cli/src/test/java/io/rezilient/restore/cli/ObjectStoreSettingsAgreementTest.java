package io.rezilient.restore.cli;

import io.rezilient.restore.contracts.env.EnvVar;
import io.rezilient.restore.indexer.config.IndexerConfigException;
import io.rezilient.restore.indexer.config.IndexerEnv;
import io.rezilient.restore.indexer.config.IndexerSettings;
import io.rezilient.restore.objectstore.config.ObjectStoreEnv;
import io.rezilient.restore.objectstore.config.ObjectStoreLocation;
import io.rezilient.restore.service.config.ServiceConfigException;
import io.rezilient.restore.service.config.ServiceEnv;
import io.rezilient.restore.service.config.ServiceSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The indexer's source and the restore service read their object store through one definition: the same settings
 * under either prefix give the same store (bucket, endpoint, credentials, retry policy) or the same refusal. Each
 * copy of the parsing this replaced differed in its retry policy and endpoint rules; a second copy creeping back
 * into either component fails here.
 */
class ObjectStoreSettingsAgreementTest {
    private static final String INDEXER = "REZ_RESTORE_INDEXER_SOURCE_";
    private static final String SERVICE = "REZ_OBJECT_STORE_";
    private static final Map<String, String> INDEXER_BASE = Map.of(
            "REZ_RESTORE_PG_URL", "jdbc:postgresql://db:5432/rez?user=rez",
            "REZ_RESTORE_INDEXER_SOURCE_PREFIX", "rec", "REZ_RESTORE_INDEXER_SOURCE_GENERATION_ID", "gen-1",
            "REZ_RESTORE_INDEXER_INGEST_SCOPE_ID", "scope-a", "REZ_RESTORE_INDEXER_SOURCE_URI", "sn://acme");
    private static final Map<String, String> SERVICE_BASE = new HashMap<>();

    @BeforeAll
    static void serviceKeys() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        SERVICE_BASE.putAll(Map.of("REZ_RESTORE_PG_URL", "jdbc:postgresql://db:5432/rez?user=rez",
                "RRS_ADMIN_TOKEN", "admin-token", "RRS_AUTH_SIGNING_KEY", "signing-key-of-at-least-32-bytes-00",
                "RRS_EVIDENCE_SIGNING_PRIVATE_KEY_PEM", pem("PRIVATE KEY", keys.getPrivate().getEncoded()),
                "RRS_EVIDENCE_SIGNING_PUBLIC_KEY_PEM", pem("PUBLIC KEY", keys.getPublic().getEncoded())));
    }

    /** Object-store settings by suffix ({@code BUCKET=b}), and whether they describe a store. */
    static Stream<Arguments> settings() {
        return Stream.of(
                arguments(true, List.of("ROOT=/data/objects")),
                arguments(true, List.of("BUCKET=artifacts", "REGION=eu-west-1")),
                arguments(true, List.of("BUCKET=artifacts", "REGION=eu-west-1", "ENDPOINT=http://127.0.0.1:9000",
                        "FORCE_PATH_STYLE=yes", "ACCESS_KEY_ID=AK", "SECRET_ACCESS_KEY=SK", "SESSION_TOKEN=ST",
                        "MAX_ATTEMPTS=9", "RETRY_BASE_MS=20")),
                arguments(true, List.of("BUCKET=artifacts", "REGION=eu-west-1", "RETRY_BASE_MS=30000")),
                arguments(false, List.of()),
                arguments(false, List.of("BUCKET=artifacts")),
                arguments(false, List.of("REGION=eu-west-1", "BUCKET= ")),
                arguments(false, List.of("ROOT=/data/objects", "BUCKET=artifacts", "FORCE_PATH_STYLE=false")),
                arguments(false, List.of("ROOT=/data/objects", "MAX_ATTEMPTS=4")),
                arguments(false, List.of("BUCKET=artifacts", "REGION=eu-west-1", "ENDPOINT=minio:9000")),
                arguments(false, List.of("BUCKET=artifacts", "REGION=eu-west-1", "ENDPOINT=ftp://minio")),
                arguments(false, List.of("BUCKET=artifacts", "REGION=eu-west-1", "ACCESS_KEY_ID=AK")),
                arguments(false, List.of("BUCKET=artifacts", "REGION=eu-west-1", "SESSION_TOKEN=ST")),
                arguments(false, List.of("BUCKET=artifacts", "REGION=eu-west-1", "MAX_ATTEMPTS=0")),
                arguments(false, List.of("BUCKET=artifacts", "REGION=eu-west-1", "RETRY_BASE_MS=1e3")),
                arguments(false, List.of("BUCKET=artifacts", "REGION=eu-west-1", "FORCE_PATH_STYLE=maybe")),
                arguments(false, List.of("BUCKET=a/b", "REGION=eu-west-1")));
    }

    @ParameterizedTest
    @MethodSource("settings")
    void bothComponentsReadTheSameStoreOrRefuseItAlike(boolean describesAStore, List<String> settings) {
        Outcome indexer = indexer(prefixed(INDEXER, settings));
        Outcome service = service(prefixed(SERVICE, settings));
        assertThat(service).as("the service's reading of %s", settings).isEqualTo(indexer);
        assertThat(indexer.location() != null).as("%s describes a store: %s", settings, indexer)
                .isEqualTo(describesAStore);
        assertThat(indexer.problems()).as("only the store is refused").allMatch(p -> p.contains("<store>_"));
    }

    @Test
    void bothTablesListTheSameStoreVariablesOnce() {
        assertThat(IndexerEnv.ALL).containsAll(IndexerEnv.SOURCE_STORE.all());
        assertThat(ServiceEnv.ALL).containsAll(ServiceEnv.STORE.all());
        assertThat(suffixes(IndexerEnv.ALL, INDEXER)).isEqualTo(suffixes(ServiceEnv.ALL, SERVICE))
                .isEqualTo(Arrays.stream(ObjectStoreEnv.Variable.values()).map(Enum::name).toList());
        for (ObjectStoreEnv.Variable variable : ObjectStoreEnv.Variable.values()) {
            EnvVar<?> ofIndexer = IndexerEnv.SOURCE_STORE.get(variable);
            EnvVar<?> ofService = ServiceEnv.STORE.get(variable);
            assertThat(ofService.defaultValue()).as(variable.name()).isEqualTo(ofIndexer.defaultValue());
            assertThat(ofService.description().replace(SERVICE, "")).as(variable.name()).startsWith(
                    ofIndexer.description().replace(INDEXER, "").replace(" Not a reference variable.", ""));
        }
    }

    /** The object-store suffixes among a component's variables, in table order. */
    private static List<String> suffixes(List<EnvVar<?>> all, String prefix) {
        List<String> storeSuffixes = Arrays.stream(ObjectStoreEnv.Variable.values()).map(Enum::name).toList();
        return all.stream().map(EnvVar::name).filter(name -> name.startsWith(prefix))
                .map(name -> name.substring(prefix.length())).filter(storeSuffixes::contains).toList();
    }

    /** What a component made of the settings: its store, or its object-store problems with the prefix taken off. */
    private record Outcome(ObjectStoreLocation location, List<String> problems) {
    }

    private static Outcome indexer(Map<String, String> store) {
        Map<String, String> env = new HashMap<>(INDEXER_BASE);
        env.putAll(store);
        try {
            return new Outcome(sameStoreDefaultPool(IndexerSettings.fromEnv(env).rec().orElseThrow().location()),
                    List.of());
        } catch (IndexerConfigException refused) {
            return new Outcome(null, unprefixed(refused.problems(), INDEXER));
        }
    }

    /**
     * The location with the S3 client's default connection pool: the indexer sizes its pool to its reads in flight
     * (REZ_RESTORE_INDEXER_SOURCE_READ_CONCURRENCY), which changes how it talks to the store, not which store it reads.
     */
    private static io.rezilient.restore.objectstore.config.ObjectStoreLocation sameStoreDefaultPool(
            io.rezilient.restore.objectstore.config.ObjectStoreLocation location) {
        if (location instanceof io.rezilient.restore.objectstore.config.ObjectStoreLocation.S3 s3) {
            assertThat(s3.config().maxConnections()).as("sized to the reads in flight").isGreaterThan(
                    io.rezilient.restore.objectstore.s3.S3Config.DEFAULT_MAX_CONNECTIONS);
            return new io.rezilient.restore.objectstore.config.ObjectStoreLocation.S3(s3.config().withMaxConnections(
                    io.rezilient.restore.objectstore.s3.S3Config.DEFAULT_MAX_CONNECTIONS));
        }
        return location;
    }

    private static Outcome service(Map<String, String> store) {
        Map<String, String> env = new HashMap<>(SERVICE_BASE);
        env.putAll(store);
        try {
            return new Outcome(ServiceSettings.fromEnv(env).objectStore(), List.of());
        } catch (ServiceConfigException refused) {
            return new Outcome(null, unprefixed(refused.problems(), SERVICE));
        }
    }

    private static List<String> unprefixed(List<String> problems, String prefix) {
        return problems.stream().map(problem -> problem.replace(prefix, "<store>_")).toList();
    }

    private static Map<String, String> prefixed(String prefix, List<String> settings) {
        Map<String, String> env = new HashMap<>();
        for (String setting : settings) {
            String[] parts = setting.split("=", 2);
            env.put(prefix + parts[0], parts[1]);
        }
        return env;
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END "
                + label + "-----\n";
    }
}
