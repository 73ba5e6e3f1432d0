package io.rezilient.restore.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.pit.PitTuple;
import io.rezilient.restore.contracts.pit.SysModCount;
import io.rezilient.restore.contracts.restore.PlanRowAction;
import io.rezilient.restore.contracts.restore.ReconciliationState;
import io.rezilient.restore.contracts.restore.SourceOperation;
import io.rezilient.restore.service.plans.DraftRow;
import io.rezilient.restore.service.plans.PlanHeader;
import io.rezilient.restore.service.plans.PlanKey;
import io.rezilient.restore.service.plans.PlanRow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Plan rows shaped like the ones dry-run materialises (~1 kB of JSON each: the allow-listed metadata envelope
 * and two encrypted value blobs), and the headers that commit them, for the plan store benchmark.
 */
final class PlanStoreRows {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final Instant CREATED = Instant.parse("2026-03-01T10:00:00.123456Z");

    private PlanStoreRows() {
    }

    /** Row {@code i} of the plan {@code key}: a record of table incident with its PIT winner. */
    static DraftRow row(PlanKey key, int i) {
        String sysId = sha256("record-" + i).substring(0, 32);
        String rowId = "row." + sha256("incident|" + sysId);
        SourceOperation operation = SourceOperation.values()[i % 3];
        ObjectNode metadata = JSON.objectNode()
                .put("tenant_id", key.tenantId()).put("instance_id", key.instanceId()).put("source", key.source())
                .put("table", "incident").put("record_sys_id", sysId)
                .put("event_id", "evt-" + sha256("event-" + i).substring(0, 24)).put("event_type", "cdc.write")
                .put("operation", operation.wire()).put("schema_version", 3)
                .put("sys_updated_on", "2026-02-21 10:00:00").put("sys_mod_count", i % 50)
                .put("__time", "2026-02-21T10:00:00.000Z").put("topic", "rez.cdc").put("partition", i % 4)
                .put("offset", Integer.toString(100_000 + i));
        ObjectNode envelope = JSON.objectNode().put("allowlist_version", "rrs.metadata.allowlist.v1");
        envelope.set("metadata", metadata);
        ObjectNode values = JSON.objectNode();
        values.set("diff_enc", ciphertext("diff-" + i, 96));
        values.set("after_image_enc", ciphertext("after-" + i, 160));
        PitTuple winner = new PitTuple("2026-02-21 10:00:00", SysModCount.of(i % 50), "2026-02-21T10:00:00.000Z",
                "evt-" + i);
        PlanRow row = new PlanRow(rowId, "incident", sysId, operation.sourceAction(), sha256("pre-" + i), envelope,
                values);
        return new DraftRow(row, "rez/cdc/incident/" + sysId + ".artifact.json",
                "rez/cdc/incident/" + sysId + ".manifest.json", operation, winner);
    }

    /** The row as finalising leaves it: another action and a new precondition hash. */
    static DraftRow reconciled(DraftRow draft, PlanRowAction action) {
        PlanRow row = draft.row();
        return new DraftRow(new PlanRow(row.rowId(), row.table(), row.recordSysId(), action,
                sha256("final-" + row.rowId() + action.wire()), row.metadata(), row.values()), draft.artifactKey(),
                draft.manifestKey(), draft.sourceOperation(), draft.winnerTuple());
    }

    /** The header of a draft of {@code rows} rows. */
    static PlanHeader draftHeader(long rows, String seed) {
        ObjectNode plan = JSON.objectNode().put("contract_version", "restore.plan.v1")
                .put("plan_hash", sha256("plan-" + seed));
        plan.set("action_counts", JSON.objectNode().put("update", rows).put("insert", 0));
        ObjectNode head = JSON.objectNode().put("plan_hash_input_version", "restore.plan-hash-input.v1");
        head.set("pit", JSON.objectNode().put("restore_time", "2026-02-21T10:00:00.000Z"));
        ObjectNode gate = JSON.objectNode().put("executability", "executable").put("reason_code", "none");
        return new PlanHeader(ReconciliationState.DRAFT, sha256("plan-" + seed), sha256("request-" + seed),
                "bench-operator", Optional.empty(), rows, plan, head, gate, JSON.arrayNode(), JSON.arrayNode(),
                JSON.arrayNode(), CREATED, CREATED, Optional.empty());
    }

    private static ObjectNode ciphertext(String seed, int bytes) {
        byte[] digest = HexFormat.of().parseHex(sha256(seed));
        byte[] body = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            body[i] = digest[i % digest.length];
        }
        return JSON.objectNode().put("alg", "AES-256-CBC").put("kid", "kms-01")
                .put("ciphertext", Base64.getEncoder().encodeToString(body));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
