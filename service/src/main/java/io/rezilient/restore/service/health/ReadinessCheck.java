package io.rezilient.restore.service.health;

/** One dependency {@code /readyz} probes. {@link #probe()} returns when the dependency answers and throws otherwise. */
public interface ReadinessCheck {
    /** A dependency that answers but is not usable ({@link #SCHEMA_NOT_CURRENT}, …), as opposed to one that fails. */
    String SCHEMA_NOT_CURRENT = "schema_not_current";
    /** The probe failed (connection refused, bad credentials, missing bucket, …). */
    String UNAVAILABLE = "unavailable";
    /** The probe did not finish within the readiness deadline. */
    String TIMED_OUT = "timed_out";
    /** The probe was interrupted (the service is stopping). */
    String INTERRUPTED = "interrupted";

    /** Short, stable name shown in the {@code /readyz} body ({@code postgres}, {@code schema}, {@code object_store}). */
    String name();

    /**
     * Throws when the dependency is not usable: a {@link Failure} to name a reason code of its own, anything else
     * for {@link #UNAVAILABLE}. The exception's message (no secrets) is logged, not answered.
     */
    void probe() throws Exception;

    /** A probe's refusal with a stable reason code for the {@code /readyz} body and a message for the log. */
    final class Failure extends Exception {
        private final String reasonCode;

        public Failure(String reasonCode, String message) {
            super(message);
            this.reasonCode = java.util.Objects.requireNonNull(reasonCode, "reasonCode");
        }

        public String reasonCode() {
            return reasonCode;
        }
    }
}
