package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.CanonicalJson;
import io.rezilient.restore.contracts.json.JsCollation;
import io.rezilient.restore.contracts.restore.WireEnum;
import io.rezilient.restore.contracts.restore.WireValues;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.contracts.validation.Issue;
import io.rezilient.restore.contracts.validation.ParseResult;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.http.ApiError;
import io.rezilient.restore.service.plans.query.EncodedQuery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A validated {@code POST /v1/plans/dry-run} body (service-spec §4.1). The JSON pieces that end up in the plan
 * ({@code pit}, {@code scope}, {@code execution_options}, conflicts and candidates) are kept in their parsed form,
 * so they go into {@code plan_hash_input} and the plan record exactly as the contracts normalise them; the typed
 * views next to them are what the planner works with. JSON is copied in and out, so an instance never changes.
 *
 * @param mediaCandidates in request order; {@link #mediaCandidatesByCandidateId()} gives the hash-input order
 * @param approval        the caller's approval block, if any (stored only as a placeholder, §5.1)
 * @param watermarkHints  {@code compatibility_adapter.watermarks} reduced to {@code {topic, partition?}}; the
 *                        adapter's rows and PIT candidates are validated and then dropped
 */
public record DryRunRequest(String tenantId, String instanceId, String source, String planId, String requestedBy,
                            Pit pit, Scope scope, ObjectNode executionOptions, List<ObjectNode> conflicts,
                            List<ObjectNode> deleteCandidates, List<ObjectNode> mediaCandidates,
                            Optional<ObjectNode> approval, List<WatermarkHint> watermarkHints) {

    /** {@code scope.mode}. */
    public enum ScopeMode implements WireEnum {
        TABLE("table"),
        RECORD("record"),
        COLUMN("column");

        private final String wire;

        ScopeMode(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }

        public static ScopeMode fromWire(String value) {
            return WireValues.fromWire(ScopeMode.class, "scope mode", value);
        }
    }

    /**
     * The point in time to restore to.
     *
     * @param restoreTime {@code pit.restore_time}; an event exactly at it is a candidate
     * @param json        the parsed {@code pit} object as it goes into {@code plan_hash_input}
     */
    public record Pit(Instant restoreTime, ObjectNode json) {
        public Pit {
            Objects.requireNonNull(restoreTime, "restoreTime");
            json = Objects.requireNonNull(json, "json").deepCopy();
        }

        @Override
        public ObjectNode json() {
            return json.deepCopy();
        }
    }

    /**
     * What to restore.
     *
     * @param tables       trimmed, de-duplicated, sorted: the index lookup's tables
     * @param recordSysIds {@code record_sys_ids}, trimmed, de-duplicated, sorted
     * @param encodedQuery the parsed {@code encoded_query}
     * @param columns      {@code columns} as given (column mode)
     * @param json         the parsed {@code scope} object as it goes into {@code plan_hash_input} (not re-sorted:
     *                     the reference hashes it as the caller wrote it)
     */
    public record Scope(ScopeMode mode, List<String> tables, Optional<List<String>> recordSysIds,
                        Optional<EncodedQuery> encodedQuery, Optional<List<String>> columns, ObjectNode json) {
        public Scope {
            Objects.requireNonNull(mode, "mode");
            tables = List.copyOf(tables);
            recordSysIds = recordSysIds.map(List::copyOf);
            Objects.requireNonNull(encodedQuery, "encodedQuery");
            columns = columns.map(List::copyOf);
            json = Objects.requireNonNull(json, "json").deepCopy();
        }

        @Override
        public ObjectNode json() {
            return json.deepCopy();
        }
    }

    public DryRunRequest {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(pit, "pit");
        Objects.requireNonNull(scope, "scope");
        executionOptions = Objects.requireNonNull(executionOptions, "executionOptions").deepCopy();
        conflicts = copies(conflicts);
        deleteCandidates = copies(deleteCandidates);
        mediaCandidates = copies(mediaCandidates);
        approval = approval.map(ObjectNode::deepCopy);
        watermarkHints = List.copyOf(watermarkHints);
    }

    /**
     * Validates a request body.
     *
     * @throws ApiError 400 {@code invalid_request} with the first broken rule, prefixed by where it is (e.g.
     *                  {@code pit.restore_time: must be ISO datetime …}); never anything else
     */
    public static DryRunRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiError.invalidRequest("request body must be a JSON object");
        }
        ParseResult result = DryRunRequestSchema.SCHEMA.parse(body);
        if (!result.isValid()) {
            throw ApiError.invalidRequest(describe(result.firstIssue().orElseThrow()));
        }
        return fromParsed(result.value());
    }

    /** The tenant/instance/source the plan belongs to. */
    public ResourceScope resourceScope() {
        return new ResourceScope(tenantId, instanceId, source);
    }

    /**
     * Identifies the request's content for plan_id reuse (architecture §5, deviation 1): lower-case SHA-256 of the
     * canonical JSON of everything parsed except {@code requested_by}, so a retry by another operator is the same
     * request while any change to scope, PIT, options, conflicts, candidates, decisions, approval or hints is not.
     * Media candidates count in {@code candidate_id} order, as the plan hash does.
     */
    public String fingerprint() {
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        content.put("tenant_id", tenantId);
        content.put("instance_id", instanceId);
        content.put("source", source);
        content.put("plan_id", planId);
        content.set("pit", pit.json());
        content.set("scope", scope.json());
        content.set("execution_options", executionOptions);
        content.set("conflicts", array(conflicts));
        content.set("delete_candidates", array(deleteCandidates));
        content.set("media_candidates", array(mediaCandidatesByCandidateId()));
        approval.ifPresent(block -> content.set("approval", block));
        ArrayNode hints = content.putArray("watermark_hints");
        for (WatermarkHint hint : watermarkHints) {
            ObjectNode json = hints.addObject().put("topic", hint.topic());
            hint.partition().ifPresent(partition -> json.put("partition", partition));
        }
        return CanonicalJson.sha256Of(content);
    }

    @Override
    public ObjectNode executionOptions() {
        return executionOptions.deepCopy();
    }

    @Override
    public List<ObjectNode> conflicts() {
        return copies(conflicts);
    }

    @Override
    public List<ObjectNode> deleteCandidates() {
        return copies(deleteCandidates);
    }

    @Override
    public List<ObjectNode> mediaCandidates() {
        return copies(mediaCandidates);
    }

    @Override
    public Optional<ObjectNode> approval() {
        return approval.map(ObjectNode::deepCopy);
    }

    /** Media candidates sorted by {@code candidate_id} ({@code localeCompare}), as {@code plan_hash_input} needs. */
    public List<ObjectNode> mediaCandidatesByCandidateId() {
        List<ObjectNode> sorted = new ArrayList<>(copies(mediaCandidates));
        sorted.sort(Comparator.comparing(candidate -> candidate.path("candidate_id").asText(),
                JsCollation.LOCALE_COMPARE));
        return List.copyOf(sorted);
    }

    private static DryRunRequest fromParsed(JsonNode parsed) {
        ObjectNode pitJson = (ObjectNode) parsed.get("pit");
        // the schema already checked the timestamp, so it parses
        Instant restoreTime = IsoUtc.parse(pitJson.path("restore_time").asText()).orElseThrow();
        JsonNode adapter = parsed.get("compatibility_adapter");
        return new DryRunRequest(
                parsed.path("tenant_id").asText(),
                parsed.path("instance_id").asText(),
                parsed.path("source").asText(),
                parsed.path("plan_id").asText(),
                parsed.path("requested_by").asText(),
                new Pit(restoreTime, pitJson),
                scope((ObjectNode) parsed.get("scope")),
                (ObjectNode) parsed.get("execution_options"),
                objects(parsed.get("conflicts")),
                objects(parsed.get("delete_candidates")),
                objects(parsed.get("media_candidates")),
                Optional.ofNullable((ObjectNode) parsed.get("approval")),
                adapter == null ? List.of() : hints(adapter.get("watermarks")));
    }

    private static Scope scope(ObjectNode json) {
        Optional<EncodedQuery> query = Optional.ofNullable(json.get("encoded_query"))
                .map(node -> EncodedQuery.parse(node.textValue()));
        return new Scope(ScopeMode.fromWire(json.path("mode").asText()),
                normalized(strings(json.get("tables"))),
                Optional.ofNullable(json.get("record_sys_ids")).map(ids -> normalized(strings(ids))),
                query,
                Optional.ofNullable(json.get("columns")).map(DryRunRequest::strings),
                json);
    }

    private static List<WatermarkHint> hints(JsonNode watermarks) {
        List<WatermarkHint> hints = new ArrayList<>();
        for (JsonNode watermark : watermarks) {
            JsonNode partition = watermark.get("partition");
            hints.add(new WatermarkHint(watermark.path("topic").asText(),
                    partition == null ? OptionalInt.empty() : OptionalInt.of(partition.intValue())));
        }
        return List.copyOf(hints);
    }

    /** Trimmed, de-duplicated, sorted: equal scopes give equal index lookups (same rule as the index query). */
    private static List<String> normalized(Collection<String> values) {
        return values.stream().map(String::trim).filter(value -> !value.isEmpty()).distinct().sorted().toList();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>(array.size());
        array.forEach(value -> values.add(value.textValue()));
        return values;
    }

    private static List<ObjectNode> objects(JsonNode array) {
        List<ObjectNode> values = new ArrayList<>(array.size());
        array.forEach(value -> values.add((ObjectNode) value));
        return values;
    }

    private static List<ObjectNode> copies(List<ObjectNode> values) {
        return values.stream().map(ObjectNode::deepCopy).toList();
    }

    private static ArrayNode array(List<ObjectNode> values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.forEach(array::add);
        return array;
    }

    /** The path tells a caller which of several same-named fields is wrong; a root issue needs none. */
    static String describe(Issue issue) {
        return issue.path().isEmpty() ? issue.message() : issue.describe();
    }
}
