package io.rezilient.restore.service.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.service.http.InputText;

import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Reads the claims the reference requires (all ten present; strings non-blank identifiers, numbers finite;
 * {@code service_scope} {@code reg} or {@code rrs}) plus our optional {@code nbf} and {@code capabilities}. Any violation is
 * {@code denied_token_malformed}; messages name the claim, never its value.
 */
final class ClaimsParser {
    static final String CAPABILITIES = "capabilities";

    private ClaimsParser() {
    }

    static TokenClaims parse(Jwt.ObjectNodeView payload) {
        String serviceScope = string(payload, "service_scope");
        if (!serviceScope.equals("rrs") && !serviceScope.equals("reg")) {
            throw TokenRejectedException.malformed("claim service_scope must be reg or rrs");
        }
        return new TokenClaims(
                string(payload, "iss"),
                string(payload, "sub"),
                string(payload, "aud"),
                string(payload, "jti"),
                number(payload, "iat"),
                number(payload, "exp"),
                payload.has("nbf") ? OptionalDouble.of(number(payload, "nbf")) : OptionalDouble.empty(),
                serviceScope,
                string(payload, "tenant_id"),
                string(payload, "instance_id"),
                string(payload, "source"),
                capabilities(payload));
    }

    /**
     * Like the reference, {@code aud} must be a single string: an array is not accepted. Every string claim is an
     * identifier ({@link InputText#identifierProblem}): the scope and subject are stored with what the caller does,
     * so a claim that could not be stored (a NUL, control characters, more than 256 bytes) is refused here, as
     * malformed, not by the database later.
     */
    private static String string(Jwt.ObjectNodeView payload, String claim) {
        JsonNode value = payload.get(claim);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw TokenRejectedException.malformed("claim " + claim + " is missing or not a non-blank string");
        }
        InputText.identifierProblem(value.textValue()).ifPresent(problem -> {
            throw TokenRejectedException.malformed("claim " + claim + " " + problem);
        });
        return value.textValue();
    }

    private static double number(Jwt.ObjectNodeView payload, String claim) {
        JsonNode value = payload.get(claim);
        if (value == null || !value.isNumber() || !Double.isFinite(value.doubleValue())) {
            throw TokenRejectedException.malformed("claim " + claim + " is missing or not a finite number");
        }
        return value.doubleValue();
    }

    /**
     * Absent: the token grants no capabilities by itself (the grant table decides). Present: an array of known
     * capability strings. An unknown string rejects the token rather than being dropped, so a misspelt grant fails
     * loudly at the first call instead of surfacing later as a puzzling {@code blocked_missing_capability}.
     */
    private static Optional<Set<Capability>> capabilities(Jwt.ObjectNodeView payload) {
        if (!payload.has(CAPABILITIES)) {
            return Optional.empty();
        }
        JsonNode value = payload.get(CAPABILITIES);
        if (!value.isArray()) {
            throw TokenRejectedException.malformed("claim capabilities must be an array of strings");
        }
        Set<Capability> granted = EnumSet.noneOf(Capability.class);
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw TokenRejectedException.malformed("claim capabilities must be an array of strings");
            }
            try {
                granted.add(Capability.fromWire(item.textValue()));
            } catch (IllegalArgumentException e) {
                throw TokenRejectedException.malformed("claim capabilities names an unknown capability");
            }
        }
        return Optional.of(granted);
    }
}
