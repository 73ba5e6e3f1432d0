package io.rezilient.restore.service.evidence;

/** The evidence tables could not be read or written. */
public final class EvidenceStoreException extends RuntimeException {
    public EvidenceStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
