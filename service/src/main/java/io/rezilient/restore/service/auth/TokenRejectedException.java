package io.rezilient.restore.service.auth;

import io.rezilient.restore.contracts.restore.ReasonCode;

import java.util.Objects;

/**
 * A bearer token was refused: answer {@code 401 {"error":"unauthorized","reason_code":reasonCode}} (service-spec
 * §2.1). The message says why for the log; it never quotes the token or its claim values, and it must not be put in
 * the response body, which carries only the reason code as the reference does.
 */
public final class TokenRejectedException extends RuntimeException {
    private final ReasonCode reasonCode;

    public TokenRejectedException(ReasonCode reasonCode, String detail) {
        // No stack trace: a rejected token is an expected outcome on a hot path, not a bug to debug.
        super(detail, null, false, false);
        this.reasonCode = Objects.requireNonNull(reasonCode, "reasonCode");
    }

    public ReasonCode reasonCode() {
        return reasonCode;
    }

    static TokenRejectedException malformed(String detail) {
        return new TokenRejectedException(ReasonCode.DENIED_TOKEN_MALFORMED, detail);
    }

    static TokenRejectedException invalidSignature(String detail) {
        return new TokenRejectedException(ReasonCode.DENIED_TOKEN_INVALID_SIGNATURE, detail);
    }
}
