package io.rezilient.restore.service.config;

import com.nimbusds.jose.jwk.JWKSet;
import io.rezilient.restore.contracts.env.EnvTable;
import io.rezilient.restore.contracts.env.EnvVar;
import io.rezilient.restore.db.PgUrl;
import io.rezilient.restore.service.evidence.SignerKeyringFile;
import io.rezilient.restore.objectstore.config.ObjectStoreLocation;
import io.rezilient.restore.service.auth.Hs256Secrets;
import io.rezilient.restore.service.auth.JwksFile;
import io.rezilient.restore.service.auth.TokenAlgorithm;
import io.rezilient.restore.service.execute.ExecutionSettings.ProgressMode;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static io.rezilient.restore.service.config.ServiceEnv.*;

/**
 * The restore service's configuration (service-spec §11), read from the environment and validated as a whole before
 * anything starts: fail closed, and report every problem at once, each naming its variable.
 *
 * @param bindAddress {@code RRS_BIND_ADDRESS} (ours), an IP address literal; {@code 0.0.0.0} as the reference binds
 */
public record ServiceSettings(String bindAddress, int port, int maxJsonBodyBytes, PgUrl pgUrl,
                              int indexStaleAfterSeconds, AuthSettings auth, ExecuteSettings execute,
                              MediaSettings media, EvidenceSettings evidence, OpsFlags ops,
                              SourceRegistrySettings registry, ObjectStoreLocation objectStore) {
    public static final String BIND_ALL = "0.0.0.0";

    public ServiceSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(pgUrl, "pgUrl");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(execute, "execute");
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(ops, "ops");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(objectStore, "objectStore");
    }

    /** Reads and validates; throws {@link ServiceConfigException} listing every problem. */
    public static ServiceSettings fromEnv(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Integer port = PORT_VAR.read(env, problems);
        String bindAddress = BIND_ADDRESS.read(env, problems);
        Integer maxBody = MAX_JSON_BODY_BYTES.read(env, problems);
        PgUrl pgUrl = pgUrl(env, problems);
        Integer staleAfter = INDEX_STALE_AFTER_SECONDS.read(env, problems);
        AuthSettings auth = auth(env, problems);
        ExecuteSettings execute = execute(env, problems);
        MediaSettings media = media(env, problems);
        EvidenceSettings evidence = evidence(env, problems);
        Boolean staging = STAGING_MODE_ENABLED.read(env, problems);
        Boolean signedOff = GA_RUNBOOKS_SIGNED_OFF.read(env, problems);
        SourceRegistrySettings registry = registry(env, problems);
        ObjectStoreLocation objectStore = STORE.read(env, problems);
        if (!problems.isEmpty()) {
            throw new ServiceConfigException(problems);
        }
        return new ServiceSettings(bindAddress, port, maxBody, pgUrl, staleAfter, auth, execute, media, evidence,
                new OpsFlags(staging, signedOff), registry, objectStore);
    }

    /** The start-up log's view: every effective setting except secrets, which appear only as "configured". */
    public Map<String, Object> summary() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("bind", bindAddress);
        fields.put("port", port);
        fields.put("pg_url", pgUrl.redacted());
        fields.put("max_json_body_bytes", maxJsonBodyBytes);
        fields.put("index_stale_after_seconds", indexStaleAfterSeconds);
        fields.put("admin_token_configured", true);
        fields.put("auth_signing_key_configured", true);
        fields.put("auth_clock_skew_seconds", auth.clockSkewSeconds());
        fields.put("auth_expected_issuer", auth.expectedIssuer().orElse(null));
        fields.put("auth_max_token_ttl_seconds", auth.maxTokenTtlSeconds());
        fields.put("execute_default_chunk_size", execute.defaultChunkSize());
        fields.put("execute_max_rows", execute.maxRows());
        fields.put("execute_elevated_skip_ratio_percent", execute.elevatedSkipRatioPercent());
        fields.put("execute_max_chunks_per_attempt", execute.maxChunksPerAttempt());
        fields.put("execute_preflight_reconcile_stale_after_ms", execute.preflightReconcileStaleAfter().toMillis());
        fields.put("execute_claim_lease_seconds", execute.claimLease().toSeconds());
        fields.put("execute_progress_mode", execute.progressMode().wire());
        fields.put("execute_target", execute.push().map(push -> push.target().redacted()).orElse(null));
        fields.put("keyring_file", execute.push().map(push -> push.keyringFile().toString()).orElse(null));
        fields.put("media_chunk_size", media.chunkSize());
        fields.put("media_max_items", media.maxItems());
        fields.put("media_max_bytes", media.maxBytes());
        fields.put("media_max_retry_attempts", media.maxRetryAttempts());
        fields.put("evidence_signer_key_id", evidence.signerKeyId());
        fields.put("evidence_signature_algorithm", evidence.keys().algorithm().wire());
        fields.put("evidence_keyring_keys", evidence.keyring().size());
        fields.put("evidence_immutable_worm_enabled", evidence.immutableWormEnabled());
        fields.put("evidence_retention_class", evidence.retentionClass());
        fields.put("evidence_inline_max_rows", evidence.inlineMaxRows());
        fields.put("evidence_copy_interval_seconds", evidence.copyInterval().toSeconds());
        fields.put("staging_mode_enabled", ops.stagingModeEnabled());
        fields.put("ga_runbooks_signed_off", ops.runbooksSignedOff());
        fields.put("source_registry", registry.acp().map(acp -> "acp:" + acp.baseUrl()).orElse("postgres"));
        fields.put("acp_request_timeout_ms", registry.acpRequestTimeout().toMillis());
        fields.put("acp_positive_cache_ttl_seconds", registry.acpPositiveCacheTtl().toSeconds());
        fields.put("acp_negative_cache_ttl_seconds", registry.acpNegativeCacheTtl().toSeconds());
        fields.put("object_store", objectStore.describe());
        fields.put("settings_not_used_yet", EnvTable.notUsedYet(ServiceEnv.ALL));
        return fields;
    }

    private static PgUrl pgUrl(Map<String, String> env, List<String> problems) {
        EnvVar<String> used = PG_URL.isSet(env) ? PG_URL : RRS_PG_URL;
        if (!used.isSet(env)) {
            problems.add(PG_URL.name() + " is required");
            return null;
        }
        try {
            return PgUrl.parse(used.raw(env));
        } catch (IllegalArgumentException rejected) {
            problems.add(used.name() + " is " + rejected.getMessage()); // PgUrl never echoes the URL (password)
            return null;
        }
    }

    private static AuthSettings auth(Map<String, String> env, List<String> problems) {
        String adminToken = ADMIN_TOKEN.require(env, problems);
        String signingKey = AUTH_SIGNING_KEY.require(env, problems);
        if (signingKey != null && Hs256Secrets.problem(signingKey).isPresent()) {
            problems.add(AUTH_SIGNING_KEY.name() + " " + Hs256Secrets.problem(signingKey).get());
            signingKey = null;
        }
        Integer skew = AUTH_CLOCK_SKEW_SECONDS.read(env, problems);
        String issuer = AUTH_EXPECTED_ISSUER.read(env, problems);
        Integer maxTokenTtl = AUTH_MAX_TOKEN_TTL_SECONDS.read(env, problems);
        Optional<JWKSet> jwks = jwks(env, problems);
        Set<TokenAlgorithm> algorithms = algorithms(env, jwks, problems);
        return adminToken == null || signingKey == null || skew == null || jwks == null || algorithms == null
                || maxTokenTtl == null ? null
                : new AuthSettings(adminToken, signingKey, skew, Optional.ofNullable(issuer), jwks, algorithms,
                maxTokenTtl);
    }

    /** The JWKS file, loaded and checked now so a bad key fails start-up, not the first request; null on error. */
    private static Optional<JWKSet> jwks(Map<String, String> env, List<String> problems) {
        Path file = AUTH_JWKS_FILE.read(env, problems);
        if (file == null) {
            return AUTH_JWKS_FILE.isSet(env) ? null : Optional.empty();
        }
        try {
            return Optional.of(JwksFile.load(file));
        } catch (IllegalArgumentException rejected) {
            problems.add(AUTH_JWKS_FILE.name() + ": " + rejected.getMessage());
            return null;
        }
    }

    /** The allow-list as given, else HS256 plus what a configured JWKS can verify; null on error. */
    private static Set<TokenAlgorithm> algorithms(Map<String, String> env, Optional<JWKSet> jwks,
                                                  List<String> problems) {
        String given = AUTH_ALLOWED_ALGORITHMS.read(env, problems);
        if (given == null) {
            if (AUTH_ALLOWED_ALGORITHMS.isSet(env)) {
                return null;
            }
            return jwks != null && jwks.isPresent()
                    ? EnumSet.of(TokenAlgorithm.HS256, TokenAlgorithm.RS256, TokenAlgorithm.EDDSA,
                    TokenAlgorithm.ED25519) : EnumSet.of(TokenAlgorithm.HS256);
        }
        try {
            return TokenAlgorithm.parseAllowList(given);
        } catch (IllegalArgumentException rejected) {
            problems.add(AUTH_ALLOWED_ALGORITHMS.name() + ": " + rejected.getMessage());
            return null;
        }
    }

    private static ExecuteSettings execute(Map<String, String> env, List<String> problems) {
        Integer chunk = EXECUTE_DEFAULT_CHUNK_SIZE.read(env, problems);
        Integer maxRows = EXECUTE_MAX_ROWS.read(env, problems);
        Double skip = EXECUTE_ELEVATED_SKIP_RATIO_PERCENT.read(env, problems);
        Integer chunks = EXECUTE_MAX_CHUNKS_PER_ATTEMPT.read(env, problems);
        Long preflight = EXECUTE_PREFLIGHT_RECONCILE_STALE_AFTER_MS.read(env, problems);
        Integer lease = EXECUTE_CLAIM_LEASE_SECONDS.read(env, problems);
        ProgressMode mode = EXECUTE_PROGRESS_MODE.read(env, problems);
        Optional<PushTarget> push = pushTarget(env, mode, problems);
        if (chunk != null && chunk > 1000) {
            problems.add(EXECUTE_DEFAULT_CHUNK_SIZE.name() + ": must be at most 1000 (a claim takes at most 1000 rows)");
            return null;
        }
        return chunk == null || maxRows == null || skip == null || chunks == null || preflight == null
                || lease == null || mode == null || push == null ? null
                : new ExecuteSettings(chunk, maxRows, skip, chunks, Duration.ofMillis(preflight),
                Duration.ofSeconds(lease), mode, push);
    }

    /**
     * Push mode's target and keyring: both required with push, and refused without it (a target set while agents
     * pull would suggest the service writes it). Null on error; empty in commit-driven mode.
     */
    private static Optional<PushTarget> pushTarget(Map<String, String> env, ProgressMode mode, List<String> problems) {
        String url = EXECUTE_TARGET_JDBC_URL.read(env, problems);
        Path keyring = KEYRING_FILE.read(env, problems);
        if (mode == null) {
            return null;
        }
        if (mode != ProgressMode.PUSH) {
            List<String> set = Stream.of(EXECUTE_TARGET_JDBC_URL, KEYRING_FILE).filter(v -> v.isSet(env))
                    .map(EnvVar::name).toList();
            if (set.isEmpty()) {
                return Optional.empty();
            }
            set.forEach(name -> problems.add(name + " is set but " + EXECUTE_PROGRESS_MODE.name() + " is "
                    + mode.wire() + "; it is push mode's: set " + EXECUTE_PROGRESS_MODE.name() + "=push or unset it"));
            return null;
        }
        PgUrl target = null;
        if (url == null) {
            problems.add(EXECUTE_TARGET_JDBC_URL.name() + " is required when " + EXECUTE_PROGRESS_MODE.name()
                    + " is push (the PostgreSQL target the service restores into)");
        } else {
            try {
                target = PgUrl.parse(url);
            } catch (IllegalArgumentException rejected) {
                problems.add(EXECUTE_TARGET_JDBC_URL.name() + " is " + rejected.getMessage()); // never echoes the URL
            }
        }
        if (keyring == null) {
            if (!KEYRING_FILE.isSet(env)) {
                problems.add(KEYRING_FILE.name() + " is required when " + EXECUTE_PROGRESS_MODE.name()
                        + " is push (the tenant keyring that opens the plan's values)");
            }
        } else if (!Files.isRegularFile(keyring) || !Files.isReadable(keyring)) {
            problems.add(KEYRING_FILE.name() + ": no readable keyring file at " + keyring.toAbsolutePath());
            keyring = null;
        }
        return target == null || keyring == null ? null : Optional.of(new PushTarget(target, keyring));
    }

    private static MediaSettings media(Map<String, String> env, List<String> problems) {
        Integer chunk = MEDIA_CHUNK_SIZE.read(env, problems);
        Integer items = MEDIA_MAX_ITEMS.read(env, problems);
        Long bytes = MEDIA_MAX_BYTES.read(env, problems);
        Integer retries = MEDIA_MAX_RETRY_ATTEMPTS.read(env, problems);
        return chunk == null || items == null || bytes == null || retries == null ? null
                : new MediaSettings(chunk, items, bytes, retries);
    }

    private static EvidenceSettings evidence(Map<String, String> env, List<String> problems) {
        String keyId = EVIDENCE_SIGNER_KEY_ID.read(env, problems);
        String privatePem = EVIDENCE_PRIVATE_KEY_PEM.require(env, problems);
        String publicPem = EVIDENCE_PUBLIC_KEY_PEM.read(env, problems);
        Path keyringFile = EVIDENCE_KEYRING_FILE.read(env, problems);
        Boolean worm = EVIDENCE_WORM_ENABLED.read(env, problems);
        String retention = EVIDENCE_RETENTION_CLASS.read(env, problems);
        Integer copyInterval = EVIDENCE_COPY_INTERVAL_SECONDS.read(env, problems);
        Integer inlineMaxRows = EVIDENCE_INLINE_MAX_ROWS.read(env, problems);
        if (privatePem == null || keyId == null || copyInterval == null || inlineMaxRows == null) {
            return null;
        }
        EvidenceKeyPair keys;
        try {
            keys = EvidenceKeyPair.parse(privatePem, publicPem);
        } catch (IllegalArgumentException rejected) {
            problems.add(EVIDENCE_PRIVATE_KEY_PEM.name() + "/" + EVIDENCE_PUBLIC_KEY_PEM.name() + ": "
                    + rejected.getMessage());
            return null;
        }
        List<SignerKeyringFile.Entry> keyring = List.of();
        if (keyringFile != null) {
            try {
                keyring = SignerKeyringFile.read(keyringFile);
                requireActiveSigner(keyring, keyId, keys);
            } catch (IllegalArgumentException rejected) {
                problems.add(EVIDENCE_KEYRING_FILE.name() + ": " + rejected.getMessage());
                return null;
            }
        } else if (EVIDENCE_KEYRING_FILE.isSet(env)) {
            return null;
        }
        return worm == null ? null : new EvidenceSettings(keyId, keys, keyring, worm, retention, inlineMaxRows,
                Duration.ofSeconds(copyInterval));
    }

    /**
     * A keyring file must name the signing key as its active key: else auditors handed the file could not verify
     * what the service signs now, or a rotation was staged in the file but not in the environment.
     */
    private static void requireActiveSigner(List<SignerKeyringFile.Entry> keyring, String keyId,
                                            EvidenceKeyPair keys) {
        SignerKeyringFile.Entry signer = keyring.stream().filter(entry -> entry.keyId().equals(keyId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the signing key " + keyId
                        + " (RRS_EVIDENCE_SIGNER_KEY_ID) is not in the keyring; add it with rez evidence keys"));
        if (!signer.verifyingKey().publicKey().equals(keys.publicKey())) {
            throw new IllegalArgumentException("the keyring's public key for " + keyId
                    + " is not the signing key's public key");
        }
        if (!signer.active()) {
            throw new IllegalArgumentException("the signing key " + keyId + " is retired in the keyring; the active "
                    + "key there is " + SignerKeyringFile.active(keyring).map(SignerKeyringFile.Entry::keyId)
                    .orElse("(none)") + " — set RRS_EVIDENCE_SIGNER_KEY_ID and the private key to it");
        }
    }

    /** ACP URL and token together or not at all: half a client would fail on the first create request. */
    private static SourceRegistrySettings registry(Map<String, String> env, List<String> problems) {
        URI baseUrl = ACP_BASE_URL.read(env, problems);
        String token = ACP_INTERNAL_TOKEN.read(env, problems);
        Integer timeout = ACP_REQUEST_TIMEOUT_MS.read(env, problems);
        Integer positive = ACP_POSITIVE_CACHE_TTL_SECONDS.read(env, problems);
        Integer negative = ACP_NEGATIVE_CACHE_TTL_SECONDS.read(env, problems);
        if (ACP_BASE_URL.isSet(env) != ACP_INTERNAL_TOKEN.isSet(env)) {
            problems.add(ACP_BASE_URL.name() + " and " + ACP_INTERNAL_TOKEN.name() + " must be set together");
            return null;
        }
        if (timeout == null || positive == null || negative == null
                || (ACP_BASE_URL.isSet(env) && baseUrl == null)) {
            return null;
        }
        Optional<AcpEndpoint> acp = baseUrl == null ? Optional.empty() : Optional.of(new AcpEndpoint(baseUrl, token));
        return new SourceRegistrySettings(acp, Duration.ofMillis(timeout), Duration.ofSeconds(positive),
                Duration.ofSeconds(negative));
    }
}
