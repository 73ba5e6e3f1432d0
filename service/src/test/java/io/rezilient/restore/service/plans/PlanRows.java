package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.pit.PitTuple;
import io.rezilient.restore.contracts.pit.SysModCount;
import io.rezilient.restore.contracts.restore.PlanRowAction;
import io.rezilient.restore.contracts.restore.ReconciliationState;
import io.rezilient.restore.contracts.restore.SourceOperation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;

/** Realistic plan rows and headers for the plan store tests (~700 bytes of JSON per row, as materialised). */
final class PlanRows {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final Instant CREATED = Instant.parse("2026-03-01T10:00:00.123456Z");
    /** Byte-wise order of row ids, the order of the {@code COLLATE "C"} column. */
    static final Comparator<String> BYTE_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private PlanRows() {
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Row {@code i}: ids alternate between upper- and lower-case hex so byte order (upper case first) differs from
     * a locale's case-insensitive order; every 97th id has a character outside ASCII.
     */
    static DraftRow row(PlanKey key, int i) {
        String sysId = sha256("record-" + i).substring(0, 32);
        String hex = sha256("incident|" + sysId);
        String rowId = "row." + (i % 2 == 0 ? hex.toUpperCase() : hex) + (i % 97 == 0 ? "Ä" : "");
        return row(key, rowId, sysId, i);
    }

    static DraftRow row(PlanKey key, String rowId, String sysId, int i) {
        SourceOperation operation = SourceOperation.values()[i % 3];
        ObjectNode metadata = JSON.objectNode();
        metadata.put("tenant_id", key.tenantId());
        metadata.put("instance_id", key.instanceId());
        metadata.put("source", key.source());
        metadata.put("table", "incident");
        metadata.put("record_sys_id", sysId);
        metadata.put("event_id", "evt-" + sha256("event-" + i).substring(0, 24));
        metadata.put("event_type", "cdc.write");
        metadata.put("operation", operation.wire());
        metadata.put("schema_version", 3);
        metadata.put("sys_updated_on", "2026-02-21 10:00:00");
        metadata.put("sys_mod_count", i % 50);
        metadata.put("__time", "2026-02-21T10:00:00.000Z");
        metadata.put("topic", "rez.cdc");
        metadata.put("partition", i % 4);
        metadata.put("offset", Integer.toString(100_000 + i));
        ObjectNode envelope = JSON.objectNode();
        envelope.put("allowlist_version", "rrs.metadata.allowlist.v1");
        envelope.set("metadata", metadata);
        ObjectNode values = JSON.objectNode();
        values.set("diff_enc", encrypted("diff-" + i, 96));
        values.set("after_image_enc", encrypted("after-" + i, 160));
        PitTuple winner = new PitTuple("2026-02-21 10:00:00", i % 5 == 0 ? SysModCount.ABSENT : SysModCount.of(i % 50),
                "2026-02-21T10:00:00.000Z", "evt-" + i);
        PlanRow planRow = new PlanRow(rowId, "incident", sysId, operation.sourceAction(), sha256("pre-" + i),
                envelope, values);
        return new DraftRow(planRow, "rez/cdc/incident/" + sysId + ".json", "rez/cdc/incident/" + sysId
                + ".manifest.json", operation, winner);
    }

    private static ObjectNode encrypted(String seed, int bytes) {
        byte[] ciphertext = new byte[bytes];
        byte[] digest = HexFormat.of().parseHex(sha256(seed));
        for (int i = 0; i < bytes; i++) {
            ciphertext[i] = digest[i % digest.length];
        }
        ObjectNode json = JSON.objectNode();
        json.put("alg", "AES-256-CBC");
        json.put("kid", "kms-01");
        json.put("ciphertext", Base64.getEncoder().encodeToString(ciphertext));
        return json;
    }

    /** A draft row with another action and a recomputed hash, as finalising produces it. */
    static DraftRow reconciled(DraftRow draft, PlanRowAction action) {
        PlanRow row = draft.row();
        return new DraftRow(new PlanRow(row.rowId(), row.table(), row.recordSysId(), action,
                sha256("final-" + row.rowId() + action.wire()), row.metadata(), row.values()), draft.artifactKey(),
                draft.manifestKey(), draft.sourceOperation(), draft.winnerTuple());
    }

    static PlanHeader draftHeader(long rows, String seed) {
        ObjectNode plan = JSON.objectNode();
        plan.put("contract_version", "restore.plan.v1");
        plan.put("plan_hash", sha256("plan-" + seed));
        plan.set("action_counts", JSON.objectNode().put("update", (int) rows).put("insert", 0));
        ObjectNode head = JSON.objectNode();
        head.put("plan_hash_input_version", "restore.plan-hash-input.v1");
        head.set("pit", JSON.objectNode().put("restore_time", "2026-02-21T10:00:00.000Z"));
        ObjectNode gate = JSON.objectNode().put("executability", "blocked").put("reason_code", "blocked_freshness_unknown")
                .put("unknown_partition_count", 1);
        return new PlanHeader(ReconciliationState.DRAFT, sha256("plan-" + seed), sha256("request-" + seed), "alice",
                Optional.empty(), rows, plan, head, gate, JSON.arrayNode().add(JSON.objectNode().put("candidate_id", "d1")),
                JSON.arrayNode(), JSON.arrayNode().add(JSON.objectNode().put("topic", "rez.cdc").put("partition", 0)),
                CREATED, CREATED, Optional.empty());
    }
}
