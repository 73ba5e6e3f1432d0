package io.rezilient.restore.service.auth;

import io.rezilient.restore.contracts.restore.Capability;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.Optional;

/**
 * Opens {@code /v1/admin/*} (service-spec §2.7, architecture §6): the {@code x-rezilient-admin-token} header equal to
 * {@code RRS_ADMIN_TOKEN}, or — ours — a bearer token that holds {@code rrs.admin}: through its {@code capabilities}
 * claim, or, when it has no such claim (the auth control plane's tokens), through the grant table for its scope and
 * subject ({@link EffectiveCapabilities}). An {@code rrs.admin} grant in any one scope opens the whole admin API, as
 * the claim does. When the admin header is sent it alone decides (a wrong admin token is not rescued by a JWT). With
 * no admin token configured the header never matches, as in the reference. Every refusal is the same 403.
 */
public final class AdminAuthenticator {
    public static final String ADMIN_TOKEN_HEADER = "x-rezilient-admin-token";

    private final Optional<byte[]> adminTokenDigest;
    private final TokenVerifier tokens;
    private final EffectiveCapabilities capabilities;

    /** Trusts only the tokens' own claims: a token without a {@code capabilities} claim is never an admin. */
    public AdminAuthenticator(Optional<String> adminToken, TokenVerifier tokens) {
        this(adminToken, tokens, new EffectiveCapabilities(CapabilityGrants.NONE));
    }

    /**
     * @param adminToken   {@code RRS_ADMIN_TOKEN}; empty or blank means none is configured
     * @param tokens       verifies bearer tokens for the {@code rrs.admin} path
     * @param capabilities what a verified token holds: its claim, else its grants
     */
    public AdminAuthenticator(Optional<String> adminToken, TokenVerifier tokens, EffectiveCapabilities capabilities) {
        this.adminTokenDigest = adminToken.filter(t -> !t.isBlank()).map(AdminAuthenticator::sha256);
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
    }

    /**
     * @param adminTokenHeader    the {@code x-rezilient-admin-token} value, or null when absent
     * @param authorizationHeader the {@code Authorization} value, or null when absent
     * @return the actor to record on the admin action
     * @throws AdminAccessDeniedException           for every refusal
     * @throws CapabilityGrantsUnavailableException when a valid token without a claim meets unreadable grants: not
     *                                              a refusal (the caller may well hold {@code rrs.admin}), so it
     *                                              propagates as an outage instead of becoming the 403
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
        if (!capabilities.holds(principal, Capability.ADMIN)) {
            throw new AdminAccessDeniedException(principal.capabilities().isPresent()
                    ? "bearer token's capabilities claim lacks " + Capability.ADMIN.wire()
                    : "no " + Capability.ADMIN.wire() + " grant for subject " + principal.subject() + " in its scope");
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
