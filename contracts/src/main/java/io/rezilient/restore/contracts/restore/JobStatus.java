package io.rezilient.restore.contracts.restore;

/** Status of a restore job (service-spec §5.1, §5.3); the last three are terminal. */
public enum JobStatus implements WireEnum {
    QUEUED("queued"),
    RUNNING("running"),
    PAUSED("paused"),
    COMPLETED("completed"),
    FAILED("failed"),
    CANCELLED("cancelled");

    private final String wire;

    JobStatus(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** Terminal jobs hold no locks and accept no further transitions. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** The constant for a wire value; anything else is rejected with the allowed values listed. */
    public static JobStatus fromWire(String value) {
        return WireValues.fromWire(JobStatus.class, "job status", value);
    }
}
