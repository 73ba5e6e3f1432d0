package io.rezilient.restore.agent.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@code sub} of a bearer JWT, read without verifying it: the service verifies tokens; the agent only needs to
 * name its operator in the fields the API still asks for ({@code finalized_by}), which the service checks against the
 * verified subject anyway.
 */
public final class TokenSubject {
    private TokenSubject() {
    }

    /**
     * @throws IllegalArgumentException when the token is not a JWT with a {@code sub}
     */
    public static String of(String token) {
        String[] parts = token.trim().split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("the token is not a JWT (header.payload.signature)");
        }
        JsonNode claims;
        try {
            claims = Json.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (RuntimeException malformed) {
            throw new IllegalArgumentException("the token's payload is not base64url JSON", malformed);
        }
        String subject = claims.path("sub").asText("");
        if (subject.isBlank()) {
            throw new IllegalArgumentException("the token has no sub claim");
        }
        return subject;
    }
}
