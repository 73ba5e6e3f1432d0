package io.rezilient.restore.service.config;

import io.rezilient.restore.contracts.env.EnvTable;
import io.rezilient.restore.contracts.env.EnvVar;
import io.rezilient.restore.objectstore.config.ObjectStoreEnv;
import io.rezilient.restore.service.execute.ExecutionSettings;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static io.rezilient.restore.service.config.EnvParsers.*;

/**
 * The registry: every environment variable the restore service reads (service-spec §11, with the reference's names,
 * plus ours: {@link #AUTH_JWKS_FILE}, {@link #AUTH_ALLOWED_ALGORITHMS}, push mode's {@link #EXECUTE_PROGRESS_MODE},
 * {@link #EXECUTE_TARGET_JDBC_URL} and {@link #KEYRING_FILE}, and {@link #STORE}'s root and retry settings).
 * {@link ServiceSettings#fromEnv} reads only through these constants.
 */
public final class ServiceEnv {
    private ServiceEnv() {
    }

    public static final EnvVar<Integer> PORT_VAR = new EnvVar<>("PORT", "3100", PORT,
            "HTTP port (0: ephemeral, printed at start-up) on RRS_BIND_ADDRESS.");
    public static final EnvVar<String> BIND_ADDRESS = new EnvVar<>("RRS_BIND_ADDRESS", ServiceSettings.BIND_ALL,
            IP_LITERAL, "IP address literal the HTTP server listens on (0.0.0.0 every interface, as the reference "
            + "binds; 127.0.0.1 loopback only; :: for IPv6). Ours.");
    public static final EnvVar<String> ADMIN_TOKEN = new EnvVar<>("RRS_ADMIN_TOKEN", null, TEXT,
            "Static admin token for /v1/admin/*. Required. Secret.");
    public static final EnvVar<String> AUTH_SIGNING_KEY = new EnvVar<>("RRS_AUTH_SIGNING_KEY", null, TEXT,
            "HS256 shared secret of the auth control plane's JWTs, at least 32 bytes (RFC 7518 §3.2). Required (no "
            + "fallback to AUTH_SIGNING_KEY). Secret.");
    public static final EnvVar<Integer> AUTH_CLOCK_SKEW_SECONDS = new EnvVar<>("RRS_AUTH_TOKEN_CLOCK_SKEW_SECONDS",
            "30", NON_NEGATIVE_INT, "Allowed clock skew for exp/nbf/iat.");
    public static final EnvVar<String> AUTH_EXPECTED_ISSUER = new EnvVar<>("RRS_AUTH_EXPECTED_ISSUER", null, TEXT,
            "Pins the token issuer (e.g. rez-auth-control-plane); unset: any issuer (start-up warns).");
    public static final EnvVar<Integer> AUTH_MAX_TOKEN_TTL_SECONDS = new EnvVar<>("RRS_AUTH_MAX_TOKEN_TTL_SECONDS",
            "86400", POSITIVE_INT, "Longest token lifetime (exp - iat) accepted; a longer-lived token gets 401 "
            + "denied_token_malformed. Ours.");
    public static final EnvVar<Path> AUTH_JWKS_FILE = new EnvVar<>("RRS_AUTH_JWKS_FILE", null, Path::of,
            "JWKS file with the public keys (RSA >= 2048 bits, Ed25519; each with a kid) of RS256/EdDSA tokens. Ours.");
    public static final EnvVar<String> AUTH_ALLOWED_ALGORITHMS = new EnvVar<>("RRS_AUTH_ALLOWED_ALGORITHMS", null,
            TEXT, "Token alg allow-list, e.g. HS256,RS256,EdDSA; default HS256 plus, with a JWKS, RS256 and EdDSA. Ours.");
    public static final EnvVar<Integer> MAX_JSON_BODY_BYTES = new EnvVar<>("RRS_MAX_JSON_BODY_BYTES", "1048576",
            POSITIVE_INT, "Request body cap; larger bodies get 413 payload_too_large.");
    public static final EnvVar<String> PG_URL = new EnvVar<>("REZ_RESTORE_PG_URL", null, TEXT,
            "PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DB?user=…&password=…). Required.");
    public static final EnvVar<String> RRS_PG_URL = new EnvVar<>("RRS_RESTORE_PG_URL", null, TEXT,
            "Fallback for REZ_RESTORE_PG_URL when that is unset.");
    public static final EnvVar<Integer> INDEX_STALE_AFTER_SECONDS = new EnvVar<>(
            "RRS_RESTORE_INDEX_STALE_AFTER_SECONDS", "120", POSITIVE_INT, "Index lag after which a partition is stale.");
    // Media transfer, evidence labels and the admin flags are read and validated as the reference does (a deployment
    // keeps starting, a bad value is still refused) but nothing acts on them until those features land: notUsedYet.
    // The evidence key pair is not marked: a pair that does not verify stops the start today (S6).
    public static final EnvVar<Integer> EXECUTE_DEFAULT_CHUNK_SIZE = new EnvVar<>("RRS_EXECUTE_DEFAULT_CHUNK_SIZE",
            "100", POSITIVE_INT, "Rows per execution chunk (and per claim) unless the request says otherwise.");
    public static final EnvVar<Integer> EXECUTE_MAX_ROWS = new EnvVar<>("RRS_EXECUTE_MAX_ROWS", "10000",
            POSITIVE_INT, "Row cap of one execution (override needs restore_override_caps).");
    public static final EnvVar<Double> EXECUTE_ELEVATED_SKIP_RATIO_PERCENT = new EnvVar<>(
            "RRS_EXECUTE_ELEVATED_SKIP_RATIO_PERCENT", "20", PERCENT,
            "Skip ratio (0..100) above which execution needs elevated confirmation.");
    public static final EnvVar<Integer> EXECUTE_MAX_CHUNKS_PER_ATTEMPT = new EnvVar<>(
            "RRS_EXECUTE_MAX_CHUNKS_PER_ATTEMPT", "0", NON_NEGATIVE_INT, "Push mode only: chunks one execute or resume"
            + " applies before the job pauses (paused_token_refresh_grace_exhausted; resume continues); 0 = unlimited.");
    public static final EnvVar<Long> EXECUTE_PREFLIGHT_RECONCILE_STALE_AFTER_MS = new EnvVar<>(
            "RRS_EXECUTE_PREFLIGHT_RECONCILE_STALE_AFTER_MS", "900000", POSITIVE_LONG,
            "Before execute, running jobs of the scope not updated for this long are failed as stale.");
    public static final EnvVar<Integer> EXECUTE_CLAIM_LEASE_SECONDS = new EnvVar<>("RRS_EXECUTE_CLAIM_LEASE_SECONDS",
            "300", POSITIVE_INT, "How long a claim reserves its rows; an expired claim's rows can be claimed again. Ours.");
    public static final EnvVar<ExecutionSettings.ProgressMode> EXECUTE_PROGRESS_MODE = new EnvVar<>(
            "RRS_EXECUTE_PROGRESS_MODE", "commit_driven", ExecutionSettings.ProgressMode::parse,
            "commit_driven: agents claim and commit the rows; push: the service applies them itself to "
            + "RRS_EXECUTE_TARGET_JDBC_URL with the keys of REZ_KEYRING_FILE. Ours (the reference hard-wires "
            + "commit_driven).");
    public static final EnvVar<String> EXECUTE_TARGET_JDBC_URL = new EnvVar<>("RRS_EXECUTE_TARGET_JDBC_URL", null,
            TEXT, "Push mode's PostgreSQL target (jdbc:postgresql://HOST:PORT/DB?user=…&password=…), tables in schema "
            + "public as `rez target seed` creates them. Required with push, refused without. Secret. Ours.");
    public static final EnvVar<Path> KEYRING_FILE = new EnvVar<>("REZ_KEYRING_FILE", null, Path::of,
            "Push mode: path of the tenant keyring file (`rez keys`) that opens the plan's values and seals the "
            + "target's before-images. Required with push, refused without. Ours.");
    public static final EnvVar<Integer> MEDIA_CHUNK_SIZE = new EnvVar<>("RRS_MEDIA_CHUNK_SIZE", "25", POSITIVE_INT,
            "Media items per chunk.").notUsedYet();
    public static final EnvVar<Integer> MEDIA_MAX_ITEMS = new EnvVar<>("RRS_MEDIA_MAX_ITEMS", "1000", POSITIVE_INT,
            "Media item cap per job (more needs restore_override_caps and elevated confirmation).");
    public static final EnvVar<Long> MEDIA_MAX_BYTES = new EnvVar<>("RRS_MEDIA_MAX_BYTES", "104857600",
            POSITIVE_LONG, "Media byte cap per job (more needs restore_override_caps and elevated confirmation).");
    public static final EnvVar<Integer> MEDIA_MAX_RETRY_ATTEMPTS = new EnvVar<>("RRS_MEDIA_MAX_RETRY_ATTEMPTS", "3",
            POSITIVE_INT, "Attempts per media item.").notUsedYet();
    public static final EnvVar<String> EVIDENCE_SIGNER_KEY_ID = new EnvVar<>("RRS_EVIDENCE_SIGNER_KEY_ID",
            "rrs-dev-ed25519-v1", TEXT, "Key id of the signing key, written into every package it signs.");
    public static final EnvVar<String> EVIDENCE_PRIVATE_KEY_PEM = new EnvVar<>(
            "RRS_EVIDENCE_SIGNING_PRIVATE_KEY_PEM", null, TEXT,
            "PKCS#8 PEM private key (Ed25519, or RSA ≥ 2048 for rsa-pss-sha256) that signs evidence. Secret.");
    public static final EnvVar<String> EVIDENCE_PUBLIC_KEY_PEM = new EnvVar<>("RRS_EVIDENCE_SIGNING_PUBLIC_KEY_PEM",
            null, TEXT, "SPKI PEM public key of the signing key. Optional (derived from the private key when "
            + "absent); when given it must match.");
    public static final EnvVar<Path> EVIDENCE_KEYRING_FILE = new EnvVar<>("RRS_EVIDENCE_KEYRING_FILE", null, Path::of,
            "Ours. Public keys of earlier signing keys (rez evidence keys …), so packages they signed keep verifying "
            + "after a rotation; when set, its active key must be the signing key.");
    public static final EnvVar<Boolean> EVIDENCE_WORM_ENABLED = new EnvVar<>("RRS_EVIDENCE_IMMUTABLE_WORM_ENABLED",
            "false", BOOLEAN, "Keep evidence objects write-once: start-up checks that the object store enforces it (S3 "
            + "Object Lock on the bucket, with the retention class's period; else conditional creates) and stops "
            + "otherwise; packages then say worm_enabled true.");
    public static final EnvVar<Integer> EVIDENCE_INLINE_MAX_ROWS = new EnvVar<>("RRS_EVIDENCE_INLINE_MAX_ROWS",
            "10000", NON_NEGATIVE_INT, "Ours. The largest execution (planned rows) whose evidence the terminal answer "
            + "waits for; a larger one is generated right after, in the background (the answer says "
            + "verification_pending).");
    public static final EnvVar<Integer> EVIDENCE_COPY_INTERVAL_SECONDS = new EnvVar<>(
            "RRS_EVIDENCE_COPY_INTERVAL_SECONDS", "60", NON_NEGATIVE_INT, "Ours. How often packages whose "
            + "object-store copy is missing (store down, service stopped) are copied again; 0: only when generated.");
    public static final EnvVar<String> EVIDENCE_RETENTION_CLASS = new EnvVar<>(
            "RRS_EVIDENCE_IMMUTABLE_RETENTION_CLASS", "standard-30d", TEXT,
            "Retention class recorded in every evidence package (immutable_storage.retention_class).");
    public static final EnvVar<Boolean> STAGING_MODE_ENABLED = new EnvVar<>("RRS_STAGING_MODE_ENABLED", "false",
            BOOLEAN, "Initial staging-mode flag.").notUsedYet();
    public static final EnvVar<Boolean> GA_RUNBOOKS_SIGNED_OFF = new EnvVar<>("RRS_GA_RUNBOOKS_SIGNED_OFF", "false",
            BOOLEAN, "Initial runbook sign-off flag.").notUsedYet();
    public static final EnvVar<URI> ACP_BASE_URL = new EnvVar<>("RRS_ACP_BASE_URL", null, HTTP_URL,
            "Auth control plane base URL; set together with RRS_ACP_INTERNAL_TOKEN or neither "
            + "(then the service's own source registry is authoritative).");
    public static final EnvVar<String> ACP_INTERNAL_TOKEN = new EnvVar<>("RRS_ACP_INTERNAL_TOKEN", null, TEXT,
            "x-rezilient-internal-token for the ACP; with RRS_ACP_BASE_URL. Secret.");
    public static final EnvVar<Integer> ACP_REQUEST_TIMEOUT_MS = new EnvVar<>("RRS_ACP_REQUEST_TIMEOUT_MS", "2000",
            POSITIVE_INT, "ACP request timeout.");
    public static final EnvVar<Integer> ACP_POSITIVE_CACHE_TTL_SECONDS = new EnvVar<>(
            "RRS_ACP_POSITIVE_CACHE_TTL_SECONDS", "30", NON_NEGATIVE_INT, "ACP positive cache TTL.");
    public static final EnvVar<Integer> ACP_NEGATIVE_CACHE_TTL_SECONDS = new EnvVar<>(
            "RRS_ACP_NEGATIVE_CACHE_TTL_SECONDS", "5", NON_NEGATIVE_INT, "ACP negative cache TTL.");
    /**
     * Where artifact bodies are read from: the one object-store definition the indexer's source uses too, under
     * this prefix. The reference reads BUCKET, REGION, ENDPOINT, FORCE_PATH_STYLE and the credentials; ROOT (our
     * filesystem store) and the retry settings are ours. Unlike the reference, one store is required (deviation S3).
     */
    public static final ObjectStoreEnv STORE = new ObjectStoreEnv("REZ_OBJECT_STORE_",
            Set.of(ObjectStoreEnv.Variable.ROOT, ObjectStoreEnv.Variable.MAX_ATTEMPTS,
                    ObjectStoreEnv.Variable.RETRY_BASE_MS));

