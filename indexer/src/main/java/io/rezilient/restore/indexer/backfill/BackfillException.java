package io.rezilient.restore.indexer.backfill;

import java.util.Objects;

/** A backfill request or state change that was refused, with the reason code operators and clients see. */
public final class BackfillException extends RuntimeException {
    private final String reasonCode;

    public BackfillException(String reasonCode, String message) {
        super(message);
        this.reasonCode = Objects.requireNonNull(reasonCode, "reasonCode");
    }

    public String reasonCode() {
        return reasonCode;
    }
}
