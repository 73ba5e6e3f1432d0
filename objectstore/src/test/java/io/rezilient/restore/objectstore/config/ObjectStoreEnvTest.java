package io.rezilient.restore.objectstore.config;

import io.rezilient.restore.contracts.env.EnvVar;
import io.rezilient.restore.objectstore.retry.RetryPolicy;
import io.rezilient.restore.objectstore.s3.S3Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The one object-store configuration, read under an arbitrary prefix (the components' prefixes are tested with them). */
class ObjectStoreEnvTest {
    private static final ObjectStoreEnv STORE = new ObjectStoreEnv("T_STORE_", Set.of(ObjectStoreEnv.Variable.ROOT));

    private static Map<String, String> s3(String... more) {
        Map<String, String> env = new HashMap<>(Map.of("T_STORE_BUCKET", "artifacts", "T_STORE_REGION", "eu-west-1"));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private static ObjectStoreLocation.S3 readS3(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        ObjectStoreLocation location = STORE.read(env, problems);
        assertThat(problems).isEmpty();
        return (ObjectStoreLocation.S3) location;
    }

    private static List<String> problems(Map<String, String> env) {
        List<String> problems = new ArrayList<>(List.of("an earlier problem of the caller"));
        assertThat(STORE.read(env, problems)).as("refused").isNull();
        assertThat(problems.getFirst()).isEqualTo("an earlier problem of the caller");
        return problems.subList(1, problems.size());
    }

    @Test
    void namesAreThePrefixPlusTheSuffixInDocumentationOrder() {
        assertThat(STORE.all()).extracting(EnvVar::name).containsExactly("T_STORE_ROOT", "T_STORE_BUCKET",
                "T_STORE_REGION", "T_STORE_ENDPOINT", "T_STORE_FORCE_PATH_STYLE", "T_STORE_ACCESS_KEY_ID",
                "T_STORE_SECRET_ACCESS_KEY", "T_STORE_SESSION_TOKEN", "T_STORE_MAX_ATTEMPTS", "T_STORE_RETRY_BASE_MS");
        for (ObjectStoreEnv.Variable variable : ObjectStoreEnv.Variable.values()) {
            assertThat(STORE.get(variable).name()).isEqualTo("T_STORE_" + variable.name());
        }
        assertThat(STORE.root().description()).endsWith("Not a reference variable.");
        assertThat(STORE.bucket().description()).doesNotContain("Not a reference variable")
                .contains("T_STORE_REGION", "T_STORE_ROOT");
        assertThat(STORE.all()).allMatch(EnvVar::usedYet);
    }

    @Test
    void bucketAndRegionAloneGiveTheDefaults() {
        ObjectStoreLocation.S3 s3 = readS3(s3());
        assertThat(s3.config().bucket()).isEqualTo("artifacts");
        assertThat(s3.config().region()).isEqualTo("eu-west-1");
        assertThat(s3.config().endpoint()).isEmpty();
        assertThat(s3.config().pathStyle()).isFalse();
        assertThat(s3.config().credentials()).isEmpty();
        assertThat(s3.config().retry()).isEqualTo(RetryPolicy.DEFAULT);
        assertThat(STORE.maxAttempts().defaultValue()).isEqualTo("3");
        assertThat(STORE.retryBaseMs().defaultValue()).isEqualTo("200");
        assertThat(s3.describe()).isEqualTo("s3://artifacts (3 attempts, backoff from 200 ms)");
    }

    @Test
    void everyS3VariableIsRead() {
        ObjectStoreLocation.S3 s3 = readS3(s3("T_STORE_ENDPOINT", "http://127.0.0.1:9000",
                "T_STORE_FORCE_PATH_STYLE", "YES", "T_STORE_ACCESS_KEY_ID", " AK ", "T_STORE_SECRET_ACCESS_KEY", "SK",
                "T_STORE_SESSION_TOKEN", "ST", "T_STORE_MAX_ATTEMPTS", "7", "T_STORE_RETRY_BASE_MS", "50"));
        assertThat(s3.config().endpoint()).contains(URI.create("http://127.0.0.1:9000"));
        assertThat(s3.config().pathStyle()).isTrue();
        assertThat(s3.config().credentials()).contains(new S3Credentials("AK", "SK", "ST"));
        assertThat(s3.config().retry()).isEqualTo(RetryPolicy.of(7, Duration.ofMillis(50)));
        assertThat(s3.describe()).isEqualTo("s3://artifacts at http://127.0.0.1:9000 (7 attempts, backoff from 50 ms)")
                .doesNotContain("SK", "ST");
    }

    @Test
    void aRootIsAFilesystemStore() {
        List<String> problems = new ArrayList<>();
        assertThat(STORE.read(Map.of("T_STORE_ROOT", " /var/lib/rez "), problems))
                .isEqualTo(new ObjectStoreLocation.Filesystem(Path.of("/var/lib/rez")));
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = ObjectStoreEnv.Variable.class, names = "ROOT", mode = EnumSource.Mode.EXCLUDE)
    void aRootIsNeverCombinedWithAnyS3Variable(ObjectStoreEnv.Variable variable) {
        String name = "T_STORE_" + variable.name();
        String value = switch (variable) {
            case ENDPOINT -> "http://minio:9000";
            case FORCE_PATH_STYLE -> "false";
            case MAX_ATTEMPTS, RETRY_BASE_MS -> "5";
            default -> "x";
        };
        assertThat(problems(Map.of("T_STORE_ROOT", "/data", name, value)))
                .containsExactly("T_STORE_ROOT (filesystem store) cannot be combined with [" + name + "]");
    }

    @Test
    void withoutARootBucketAndRegionAreEachRequired() {
        assertThat(problems(Map.of())).containsExactly(
                "T_STORE_BUCKET is required (with T_STORE_REGION; or set T_STORE_ROOT for a filesystem store)",
                "T_STORE_REGION is required (with T_STORE_BUCKET; or set T_STORE_ROOT for a filesystem store)");
        assertThat(problems(Map.of("T_STORE_BUCKET", "b"))).containsExactly(
                "T_STORE_REGION is required (with T_STORE_BUCKET; or set T_STORE_ROOT for a filesystem store)");
        assertThat(problems(Map.of("T_STORE_REGION", "r", "T_STORE_BUCKET", "  "))).as("blank is unset")
                .containsExactly(
                        "T_STORE_BUCKET is required (with T_STORE_REGION; or set T_STORE_ROOT for a filesystem store)");
    }

    @Test
    void credentialsComeInPairsAndATokenNeedsBoth() {
        assertThat(problems(s3("T_STORE_ACCESS_KEY_ID", "AK")))
                .containsExactly("T_STORE_ACCESS_KEY_ID and T_STORE_SECRET_ACCESS_KEY must be set together");
        assertThat(problems(s3("T_STORE_SECRET_ACCESS_KEY", "VERYSECRET")))
                .containsExactly("T_STORE_ACCESS_KEY_ID and T_STORE_SECRET_ACCESS_KEY must be set together");
        assertThat(problems(s3("T_STORE_SESSION_TOKEN", "T")))
                .containsExactly("T_STORE_SESSION_TOKEN requires T_STORE_ACCESS_KEY_ID and T_STORE_SECRET_ACCESS_KEY");
    }

    @ParameterizedTest
    @ValueSource(strings = {"minio:9000", "ftp://minio", "/relative", "http://", "not a uri"})
    void anEndpointMustBeAnAbsoluteHttpUri(String endpoint) {
        assertThat(problems(s3("T_STORE_ENDPOINT", endpoint)))
                .containsExactly("T_STORE_ENDPOINT must be an absolute http(s) URI, got '" + endpoint + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "abc", "1.5", "1e3", "+5", "0x10", "9999999999"})
    void retryNumbersArePositiveDecimalIntegers(String value) {
        assertThat(problems(s3("T_STORE_MAX_ATTEMPTS", value)))
                .containsExactly("T_STORE_MAX_ATTEMPTS must be a positive integer, got '" + value + "'");
        assertThat(problems(s3("T_STORE_RETRY_BASE_MS", value)))
                .containsExactly("T_STORE_RETRY_BASE_MS must be a positive integer, got '" + value + "'");
    }

    @Test
    void pathStyleIsABoolean() {
        assertThat(readS3(s3("T_STORE_FORCE_PATH_STYLE", "on")).config().pathStyle()).isTrue();
        assertThat(readS3(s3("T_STORE_FORCE_PATH_STYLE", "0")).config().pathStyle()).isFalse();
        assertThat(problems(s3("T_STORE_FORCE_PATH_STYLE", "maybe"))).containsExactly("T_STORE_FORCE_PATH_STYLE "
                + "must be true or false when provided (got 'maybe'; accepted: 1/true/yes/on, 0/false/no/off)");
    }

    @Test
    void aBucketTheClientCannotAddressIsNamed() {
        assertThat(problems(Map.of("T_STORE_BUCKET", "a/b", "T_STORE_REGION", "r")))
                .containsExactly("T_STORE_BUCKET: S3 bucket 'a/b' must not contain '/' or surrounding spaces");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThat(problems(Map.of("T_STORE_BUCKET", "b", "T_STORE_ENDPOINT", "minio", "T_STORE_MAX_ATTEMPTS", "0",
                "T_STORE_ACCESS_KEY_ID", "AK"))).hasSize(4);
    }

    @Test
    void aSecretIsNeverEchoed() {
        assertThat(String.join("; ", problems(Map.of("T_STORE_ROOT", "/data", "T_STORE_SECRET_ACCESS_KEY",
                "VERYSECRET", "T_STORE_SESSION_TOKEN", "TOKENSECRET")))).doesNotContain("VERYSECRET", "TOKENSECRET");
        assertThat(readS3(s3("T_STORE_ACCESS_KEY_ID", "AK", "T_STORE_SECRET_ACCESS_KEY", "VERYSECRET")).toString())
                .doesNotContain("VERYSECRET");
    }
}