    /** Every variable, in documentation order. */
    public static final List<EnvVar<?>> ALL = Stream.of(List.<EnvVar<?>>of(PORT_VAR, BIND_ADDRESS, ADMIN_TOKEN,
            AUTH_SIGNING_KEY, AUTH_CLOCK_SKEW_SECONDS, AUTH_EXPECTED_ISSUER, AUTH_MAX_TOKEN_TTL_SECONDS, AUTH_JWKS_FILE,
            AUTH_ALLOWED_ALGORITHMS, MAX_JSON_BODY_BYTES, PG_URL, RRS_PG_URL,
            INDEX_STALE_AFTER_SECONDS, EXECUTE_DEFAULT_CHUNK_SIZE, EXECUTE_MAX_ROWS,
            EXECUTE_ELEVATED_SKIP_RATIO_PERCENT, EXECUTE_MAX_CHUNKS_PER_ATTEMPT,
            EXECUTE_PREFLIGHT_RECONCILE_STALE_AFTER_MS, EXECUTE_CLAIM_LEASE_SECONDS, EXECUTE_PROGRESS_MODE,
            EXECUTE_TARGET_JDBC_URL, KEYRING_FILE, MEDIA_CHUNK_SIZE, MEDIA_MAX_ITEMS,
            MEDIA_MAX_BYTES,
            MEDIA_MAX_RETRY_ATTEMPTS, EVIDENCE_SIGNER_KEY_ID, EVIDENCE_PRIVATE_KEY_PEM, EVIDENCE_PUBLIC_KEY_PEM,
            EVIDENCE_KEYRING_FILE, EVIDENCE_WORM_ENABLED, EVIDENCE_RETENTION_CLASS, EVIDENCE_INLINE_MAX_ROWS,
            EVIDENCE_COPY_INTERVAL_SECONDS, STAGING_MODE_ENABLED, GA_RUNBOOKS_SIGNED_OFF,
            ACP_BASE_URL, ACP_INTERNAL_TOKEN, ACP_REQUEST_TIMEOUT_MS, ACP_POSITIVE_CACHE_TTL_SECONDS,
            ACP_NEGATIVE_CACHE_TTL_SECONDS), STORE.all()).flatMap(List::stream).toList();

    /** The README table: name, default, description of every variable. */
    public static String markdownTable() {
        return EnvTable.markdown(ALL);
    }
}
