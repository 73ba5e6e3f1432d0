package io.rezilient.restore.service.auth;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The one rule for HS256 shared secrets: at least 32 bytes of UTF-8, the length of the SHA-256 output, as RFC 7518
 * §3.2 requires ("a key of the same size as the hash output … MUST be used"). A shorter secret makes every token
 * easier to forge offline from a single captured token, so the service refuses to start with one and
 * {@code rez token issue} refuses to sign with one (the reference accepts any non-empty secret: deviation S47).
 */
public final class Hs256Secrets {
    public static final int MIN_BYTES = 32;

    private Hs256Secrets() {
    }

    /**
     * Why {@code secret} is not usable, in words that follow the name of the variable holding it; empty when it is.
     * Never quotes the secret.
     */
    public static Optional<String> problem(String secret) {
        int bytes = secret == null ? 0 : secret.getBytes(StandardCharsets.UTF_8).length;
        if (bytes >= MIN_BYTES) {
            return Optional.empty();
        }
        return Optional.of("must be at least " + MIN_BYTES + " bytes (RFC 7518 §3.2: an HS256 key as long as the "
                + "SHA-256 output), got " + bytes + "; generate one with: openssl rand -hex 32");
    }
}
