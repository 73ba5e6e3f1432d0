package io.rezilient.restore.agent.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.agent.crypto.BeforeImageIdentity;
import io.rezilient.restore.agent.crypto.BeforeImageSealer;
import io.rezilient.restore.agent.crypto.CannotDecryptException;
import io.rezilient.restore.agent.crypto.RowValueOpener;
import io.rezilient.restore.capture.keys.Keyring;
import io.rezilient.restore.agent.target.BeforeImage;
import io.rezilient.restore.agent.target.ChunkRequest;
import io.rezilient.restore.agent.target.ChunkResult;
import io.rezilient.restore.agent.target.ChunkStatus;
import io.rezilient.restore.agent.target.RowChange;
import io.rezilient.restore.agent.target.RowResult;
import io.rezilient.restore.agent.target.TargetWriter;
import io.rezilient.restore.contracts.restore.PlanRowAction;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.contracts.restore.RowOutcome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns one claim answer of the service into the commit body that reports it: opens each row's values with the
 * tenant keyring, applies the rows to the target as one chunk ({@link TargetWriter#apply}) and writes each row's
 * outcome with its sealed before-image and the record's fingerprint after the write. The agent's loop and the
 * service's push mode share it, so a row is applied the same way whoever drives the claims.
 *
 * <p>A claim of an undo job ({@code rollback_of_job_id}) carries per row the {@code journal_id} of the entry it
 * undoes; such a row's values are that entry's sealed before-image ({@code values.before_image_enc}), opened with
 * {@link BeforeImageSealer#open} for exactly that entry instead of with {@link RowValueOpener}.
 */
public final class ClaimExecutor {
    private final TargetWriter target;
    private final RowValueOpener opener;
    private final BeforeImageSealer beforeImages;

    /** Opens restore values and the journal's before-images (undo rows) with the tenant {@code keyring}. */
    public ClaimExecutor(TargetWriter target, Keyring keyring) {
        this.target = Objects.requireNonNull(target, "target");
        this.opener = new RowValueOpener(keyring);
        this.beforeImages = new BeforeImageSealer(keyring);
    }

    /**
     * What applying a claim gave.
     *
     * @param commit      the commit body ({@code claim_id}, {@code row_outcomes})
     * @param rowFallback whether the chunk was re-applied row by row
     * @param conflicts   rows skipped as conflicts with the target
     */
    public record Applied(ObjectNode commit, boolean rowFallback, int conflicts) {
    }

    /**
     * @param claim an accepted claim answer ({@code claim_id}, {@code claimed_rows}, {@code tenant_id} …)
     * @throws io.rezilient.restore.agent.target.TargetWriteException when the target fails outside the rows;
     *                                                                 applying the same claim again is safe
     */
    public Applied apply(String jobId, JsonNode claim) {
        String claimId = claim.path("claim_id").asText();
        String tenant = claim.path("tenant_id").asText();
        List<RowChange> changes = new ArrayList<>();
        Map<String, RowResult> unopened = new LinkedHashMap<>();
        for (JsonNode row : claim.path("claimed_rows")) {
            try {
                changes.add(change(claim, row));
            } catch (CannotDecryptException failed) {
                unopened.put(row.path("row_id").asText(), RowResult.failed(row.path("row_id").asText(),
                        ReasonCode.FAILED_INTERNAL_ERROR, failed.getMessage(), BeforeImage.absent(), false));
            }
        }
        Optional<List<String>> columns = Optional.empty();
        if (claim.path("columns").isArray()) {
            List<String> names = new ArrayList<>();
            claim.path("columns").forEach(column -> names.add(column.asText()));
            columns = Optional.of(names);
        }
        Map<String, RowResult> results = new LinkedHashMap<>();
        boolean fallback = false;
        if (!changes.isEmpty()) {
            ChunkResult applied = target.apply(new ChunkRequest(jobId, claimId, claim.path("plan_hash").asText(),
                    tenant, claim.path("instance_id").asText(), claim.path("source").asText(), columns, changes));
            applied.rows().forEach(result -> results.put(result.rowId(), result));
            fallback = applied.status() == ChunkStatus.ROW_FALLBACK;
        }
        results.putAll(unopened);
        ObjectNode commit = JsonNodeFactory.instance.objectNode().put("claim_id", claimId);
        ArrayNode outcomes = commit.putArray("row_outcomes");
        int conflicts = 0;
        for (JsonNode row : claim.path("claimed_rows")) {
            RowResult result = results.get(row.path("row_id").asText());
            outcomes.add(outcome(result));
            if (result.conflictClass().isPresent()) {
                conflicts++;
            }
        }
        return new Applied(commit, fallback, conflicts);
    }

    private RowChange change(JsonNode claim, JsonNode row) {
        String rowId = row.path("row_id").asText();
        String table = row.path("table").asText();
        String sysId = row.path("record_sys_id").asText();
        int attempt = row.path("row_attempt").asInt();
        PlanRowAction action = PlanRowAction.fromWire(row.path("action").asText());
        return switch (action) {
            case INSERT, UPDATE -> RowChange.write(rowId, table, sysId, action, attempt, open(claim, row),
                    Optional.empty());
            case DELETE -> RowChange.delete(rowId, table, sysId, attempt, Optional.empty());
            case SKIP -> RowChange.skip(rowId, table, sysId, attempt);
        };
    }

    /** The record a row writes: a journaled before-image for an undo row, else the restore value. */
    private ObjectNode open(JsonNode claim, JsonNode row) {
        String tenant = claim.path("tenant_id").asText();
        JsonNode journalId = row.get("journal_id");
        if (journalId == null || !journalId.isTextual()) {
            return opener.open(tenant, row);
        }
        String record = row.path("table").asText() + "/" + row.path("record_sys_id").asText();
        JsonNode sealed = row.path("values").get(BeforeImageSealer.FIELD);
        if (sealed == null || !sealed.isObject()) {
            throw new CannotDecryptException("cannot open the before-image of " + record + ": the undo row carries no "
                    + BeforeImageSealer.FIELD);
        }
        return beforeImages.open(new BeforeImageIdentity(tenant, claim.path("instance_id").asText(),
                claim.path("source").asText(), row.path("table").asText(), row.path("record_sys_id").asText(),
                journalId.textValue()), sealed);
    }

    /**
     * One commit row: outcome, reason, and for an applied row the sealed before-image (ciphertext only) and the
     * record's fingerprint after the write.
     */
    private static ObjectNode outcome(RowResult result) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        row.put("row_id", result.rowId());
        row.put("outcome", result.outcome().wire());
        row.put("reason_code", result.reasonCode().wire());
        result.message().ifPresent(message -> row.put("message", message));
        result.conflictClass().ifPresent(conflict -> row.put("conflict_class", conflict.wire()));
        if (result.usedRowFallback()) {
            row.put("used_row_fallback", true);
        }
        if (result.outcome() == RowOutcome.APPLIED) {
            ObjectNode image = row.putObject("before_image");
            image.put("state", result.beforeImage().state().wire());
            result.beforeImage().sealed().ifPresent(envelope -> image.set("enc", envelope));
            result.afterFingerprint().ifPresent(fingerprint -> row.put("after_fingerprint", fingerprint));
        }
        return row;
    }
}
