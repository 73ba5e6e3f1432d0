package io.rezilient.restore.service.auth;

import io.rezilient.restore.contracts.restore.ReasonCode;

/**
 * An admin call was refused: answer {@code 403 {"error":"forbidden","reason_code":"admin_auth_required"}}
 * (service-spec §2.7). Every cause gets the same answer so a caller cannot tell a wrong admin token from a valid
 * JWT lacking {@code rrs.admin}; the message is for the log only.
 */
public final class AdminAccessDeniedException extends RuntimeException {
    AdminAccessDeniedException(String detail) {
        super(detail, null, false, false);
    }

    public ReasonCode reasonCode() {
        return ReasonCode.ADMIN_AUTH_REQUIRED;
    }
}
