package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.conformance.CaseResult;
import io.rezilient.restore.contracts.conformance.ConformanceFamily;
import io.rezilient.restore.contracts.restore.ConflictClass;
import io.rezilient.restore.contracts.restore.Executability;
import io.rezilient.restore.contracts.restore.Freshness;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.service.index.PartitionRef;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Conformance family {@code dry_run_gate}: the case's request and watermarks are reduced to a {@link GateInput}
 * the way the planner reduces a real request (a row or hint counts as a requested partition only when it names a
 * topic and a non-negative integer partition), and {@link DryRunGate} must give exactly the reference's gate.
 */
public final class DryRunGateFamily implements ConformanceFamily {
    private static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;

    @Override
    public String name() {
        return "dry_run_gate";
    }

    @Override
    public CaseResult run(JsonNode vectorCase, JsonNode file) {
        JsonNode input = vectorCase.path("input");
        Gate gate = DryRunGate.evaluate(gateInput(input.path("request"), input.path("authoritative_watermarks")));
        return CaseResult.expectEqual("gate", vectorCase.get("expected"), gate.toJson());
    }

    static GateInput gateInput(JsonNode request, JsonNode watermarks) {
        Set<PartitionRef> requested = new HashSet<>();
        for (JsonNode row : request.path("rows")) {
            JsonNode metadata = row.path("metadata").path("metadata");
            partition(metadata.path("topic"), metadata.path("partition")).ifPresent(requested::add);
        }
        for (JsonNode hint : request.path("watermark_hints")) {
            partition(hint.path("topic"), hint.path("partition")).ifPresent(requested::add);
        }
        int unresolvedDeletes = countWithout(request.path("delete_candidates"), "decision");
        int unresolvedMedia = countWithout(request.path("media_candidates"), "decision");
        int unresolvedReferences = 0;
        for (JsonNode conflict : request.path("conflicts")) {
            if (ConflictClass.REFERENCE_CONFLICT.wire().equals(conflict.path("class").asText())
                    && absent(conflict.path("resolution"))) {
                unresolvedReferences++;
            }
        }
        List<WatermarkView> views = new ArrayList<>();
        for (JsonNode watermark : watermarks) {
            views.add(new WatermarkView(watermark.path("topic").asText(), watermark.path("partition").asLong(),
                    Freshness.fromWire(watermark.path("freshness").asText()),
                    Executability.fromWire(watermark.path("executability").asText()),
                    ReasonCode.fromWire(watermark.path("reason_code").asText()),
                    textOrNull(watermark.path("indexed_through_time")), textOrNull(watermark.path("measured_at"))));
        }
        return new GateInput(requested, unresolvedDeletes, unresolvedMedia, unresolvedReferences, views);
    }

    /** A requested partition when the topic is a string and the partition a non-negative integer. */
    private static Optional<PartitionRef> partition(JsonNode topic, JsonNode partition) {
        if (!topic.isTextual() || !partition.isNumber()) {
            return Optional.empty();
        }
        double value = partition.doubleValue();
        if (value != Math.rint(value) || value > MAX_SAFE_INTEGER) {
            return Optional.empty();
        }
        return DryRunGate.requestedPartition(topic.textValue(), (long) value);
    }

    private static int countWithout(JsonNode items, String field) {
        int count = 0;
        for (JsonNode item : items) {
            if (absent(item.path(field))) {
                count++;
            }
        }
        return count;
    }

    private static boolean absent(JsonNode value) {
        return value.isMissingNode() || value.isNull();
    }

    private static String textOrNull(JsonNode value) {
        return value.isTextual() ? value.textValue() : null;
    }
}
