package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.restore.ReconciliationState;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything stored about a plan except its key and its rows (service-spec §4.9 "stored record"). The rows, and
 * what is derived from them ({@code pit_resolutions}, {@code target_reconciliation_records}, the {@code rows} of
 * {@code plan_hash_input}), are streamed separately, so a header stays small whatever the plan's size.
 *
 * @param planHash            a draft's preview hash, or the finalised plan's hash
 * @param requestFingerprint  lower-case hex SHA-256 identifying the dry-run request's inputs
 * @param finalizedBy         present exactly when finalised
 * @param rowCount            the number of rows in {@code plan_rows}; the store checks it on commit
 * @param planHashInputHead   {@code plan_hash_input} without its {@code rows} array
 * @param finalizedAt         present exactly when finalised
 */
public record PlanHeader(ReconciliationState state, String planHash, String requestFingerprint, String requestedBy,
                         Optional<String> finalizedBy, long rowCount, ObjectNode plan, ObjectNode planHashInputHead,
                         ObjectNode gate, ArrayNode deleteCandidates, ArrayNode mediaCandidates,
                         ArrayNode watermarks, Instant createdAt, Instant updatedAt, Optional<Instant> finalizedAt) {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public PlanHeader {
        Objects.requireNonNull(state, "state");
        requireHex(planHash, "planHash");
        requireHex(requestFingerprint, "requestFingerprint");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(finalizedBy, "finalizedBy");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(planHashInputHead, "planHashInputHead");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(deleteCandidates, "deleteCandidates");
        Objects.requireNonNull(mediaCandidates, "mediaCandidates");
        Objects.requireNonNull(watermarks, "watermarks");
        Objects.requireNonNull(finalizedAt, "finalizedAt");
        if (rowCount < 0) {
            throw new IllegalArgumentException("rowCount must not be negative: " + rowCount);
        }
        if (planHashInputHead.has("rows")) {
            throw new IllegalArgumentException("planHashInputHead must not carry rows: they are stored as plan rows");
        }
        boolean finalized = state == ReconciliationState.FINALIZED;
        if (finalizedBy.isPresent() != finalized || finalizedAt.isPresent() != finalized) {
            throw new IllegalArgumentException("finalizedBy and finalizedAt are set exactly when the plan is finalized");
        }
        // the database keeps microseconds: normalise here so that a stored header equals the one written
        createdAt = micros(createdAt, "createdAt");
        updatedAt = micros(updatedAt, "updatedAt");
        finalizedAt = finalizedAt.map(at -> micros(at, "finalizedAt"));
    }

    /** This draft as finalised: state, finaliser and times set, all other fields as given. */
    public PlanHeader finalized(String by, Instant at, String newPlanHash, ObjectNode newPlan,
                                ObjectNode newPlanHashInputHead, ObjectNode newGate) {
        return new PlanHeader(ReconciliationState.FINALIZED, newPlanHash, requestFingerprint, requestedBy,
                Optional.of(by), rowCount, newPlan, newPlanHashInputHead, newGate, deleteCandidates,
                mediaCandidates, watermarks, createdAt, at, Optional.of(at));
    }

    private static void requireHex(String value, String name) {
        Objects.requireNonNull(value, name);
        if (!SHA256_HEX.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be lower-case hex SHA-256: " + value);
        }
    }

    private static Instant micros(Instant instant, String name) {
        return Objects.requireNonNull(instant, name).truncatedTo(ChronoUnit.MICROS);
    }
}
