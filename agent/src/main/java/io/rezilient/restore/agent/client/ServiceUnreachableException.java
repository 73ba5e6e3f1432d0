package io.rezilient.restore.agent.client;

/** The restore service could not be reached or did not answer (network failure, timeout); retrying may help. */
public final class ServiceUnreachableException extends RuntimeException {
    public ServiceUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
