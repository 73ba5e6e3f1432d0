package io.rezilient.restore.service.config;

import io.rezilient.restore.objectstore.config.ObjectStoreLocation;
import io.rezilient.restore.objectstore.retry.RetryPolicy;
import io.rezilient.restore.service.auth.TokenAlgorithm;
import io.rezilient.restore.service.execute.ExecutionSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** service-spec §12 {@code env.test.ts} / {@code startup.security.test.ts}, plus our deviations S2, S3, S6. */
class ServiceSettingsTest {
    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/rez?user=rez&password=hunter2";

    private static Map<String, String> env() {
        return TestKeys.minimalEnv(PG, "/var/lib/rez/objects");
    }

    private static Map<String, String> with(String name, String value) {
        Map<String, String> env = env();
        env.put(name, value);
        return env;
    }

    private static Map<String, String> without(String name) {
        Map<String, String> env = env();
        env.remove(name);
        return env;
    }

    private static String failure(Map<String, String> env) {
        return assertThatThrownBy(() -> ServiceSettings.fromEnv(env)).isInstanceOf(ServiceConfigException.class)
                .actual().getMessage();
    }

    @Test
    void requiredVariablesAloneGiveEveryReferenceDefault() {
        ServiceSettings settings = ServiceSettings.fromEnv(env());
        assertThat(settings.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(settings.port()).isEqualTo(3100);
        assertThat(settings.auth().clockSkewSeconds()).isEqualTo(30);
        assertThat(settings.auth().expectedIssuer()).isEmpty();
        assertThat(settings.auth().maxTokenTtlSeconds()).isEqualTo(86_400);
        assertThat(settings.auth().verifierSettings().maxTokenLifetime()).isEqualTo(Duration.ofHours(24));
        assertThat(settings.maxJsonBodyBytes()).isEqualTo(1_048_576);
        assertThat(settings.indexStaleAfterSeconds()).isEqualTo(120);
        assertThat(settings.execute()).isEqualTo(ExecuteSettings.commitDriven(100, 10_000, 20.0, 0,
                Duration.ofMillis(900_000), Duration.ofSeconds(300)));
        assertThat(settings.media()).isEqualTo(new MediaSettings(25, 1000, 104_857_600L, 3));
        assertThat(settings.evidence().signerKeyId()).isEqualTo("rrs-dev-ed25519-v1");
        assertThat(settings.evidence().retentionClass()).isEqualTo("standard-30d");
        assertThat(settings.evidence().immutableWormEnabled()).isFalse();
        assertThat(settings.evidence().keys().algorithm()).isEqualTo(EvidenceKeyPair.Algorithm.ED25519);
        assertThat(settings.ops()).isEqualTo(new OpsFlags(false, false));
        assertThat(settings.registry().acp()).isEmpty();
        assertThat(settings.registry().acpRequestTimeout()).isEqualTo(Duration.ofMillis(2000));
        assertThat(settings.registry().acpPositiveCacheTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.registry().acpNegativeCacheTtl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.objectStore()).isEqualTo(new ObjectStoreLocation.Filesystem(Path.of("/var/lib/rez/objects")));
    }

    @Test
    void everyVariableIsRead() {
        Map<String, String> env = env();
        env.putAll(Map.ofEntries(Map.entry("PORT", "0"), Map.entry("RRS_BIND_ADDRESS", "127.0.0.1"),
                Map.entry("RRS_AUTH_MAX_TOKEN_TTL_SECONDS", "300"), Map.entry("RRS_AUTH_TOKEN_CLOCK_SKEW_SECONDS", "0"),
                Map.entry("RRS_AUTH_EXPECTED_ISSUER", "rez-auth-control-plane"),
                Map.entry("RRS_MAX_JSON_BODY_BYTES", "2048"), Map.entry("RRS_RESTORE_INDEX_STALE_AFTER_SECONDS", "60"),
                Map.entry("RRS_EXECUTE_DEFAULT_CHUNK_SIZE", "7"), Map.entry("RRS_EXECUTE_MAX_ROWS", "70"),
                Map.entry("RRS_EXECUTE_ELEVATED_SKIP_RATIO_PERCENT", "12.5"),
                Map.entry("RRS_EXECUTE_MAX_CHUNKS_PER_ATTEMPT", "4"),
                Map.entry("RRS_EXECUTE_PREFLIGHT_RECONCILE_STALE_AFTER_MS", "1000"),
                Map.entry("RRS_EXECUTE_CLAIM_LEASE_SECONDS", "45"),
                Map.entry("RRS_MEDIA_CHUNK_SIZE", "1"), Map.entry("RRS_MEDIA_MAX_ITEMS", "2"),
                Map.entry("RRS_MEDIA_MAX_BYTES", "5000000000"), Map.entry("RRS_MEDIA_MAX_RETRY_ATTEMPTS", "9"),
                Map.entry("RRS_EVIDENCE_SIGNER_KEY_ID", "prod-key-2"),
                Map.entry("RRS_EVIDENCE_IMMUTABLE_WORM_ENABLED", "YES"),
                Map.entry("RRS_EVIDENCE_IMMUTABLE_RETENTION_CLASS", "legal-7y"),
                Map.entry("RRS_STAGING_MODE_ENABLED", "on"), Map.entry("RRS_GA_RUNBOOKS_SIGNED_OFF", "1"),
                Map.entry("RRS_ACP_BASE_URL", "https://acp.internal:8443"),
                Map.entry("RRS_ACP_INTERNAL_TOKEN", "acp-token"), Map.entry("RRS_ACP_REQUEST_TIMEOUT_MS", "500"),
                Map.entry("RRS_ACP_POSITIVE_CACHE_TTL_SECONDS", "0"),
                Map.entry("RRS_ACP_NEGATIVE_CACHE_TTL_SECONDS", "0")));
        ServiceSettings settings = ServiceSettings.fromEnv(env);
        assertThat(settings.port()).isZero();
        assertThat(settings.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(settings.auth().verifierSettings().maxTokenLifetime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.auth().clockSkewSeconds()).isZero();
        assertThat(settings.auth().expectedIssuer()).contains("rez-auth-control-plane");
        assertThat(settings.maxJsonBodyBytes()).isEqualTo(2048);
        assertThat(settings.indexStaleAfterSeconds()).isEqualTo(60);
        assertThat(settings.execute()).isEqualTo(ExecuteSettings.commitDriven(7, 70, 12.5, 4, Duration.ofSeconds(1),
                Duration.ofSeconds(45)));
        assertThat(settings.media()).isEqualTo(new MediaSettings(1, 2, 5_000_000_000L, 9));
        assertThat(settings.evidence().signerKeyId()).isEqualTo("prod-key-2");
        assertThat(settings.evidence().immutableWormEnabled()).isTrue();
        assertThat(settings.evidence().retentionClass()).isEqualTo("legal-7y");
        assertThat(settings.ops()).isEqualTo(new OpsFlags(true, true));
        assertThat(settings.registry().acp()).hasValueSatisfying(acp -> {
            assertThat(acp.baseUrl()).hasToString("https://acp.internal:8443");
            assertThat(acp.internalToken()).isEqualTo("acp-token");
        });
        assertThat(settings.registry().acpRequestTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.registry().acpPositiveCacheTtl()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"RRS_ADMIN_TOKEN", "RRS_AUTH_SIGNING_KEY", "REZ_RESTORE_PG_URL",
            "RRS_EVIDENCE_SIGNING_PRIVATE_KEY_PEM"})
    void aMissingRequiredVariableIsNamed(String name) {
        assertThat(failure(without(name))).contains(name + " is required");
        assertThat(failure(with(name, "  \t"))).as("whitespace counts as unset").contains(name + " is required");
    }

    @Test
    void theSigningKeyHasNoFallbackToAuthSigningKey() {
        Map<String, String> env = without("RRS_AUTH_SIGNING_KEY");
        env.put("AUTH_SIGNING_KEY", "legacy");
        assertThat(failure(env)).contains("RRS_AUTH_SIGNING_KEY is required");
    }

    @Test
    void aSigningKeyShorterThan32BytesStopsTheStartNamingTheVariable() {
        String refused = failure(with("RRS_AUTH_SIGNING_KEY", "change-me-too"));
        assertThat(refused).contains("RRS_AUTH_SIGNING_KEY must be at least 32 bytes (RFC 7518 §3.2")
                .contains("got 13").doesNotContain("change-me-too");
        assertThat(failure(with("RRS_AUTH_SIGNING_KEY", "x".repeat(31)))).contains("got 31");
        assertThat(ServiceSettings.fromEnv(with("RRS_AUTH_SIGNING_KEY", "x".repeat(32))).auth().signingKey())
                .hasSize(32);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com", "256.0.0.1", "0.0.0.0:3100", "1.2.3"})
    void aBindAddressMustBeAnIpLiteral(String value) {
        assertThat(failure(with("RRS_BIND_ADDRESS", value)))
                .contains("RRS_BIND_ADDRESS must be an IP address literal such as 127.0.0.1, 0.0.0.0 or ::1");
    }

    @Test
    void ipv6BindAddressesAreAccepted() {
        assertThat(ServiceSettings.fromEnv(with("RRS_BIND_ADDRESS", "::")).bindAddress()).isEqualTo("::");
        assertThat(ServiceSettings.fromEnv(with("RRS_BIND_ADDRESS", "::1")).bindAddress()).isEqualTo("::1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "1h", "1e3"})
    void aMaximumTokenLifetimeMustBeAPositiveNumberOfSeconds(String value) {
        assertThat(failure(with("RRS_AUTH_MAX_TOKEN_TTL_SECONDS", value)))
                .contains("RRS_AUTH_MAX_TOKEN_TTL_SECONDS must be a");
    }

    @Test
    void startUpWarnsOnlyWhenNoIssuerIsPinned() {
        assertThat(ServiceSettings.fromEnv(env()).auth().startupWarnings()).singleElement().asString()
                .startsWith("RRS_AUTH_EXPECTED_ISSUER is not set");
        assertThat(ServiceSettings.fromEnv(with("RRS_AUTH_EXPECTED_ISSUER", "rez-auth-control-plane")).auth()
                .startupWarnings()).isEmpty();
    }

    @Test
    void rrsRestorePgUrlIsAcceptedAsFallback() {
        Map<String, String> env = without("REZ_RESTORE_PG_URL");
        env.put("RRS_RESTORE_PG_URL", "jdbc:postgresql://db:5432/other?user=u");
        assertThat(ServiceSettings.fromEnv(env).pgUrl().database()).isEqualTo("other");
    }

    @Test
    void aBadPgUrlIsRefusedWithoutEchoingThePassword() {
        String message = failure(with("REZ_RESTORE_PG_URL", "postgres://u:topsecret@db/x"));
        assertThat(message).contains("REZ_RESTORE_PG_URL is not a PostgreSQL JDBC URL").doesNotContain("topsecret");
    }

    @ParameterizedTest
    @CsvSource({"PORT,-1", "PORT,abc", "PORT,65536", "PORT,1.5", "RRS_AUTH_TOKEN_CLOCK_SKEW_SECONDS,-3",
            "RRS_MAX_JSON_BODY_BYTES,0", "RRS_MAX_JSON_BODY_BYTES,1e6", "RRS_RESTORE_INDEX_STALE_AFTER_SECONDS,0",
            "RRS_EXECUTE_DEFAULT_CHUNK_SIZE,0", "RRS_EXECUTE_MAX_ROWS,-1", "RRS_EXECUTE_MAX_CHUNKS_PER_ATTEMPT,-1",
            "RRS_EXECUTE_PREFLIGHT_RECONCILE_STALE_AFTER_MS,0", "RRS_EXECUTE_ELEVATED_SKIP_RATIO_PERCENT,100.5",
            "RRS_EXECUTE_ELEVATED_SKIP_RATIO_PERCENT,-1", "RRS_MEDIA_CHUNK_SIZE,0", "RRS_MEDIA_MAX_ITEMS,x",
            "RRS_MEDIA_MAX_BYTES,0", "RRS_MEDIA_MAX_RETRY_ATTEMPTS,0", "RRS_ACP_REQUEST_TIMEOUT_MS,0",
            "RRS_ACP_POSITIVE_CACHE_TTL_SECONDS,-1", "RRS_ACP_NEGATIVE_CACHE_TTL_SECONDS,ten",
            "RRS_MEDIA_MAX_ITEMS,99999999999"})
    void badNumbersFailClosedNamingTheVariable(String name, String value) {
        assertThat(failure(with(name, value))).contains(name + " must be");
    }

    @Test
    void percentagesAtTheBoundsAreAccepted() {
        assertThat(ServiceSettings.fromEnv(with("RRS_EXECUTE_ELEVATED_SKIP_RATIO_PERCENT", "0")).execute()
                .elevatedSkipRatioPercent()).isZero();
        assertThat(ServiceSettings.fromEnv(with("RRS_EXECUTE_ELEVATED_SKIP_RATIO_PERCENT", "100")).execute()
                .elevatedSkipRatioPercent()).isEqualTo(100.0);
    }

    @ParameterizedTest
    @CsvSource({"1,true", "true,true", "YES,true", "On,true", "0,false", "false,false", "no,false", "OFF,false"})
    void booleansAcceptTheReferenceSpellings(String value, boolean expected) {
        for (String name : new String[]{"RRS_EVIDENCE_IMMUTABLE_WORM_ENABLED", "RRS_STAGING_MODE_ENABLED",
                "RRS_GA_RUNBOOKS_SIGNED_OFF"}) {
            ServiceSettings settings = ServiceSettings.fromEnv(with(name, value));
            boolean read = switch (name) {
                case "RRS_EVIDENCE_IMMUTABLE_WORM_ENABLED" -> settings.evidence().immutableWormEnabled();
                case "RRS_STAGING_MODE_ENABLED" -> settings.ops().stagingModeEnabled();
                default -> settings.ops().runbooksSignedOff();
            };
            assertThat(read).as(name + "=" + value).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"RRS_EVIDENCE_IMMUTABLE_WORM_ENABLED", "RRS_STAGING_MODE_ENABLED",
            "RRS_GA_RUNBOOKS_SIGNED_OFF"})
    void maybeIsNotABoolean(String name) {
        assertThat(failure(with(name, "maybe"))).contains(name + " must be a boolean value");
    }

    @Test
    void maybeIsNotAPathStyleEither() {
        Map<String, String> env = without("REZ_OBJECT_STORE_ROOT");
        env.putAll(Map.of("REZ_OBJECT_STORE_BUCKET", "b", "REZ_OBJECT_STORE_REGION", "r",
                "REZ_OBJECT_STORE_FORCE_PATH_STYLE", "maybe"));
        // the object store's variables share the indexer's wording (one definition, ObjectStoreEnv)
        assertThat(failure(env)).contains("REZ_OBJECT_STORE_FORCE_PATH_STYLE must be true or false when provided");
    }

    @Test
    void unknownVariablesAreIgnored() {
        Map<String, String> env = env();
        env.put("RRS_SOMETHING_ELSE", "whatever");
        env.put("PATH", "/usr/bin");
        assertThat(ServiceSettings.fromEnv(env).port()).isEqualTo(3100);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, String> env = without("RRS_ADMIN_TOKEN");
        env.put("PORT", "x");
        env.put("RRS_MEDIA_CHUNK_SIZE", "0");
        assertThat(assertThatThrownBy(() -> ServiceSettings.fromEnv(env)).actual())
                .isInstanceOfSatisfying(ServiceConfigException.class,
                        e -> assertThat(e.problems()).hasSize(3));
    }

    // --- ACP: optional, both or neither (deviation S2) ---

    @Test
    void acpUrlAndTokenGoTogether() {
        assertThat(failure(with("RRS_ACP_BASE_URL", "https://acp"))).contains(
                "RRS_ACP_BASE_URL and RRS_ACP_INTERNAL_TOKEN must be set together");
        assertThat(failure(with("RRS_ACP_INTERNAL_TOKEN", "t"))).contains("must be set together");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a url", "acp.internal", "ftp://acp", "/relative"})
    void anInvalidAcpUrlIsRefused(String url) {
        Map<String, String> env = with("RRS_ACP_BASE_URL", url);
        env.put("RRS_ACP_INTERNAL_TOKEN", "t");
        assertThat(failure(env)).contains("RRS_ACP_BASE_URL must be a valid URL");
    }

    // --- object store (deviation S3) ---

    @Test
    void anS3StoreIsParsedInFull() {
        Map<String, String> env = without("REZ_OBJECT_STORE_ROOT");
        env.putAll(Map.of("REZ_OBJECT_STORE_BUCKET", "artifacts", "REZ_OBJECT_STORE_REGION", "eu-west-1",
                "REZ_OBJECT_STORE_ENDPOINT", "http://127.0.0.1:9000", "REZ_OBJECT_STORE_FORCE_PATH_STYLE", "true",
                "REZ_OBJECT_STORE_ACCESS_KEY_ID", "AK", "REZ_OBJECT_STORE_SECRET_ACCESS_KEY", "SK",
                "REZ_OBJECT_STORE_SESSION_TOKEN", "ST"));
        ObjectStoreLocation location = ServiceSettings.fromEnv(env).objectStore();
        assertThat(location).isInstanceOfSatisfying(ObjectStoreLocation.S3.class, s3 -> {
            assertThat(s3.config().bucket()).isEqualTo("artifacts");
            assertThat(s3.config().region()).isEqualTo("eu-west-1");
            assertThat(s3.config().endpoint()).hasValueSatisfying(uri -> assertThat(uri).hasToString("http://127.0.0.1:9000"));
            assertThat(s3.config().pathStyle()).isTrue();
            assertThat(s3.config().credentials()).hasValueSatisfying(c -> {
                assertThat(c.accessKeyId()).isEqualTo("AK");
                assertThat(c.secretAccessKey()).isEqualTo("SK");
                assertThat(c.sessionToken()).isEqualTo("ST");
            });
        });
    }

    @Test
    void s3PairsMustBeComplete() {
        Map<String, String> bucketOnly = without("REZ_OBJECT_STORE_ROOT");
        bucketOnly.put("REZ_OBJECT_STORE_BUCKET", "b");
        assertThat(failure(bucketOnly)).contains("REZ_OBJECT_STORE_REGION is required (with REZ_OBJECT_STORE_BUCKET;");
        Map<String, String> regionOnly = without("REZ_OBJECT_STORE_ROOT");
        regionOnly.put("REZ_OBJECT_STORE_REGION", "r");
        assertThat(failure(regionOnly)).contains("REZ_OBJECT_STORE_BUCKET is required (with REZ_OBJECT_STORE_REGION;");
        Map<String, String> keyOnly = without("REZ_OBJECT_STORE_ROOT");
        keyOnly.putAll(Map.of("REZ_OBJECT_STORE_BUCKET", "b", "REZ_OBJECT_STORE_REGION", "r",
                "REZ_OBJECT_STORE_ACCESS_KEY_ID", "AK"));
        assertThat(failure(keyOnly)).contains(
                "REZ_OBJECT_STORE_ACCESS_KEY_ID and REZ_OBJECT_STORE_SECRET_ACCESS_KEY must be set together");
        Map<String, String> secretOnly = new HashMap<>(keyOnly);
        secretOnly.remove("REZ_OBJECT_STORE_ACCESS_KEY_ID");
        secretOnly.put("REZ_OBJECT_STORE_SECRET_ACCESS_KEY", "SK");
        assertThat(failure(secretOnly)).contains("must be set together");
    }

    @Test
    void anObjectStoreIsRequired() {
        assertThat(failure(without("REZ_OBJECT_STORE_ROOT"))).contains(
                "REZ_OBJECT_STORE_BUCKET is required (with REZ_OBJECT_STORE_REGION; or set REZ_OBJECT_STORE_ROOT "
                        + "for a filesystem store)", "REZ_OBJECT_STORE_REGION is required");
    }

    @Test
    void theS3RetryPolicyIsConfigurableLikeTheIndexers() {
        Map<String, String> env = without("REZ_OBJECT_STORE_ROOT");
        env.putAll(Map.of("REZ_OBJECT_STORE_BUCKET", "b", "REZ_OBJECT_STORE_REGION", "r"));
        assertThat(((ObjectStoreLocation.S3) ServiceSettings.fromEnv(env).objectStore()).config().retry())
                .isEqualTo(RetryPolicy.DEFAULT);
        env.putAll(Map.of("REZ_OBJECT_STORE_MAX_ATTEMPTS", "5", "REZ_OBJECT_STORE_RETRY_BASE_MS", "100"));
        assertThat(((ObjectStoreLocation.S3) ServiceSettings.fromEnv(env).objectStore()).config().retry())
                .isEqualTo(RetryPolicy.of(5, Duration.ofMillis(100)));
        assertThat(failure(with("REZ_OBJECT_STORE_MAX_ATTEMPTS", "2"))).as("the filesystem store does not retry")
                .contains("REZ_OBJECT_STORE_ROOT (filesystem store) cannot be combined with "
                        + "[REZ_OBJECT_STORE_MAX_ATTEMPTS]");
    }

    @Test
    void aFilesystemRootCannotBeMixedWithS3Variables() {
        assertThat(failure(with("REZ_OBJECT_STORE_BUCKET", "b"))).contains(
                "REZ_OBJECT_STORE_ROOT (filesystem store) cannot be combined with [REZ_OBJECT_STORE_BUCKET]");
    }

    // --- token keys and algorithms (ours) ---

    @Test
    void withoutAJwksOnlyHs256IsAllowed() {
        ServiceSettings settings = ServiceSettings.fromEnv(env());
        assertThat(settings.auth().allowedAlgorithms()).containsExactly(TokenAlgorithm.HS256);
        assertThat(settings.auth().jwks()).isEmpty();
    }

    @Test
    void aJwksFileThatCannotBeReadOrParsedFailsStartUp(@TempDir Path dir)
            throws Exception {
        assertThat(failure(with("RRS_AUTH_JWKS_FILE", dir.resolve("missing.json").toString())))
                .contains("RRS_AUTH_JWKS_FILE: cannot read JWKS file");
        Path garbage = Files.writeString(dir.resolve("bad.json"), "{\"keys\":[{\"kty\":\"oct\",\"k\":\"AAAA\"}]}");
        assertThat(failure(with("RRS_AUTH_JWKS_FILE", garbage.toString()))).contains("RRS_AUTH_JWKS_FILE");
    }

    @Test
    void anAlgorithmAllowListWithNoneOrAnUnknownNameFailsStartUp() {
        assertThat(failure(with("RRS_AUTH_ALLOWED_ALGORITHMS", "HS256,none")))
                .contains("RRS_AUTH_ALLOWED_ALGORITHMS: unsupported token algorithm 'none'");
        assertThat(failure(with("RRS_AUTH_ALLOWED_ALGORITHMS", "HS512"))).contains("'HS512'");
        assertThat(ServiceSettings.fromEnv(with("RRS_AUTH_ALLOWED_ALGORITHMS", "HS256")).auth().allowedAlgorithms())
                .containsExactly(TokenAlgorithm.HS256);
    }

    // --- evidence key pair (deviation S6) ---

    @Test
    void anRsaPairIsAccepted() {
        KeyPair rsa = TestKeys.generate("RSA", 2048);
        Map<String, String> env = with("RRS_EVIDENCE_SIGNING_PRIVATE_KEY_PEM", TestKeys.privatePem(rsa));
        env.put("RRS_EVIDENCE_SIGNING_PUBLIC_KEY_PEM", TestKeys.publicPem(rsa));
        assertThat(ServiceSettings.fromEnv(env).evidence().keys().algorithm()).isEqualTo(EvidenceKeyPair.Algorithm.RSA);
    }

    @Test
    void escapedNewlinesInPemValuesAreAccepted() {
        Map<String, String> env = env();
        env.replaceAll((k, v) -> k.endsWith("_PEM") ? v.replace("\n", "\\n") : v);
        assertThat(ServiceSettings.fromEnv(env).evidence().keys()).isNotNull();
    }

    @Test
    void aPublicKeyOfAnotherPairIsRefused() {
        String other = TestKeys.publicPem(TestKeys.generate("Ed25519", 0));
        assertThat(failure(with("RRS_EVIDENCE_SIGNING_PUBLIC_KEY_PEM", other)))
                .contains("public key does not match the private key");
    }

    @Test
    void mismatchedKeyTypesAreRefused() {
        String rsaPublic = TestKeys.publicPem(TestKeys.generate("RSA", 2048));
        assertThat(failure(with("RRS_EVIDENCE_SIGNING_PUBLIC_KEY_PEM", rsaPublic)))
                .contains("public key is not a Ed25519 key like the private key");
    }

    @Test
    void garbageAndWrongLabelsAreRefusedWithoutEchoingKeyMaterial() {
        String privatePem = env().get("RRS_EVIDENCE_SIGNING_PRIVATE_KEY_PEM");
        assertThat(failure(with("RRS_EVIDENCE_SIGNING_PRIVATE_KEY_PEM", "not a pem")))
                .contains("RRS_EVIDENCE_SIGNING_PRIVATE_KEY_PEM/RRS_EVIDENCE_SIGNING_PUBLIC_KEY_PEM: private key is not a PEM");
        String swapped = failure(with("RRS_EVIDENCE_SIGNING_PUBLIC_KEY_PEM", privatePem));
        assertThat(swapped).contains("public key is a PEM 'PRIVATE KEY'; expected 'PUBLIC KEY'")
                .doesNotContain(privatePem.lines().skip(1).findFirst().orElseThrow());
    }

    @Test
    void withoutAPublicKeyTheSigningKeysPublicHalfIsDerived() {
        for (KeyPair pair : java.util.List.of(TestKeys.generate("Ed25519", 0), TestKeys.generate("RSA", 2048))) {
            Map<String, String> env = with("RRS_EVIDENCE_SIGNING_PRIVATE_KEY_PEM", TestKeys.privatePem(pair));
            env.remove("RRS_EVIDENCE_SIGNING_PUBLIC_KEY_PEM");

            assertThat(ServiceSettings.fromEnv(env).evidence().keys().publicKey()).isEqualTo(pair.getPublic());
        }
    }

    private static io.rezilient.restore.service.evidence.SignerKeyringFile.Entry entry(String id, KeyPair pair,
                                                                                       boolean active) {
        return new io.rezilient.restore.service.evidence.SignerKeyringFile.Entry(id,
                io.rezilient.restore.service.evidence.SigningAlgorithm.of(EvidenceKeyPair.Algorithm.of(
                        pair.getPublic())), TestKeys.publicPem(pair), active,
                java.time.Instant.parse("2026-01-01T00:00:00Z"), java.util.Optional.empty());
    }

    @Test
    void aKeyringFileAddsTheRetiredKeysAndMustNameTheSigningKeyAsActive(@TempDir Path dir) {
        KeyPair signer = TestKeys.generate("Ed25519", 0);
        KeyPair retired = TestKeys.generate("RSA", 2048);
        Path keyring = dir.resolve("keyring.json");
        Map<String, String> env = with("RRS_EVIDENCE_SIGNING_PRIVATE_KEY_PEM", TestKeys.privatePem(signer));
        env.put("RRS_EVIDENCE_SIGNING_PUBLIC_KEY_PEM", TestKeys.publicPem(signer));
        env.put("RRS_EVIDENCE_SIGNER_KEY_ID", "v2");
        env.put("RRS_EVIDENCE_KEYRING_FILE", keyring.toString());

        io.rezilient.restore.service.evidence.SignerKeyringFile.write(keyring,
                java.util.List.of(entry("v1", retired, false), entry("v2", signer, true)));
        assertThat(ServiceSettings.fromEnv(env).evidence().keyring()).extracting(entry -> entry.keyId())
                .containsExactly("v1", "v2");

        io.rezilient.restore.service.evidence.SignerKeyringFile.write(keyring,
                java.util.List.of(entry("v1", retired, true)));
        assertThat(failure(env)).contains("RRS_EVIDENCE_KEYRING_FILE: the signing key v2").contains("not in the keyring");

        io.rezilient.restore.service.evidence.SignerKeyringFile.write(keyring,
                java.util.List.of(entry("v2", signer, false), entry("v3", retired, true)));
        assertThat(failure(env)).contains("the signing key v2 is retired in the keyring; the active key there is v3");

        io.rezilient.restore.service.evidence.SignerKeyringFile.write(keyring,
                java.util.List.of(entry("v2", retired, true)));
        assertThat(failure(env)).contains("the keyring's public key for v2 is not the signing key's public key");

        env.put("RRS_EVIDENCE_KEYRING_FILE", dir.resolve("missing.json").toString());
        assertThat(failure(env)).contains("RRS_EVIDENCE_KEYRING_FILE: cannot read");
    }

    @Test
    void aMalformedKeyringFileIsRefusedWithoutQuotingKeys(@TempDir Path dir) throws Exception {
        Path keyring = dir.resolve("keyring.json");
        Map<String, String> env = with("RRS_EVIDENCE_KEYRING_FILE", keyring.toString());
        Files.writeString(keyring, "{\"format\": \"rez.evidence-keyring.v1\", \"keys\": [{\"signer_key_id\": \"k\","
                + " \"signature_algorithm\": \"ed25519\", \"public_key_pem\": \"garbage\", \"status\": \"active\","
                + " \"created_at\": \"2026-01-01T00:00:00Z\"}]}");
        assertThat(failure(env)).contains("RRS_EVIDENCE_KEYRING_FILE").contains("key k: public key is not a PEM");
        Files.writeString(keyring, "{\"format\": \"other\", \"keys\": []}");
        assertThat(failure(env)).contains("format must be rez.evidence-keyring.v1");
        Files.writeString(keyring, "not json");
        assertThat(failure(env)).contains("is not JSON");
    }

    @Test
    void weakRsaKeysAreRefused() {
        KeyPair rsa = TestKeys.generate("RSA", 1024);
        Map<String, String> env = with("RRS_EVIDENCE_SIGNING_PRIVATE_KEY_PEM", TestKeys.privatePem(rsa));
        env.put("RRS_EVIDENCE_SIGNING_PUBLIC_KEY_PEM", TestKeys.publicPem(rsa));
        assertThat(failure(env)).contains("RSA keys must have at least 2048 bits");
    }

    // --- push mode (ours, architecture §7) ---

    private static final String TARGET = "jdbc:postgresql://10.0.0.7:5432/target?user=rez&password=target-secret";

    @Test
    void pushModeWithoutTargetOrKeyringStopsTheStartNamingBoth() {
        String refused = failure(with("RRS_EXECUTE_PROGRESS_MODE", "push"));
        assertThat(refused).contains("RRS_EXECUTE_TARGET_JDBC_URL is required when RRS_EXECUTE_PROGRESS_MODE is push")
                .contains("REZ_KEYRING_FILE is required when RRS_EXECUTE_PROGRESS_MODE is push");
    }

    @Test
    void aPushTargetMustBeAPostgresJdbcUrlAndIsNeverEchoed(@TempDir Path dir) throws Exception {
        Map<String, String> env = with("RRS_EXECUTE_PROGRESS_MODE", "push");
        env.put("REZ_KEYRING_FILE", Files.writeString(dir.resolve("keyring.json"), "{}").toString());
        env.put("RRS_EXECUTE_TARGET_JDBC_URL", "postgres://rez:target-secret@10.0.0.7/target");
        assertThat(failure(env)).contains("RRS_EXECUTE_TARGET_JDBC_URL is not a PostgreSQL JDBC URL")
                .doesNotContain("target-secret");
    }

    @Test
    void aKeyringPathWithoutAReadableFileIsRefused(@TempDir Path dir) {
        Map<String, String> env = with("RRS_EXECUTE_PROGRESS_MODE", "push");
        env.put("RRS_EXECUTE_TARGET_JDBC_URL", TARGET);
        env.put("REZ_KEYRING_FILE", dir.resolve("missing.json").toString());
        assertThat(failure(env)).contains("REZ_KEYRING_FILE: no readable keyring file at "
                + dir.resolve("missing.json"));
        env.put("REZ_KEYRING_FILE", dir.toString());
        assertThat(failure(env)).as("a directory").contains("REZ_KEYRING_FILE: no readable keyring file");
    }

    @Test
    void anUnknownProgressModeIsRefused() {
        assertThat(failure(with("RRS_EXECUTE_PROGRESS_MODE", "legacy_apply")))
                .contains("RRS_EXECUTE_PROGRESS_MODE must be commit_driven or push, got 'legacy_apply'");
    }

    @Test
    void pushSettingsWithoutPushModeAreRefused(@TempDir Path dir) {
        Map<String, String> env = with("RRS_EXECUTE_TARGET_JDBC_URL", TARGET);
        env.put("REZ_KEYRING_FILE", dir.resolve("keyring.json").toString());
        assertThat(failure(env))
                .contains("RRS_EXECUTE_TARGET_JDBC_URL is set but RRS_EXECUTE_PROGRESS_MODE is commit_driven")
                .contains("REZ_KEYRING_FILE is set but RRS_EXECUTE_PROGRESS_MODE is commit_driven")
                .doesNotContain("target-secret");
    }

    @Test
    void aCompletePushConfigurationIsReadAndSummarisedWithoutItsPassword(@TempDir Path dir) throws Exception {
        Path keyring = Files.writeString(dir.resolve("keyring.json"), "{}");
        Map<String, String> env = with("RRS_EXECUTE_PROGRESS_MODE", "push");
        env.put("RRS_EXECUTE_TARGET_JDBC_URL", TARGET);
        env.put("REZ_KEYRING_FILE", keyring.toString());
        env.put("RRS_EXECUTE_MAX_CHUNKS_PER_ATTEMPT", "2");
        ExecuteSettings execute = ServiceSettings.fromEnv(env).execute();
        assertThat(execute.progressMode()).isEqualTo(ExecutionSettings.ProgressMode.PUSH);
        assertThat(execute.maxChunksPerAttempt()).isEqualTo(2);
        assertThat(execute.push()).hasValueSatisfying(push -> {
            assertThat(push.target().jdbcUrl()).isEqualTo(TARGET);
            assertThat(push.keyringFile()).isEqualTo(keyring);
        });
        String summary = ServiceSettings.fromEnv(env).summary().toString();
        assertThat(summary).contains("execute_progress_mode=push", "execute_max_chunks_per_attempt=2",
                "execute_target=jdbc:postgresql://10.0.0.7:5432/target?user=rez&password=***",
                "keyring_file=" + keyring).doesNotContain("target-secret");
        assertThat(ServiceSettings.fromEnv(env).toString()).doesNotContain("target-secret");
    }

    // --- the start-up summary ---

    @Test
    void theSummaryHoldsNoSecret() {
        Map<String, String> env = env();
        env.put("RRS_ACP_BASE_URL", "https://acp");
        env.put("RRS_ACP_INTERNAL_TOKEN", "acp-internal-secret");
        ServiceSettings settings = ServiceSettings.fromEnv(env);
        String summary = settings.summary().toString();
        assertThat(summary).contains("port=3100", "source_registry=acp:https://acp", "object_store=file:",
                        "evidence_signature_algorithm=ed25519", "pg_url=jdbc:postgresql://127.0.0.1:5432/rez")
                .doesNotContain("hunter2", "admin-secret-token", "hs256-shared-secret", "acp-internal-secret",
                        "BEGIN");
        assertThat(settings.toString()).doesNotContain("hunter2", "admin-secret-token", "hs256-shared-secret",
                "acp-internal-secret", "BEGIN");
    }

    @Test
    void theReadmeTableListsEveryVariable() {
        String table = ServiceEnv.markdownTable();
        ServiceEnv.ALL.forEach(v -> assertThat(table).contains("`" + v.name() + "`"));
    }
}
