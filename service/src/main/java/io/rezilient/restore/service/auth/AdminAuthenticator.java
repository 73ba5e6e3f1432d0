package io.rezilient.restore.service.auth;

import io.rezilient.restore.contracts.restore.Capability;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.Optional;

/**
 * Opens {@code /v1/admin/*} (service-spec §2.7, architecture §6): the {@code x-rezilient-admin-token} header equal to
 * {@code RRS_ADMIN_TOKEN}, or — ours — a bearer token whose {@code capabilities} claim holds {@code rrs.admin}. When
 * the admin header is sent it alone decides (a wrong admin token is not rescued by a JWT). With no admin token
 * configured the header never matches, as in the reference. Every refusal is the same 403.
 */
public final class AdminAuthenticator {
    public static final String ADMIN_TOKEN_HEADER = "x-rezilient-admin-token";

    private final Optional<byte[]> adminTokenDigest;
    private final TokenVerifier tokens;

    /**
     * @param adminToken {@code RRS_ADMIN_TOKEN}; empty or blank means none is configured
     * @param tokens     verifies bearer tokens for the {@code rrs.admin} path
     */
    public AdminAuthenticator(Optional<String> adminToken, TokenVerifier tokens) {
        this.adminTokenDigest = adminToken.filter(t -> !t.isBlank()).map(AdminAuthenticator::sha256);
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /**
     * @param adminTokenHeader    the {@code x-rezilient-admin-token} value, or null when absent
     * @param authorizationHeader the {@code Authorization} value, or null when absent
     * @return the actor to record on the admin action
     * @throws AdminAccessDeniedException for every refusal
     */
    public AdminActor authenticate(String adminTokenHeader, String authorizationHeader) {
        if (adminTokenHeader != null) {
            if (adminTokenDigest.isPresent() && matches(adminTokenHeader)) {
                return AdminActor.adminToken();
            }
            throw new AdminAccessDeniedException("admin token does not match");
        }
        if (authorizationHeader == null) {
            throw new AdminAccessDeniedException("no admin token and no bearer token");
        }
        Principal principal;
        try {
            principal = tokens.authenticate(authorizationHeader);
        } catch (TokenRejectedException e) {
            throw new AdminAccessDeniedException("bearer token refused (" + e.reasonCode().wire() + "): " + e.getMessage());
        }
        if (!principal.tokenGrants(Capability.ADMIN)) {
            throw new AdminAccessDeniedException("bearer token lacks " + Capability.ADMIN.wire());
        }
        return AdminActor.of(principal);
    }

    /**
     * Compares SHA-256 digests with {@link MessageDigest#isEqual}: both sides are always 32 bytes, so neither the
     * position of the first wrong byte nor the configured token's length shows in the timing.
     */
    private boolean matches(String presented) {
        return MessageDigest.isEqual(sha256(presented), adminTokenDigest.orElseThrow());
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
