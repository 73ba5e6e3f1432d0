package io.rezilient.restore.service.evidence;

import io.rezilient.restore.objectstore.Immutability;
import io.rezilient.restore.objectstore.ObjectStore;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How evidence objects are written, decided once at start-up from {@code RRS_EVIDENCE_IMMUTABLE_WORM_ENABLED} and
 * what the object store really enforces (service-spec §7 only echoes the flag; issue: the signed
 * {@code immutable_storage} block must say what is applied, never a claim).
 *
 * @param immutability what the store enforces for the package's objects; {@link Immutability#NONE} when WORM is off
 * @param retention    how long Object Lock retains each object (only with {@link Immutability#OBJECT_LOCK})
 */
public record EvidenceStorage(boolean worm, Immutability immutability, Optional<Period> retention,
                              String retentionClass) {
    /** Where start-up probes the store: never a package's key. */
    public static final String PROBE_PREFIX = "evidence/.immutability-probe";
    private static final Pattern CLASS_PERIOD = Pattern.compile(".*-([1-9][0-9]{0,4})([dy])");

    public EvidenceStorage {
        Objects.requireNonNull(immutability, "immutability");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(retentionClass, "retentionClass");
    }

    /**
     * @throws IllegalStateException when WORM is asked for and the store cannot enforce it, or Object Lock needs a
     *                               retention period the class does not give
     */
    public static EvidenceStorage decide(boolean worm, String retentionClass, ObjectStore store) {
        if (!worm) {
            return new EvidenceStorage(false, Immutability.NONE, Optional.empty(), retentionClass);
        }
        Immutability found = store.immutability(PROBE_PREFIX);
        if (found == Immutability.NONE) {
            throw new IllegalStateException("RRS_EVIDENCE_IMMUTABLE_WORM_ENABLED is true but " + store.describe()
                    + " cannot keep evidence write-once: the bucket has no S3 Object Lock and the store replaced an"
                    + " object on a conditional create (If-None-Match: *); enable Object Lock or use a store that"
                    + " honours conditional writes, or set RRS_EVIDENCE_IMMUTABLE_WORM_ENABLED=false");
        }
        Optional<Period> retention = Optional.empty();
        if (found == Immutability.OBJECT_LOCK) {
            retention = Optional.of(period(retentionClass).orElseThrow(() -> new IllegalStateException(
                    "RRS_EVIDENCE_IMMUTABLE_RETENTION_CLASS " + retentionClass + " gives no retention period for S3"
                            + " Object Lock; end it in -<days>d or -<years>y (e.g. standard-30d, compliance-7y)")));
        }
        return new EvidenceStorage(true, found, retention, retentionClass);
    }

    /** The retention a class name ends in: {@code standard-30d} is 30 days, {@code compliance-7y} 7 years. */
    static Optional<Period> period(String retentionClass) {
        Matcher matcher = CLASS_PERIOD.matcher(retentionClass);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int count = Integer.parseInt(matcher.group(1));
        return Optional.of(matcher.group(2).equals("d") ? Period.ofDays(count) : Period.ofYears(count));
    }

    /** The block signed into every package: WORM only when the store enforces it. */
    public ImmutableStorage signedBlock() {
        return new ImmutableStorage(worm && immutability != Immutability.NONE, retentionClass);
    }

    /** Until when an object written at {@code now} is locked, with Object Lock. */
    public Optional<Instant> retainUntil(Instant now) {
        return retention.map(period -> now.atOffset(ZoneOffset.UTC).plus(period).toInstant());
    }

    /** What a stored package's {@code storage} says was applied. */
    public String describe(Instant now) {
        return switch (immutability) {
            case OBJECT_LOCK -> "s3_object_lock compliance until " + retainUntil(now).orElseThrow();
            case CONDITIONAL_CREATE -> worm ? "conditional_create (write-once)" : "conditional_create";
            case NONE -> "none";
        };
    }
}
