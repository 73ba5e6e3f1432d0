package io.rezilient.restore.contracts.audit;

import io.rezilient.restore.contracts.restore.WireEnum;
import io.rezilient.restore.contracts.restore.WireValues;

/**
 * The job events of {@code GET /v1/jobs/{id}/events} (service-spec §5.4) and how each maps onto the normalised
 * cross-service audit vocabulary (§9), so both streams are written from one place.
 */
public enum LegacyJobEventType implements WireEnum {
    JOB_CREATED("job_created", AuditLifecycle.PLAN, "job_created", AuditOutcome.ACCEPTED),
    JOB_QUEUED("job_queued", AuditLifecycle.EXECUTE, "queued_for_lock", AuditOutcome.QUEUED),
    JOB_STARTED("job_started", AuditLifecycle.EXECUTE, "started", AuditOutcome.STARTED),
    JOB_PAUSED("job_paused", AuditLifecycle.RESUME, "paused", AuditOutcome.PAUSED),
    JOB_COMPLETED("job_completed", AuditLifecycle.EXECUTE, "completed", AuditOutcome.COMPLETED),
    JOB_FAILED("job_failed", AuditLifecycle.EXECUTE, "failed", AuditOutcome.FAILED),
    JOB_CANCELLED("job_cancelled", AuditLifecycle.EXECUTE, "cancelled", AuditOutcome.CANCELLED);

    /** The normalised lifecycle, action and outcome of a legacy job event. */
    public record Mapping(AuditLifecycle lifecycle, String action, AuditOutcome outcome) {
    }

    private final String wire;
    private final Mapping mapping;

    LegacyJobEventType(String wire, AuditLifecycle lifecycle, String action, AuditOutcome outcome) {
        this.wire = wire;
        this.mapping = new Mapping(lifecycle, action, outcome);
    }

    @Override
    public String wire() {
        return wire;
    }

    /**
     * The cross-service mapping; a {@code job_started} that resumes a paused execution is {@code resume/resumed}.
     *
     * @param resumedFromPause the event's {@code details.resumed_from_pause}
     */
    public Mapping crossServiceMapping(boolean resumedFromPause) {
        if (this == JOB_STARTED && resumedFromPause) {
            return new Mapping(AuditLifecycle.RESUME, "resumed", AuditOutcome.STARTED);
        }
        return mapping;
    }

    public static LegacyJobEventType fromWire(String value) {
        return WireValues.fromWire(LegacyJobEventType.class, "job event type", value);
    }
}
