package io.rezilient.restore.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.pit.PitAlgorithm;
import io.rezilient.restore.contracts.plan.PlanContract;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.service.auth.ResourceScope;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The plan requests of the benchmarks — {@code POST /v1/plans/dry-run} (table scope, explicit inserts) and
 * {@code …/target-reconciliation/finalize} — and a streaming reader of their (possibly very large) responses.
 */
final class PlanRequests {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** A plain mapper: the project's {@link Json#mapper()} refuses trailing tokens, which a streamed read has. */
    private static final ObjectMapper STREAMING = new ObjectMapper();

    private PlanRequests() {
    }

    /** A dry-run of {@code tables} of {@code scope} at {@code pit}. */
    static ObjectNode dryRunBody(ResourceScope scope, String planId, Instant pit, List<String> tables) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("tenant_id", scope.tenantId()).put("instance_id", scope.instanceId()).put("source", scope.source())
                .put("plan_id", planId).put("requested_by", "bench-operator");
        ObjectNode pitNode = body.putObject("pit");
        pitNode.put("restore_time", IsoUtc.format(pit)).put("restore_timezone", PitAlgorithm.RESTORE_TIMEZONE)
                .put("pit_algorithm_version", PlanContract.PIT_ALGORITHM_VERSION);
        PitAlgorithm.TIE_BREAKER.forEach(pitNode.putArray("tie_breaker")::add);
        PitAlgorithm.TIE_BREAKER_FALLBACK.forEach(pitNode.putArray("tie_breaker_fallback")::add);
        ArrayNode scopeTables = body.putObject("scope").put("mode", "table").putArray("tables");
        tables.forEach(scopeTables::add);
        body.putObject("execution_options").put("missing_row_mode", "explicit_insert")
                .put("conflict_policy", "review_required").put("schema_compatibility_mode", "compatible_only")
                .put("workflow_mode", "suppressed_default");
        return body;
    }

    /** Target state: a record whose PIT winner is a delete is missing (the PIT is after the last event). */
    static byte[] finalizeBody(List<String[]> reconcile) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(reconcile.size() * 100 + 100);
        try (JsonGenerator json = Json.mapper().getFactory().createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("finalized_by", "bench-operator");
            json.writeArrayFieldStart("reconciled_records");
            for (String[] record : reconcile) {
                json.writeStartObject();
                json.writeStringField("table", record[0]);
                json.writeStringField("record_sys_id", record[1]);
                json.writeStringField("target_state", "D".equals(record[2]) ? "missing" : "exists");
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        return bytes.toByteArray();
    }

    static HttpRequest post(int port, String token, String path, byte[] body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** A plan answer: what was kept of its body, and the seconds until its status line and its last byte. */
    record Answer(Consumed body, double secondsToHeaders, double seconds) {
    }

    /**
     * Sends a plan request and reads the answer as a stream (see {@link #consume}).
     *
     * @throws IllegalStateException when the status is not {@code expectedStatus}
     */
    static Answer exchange(HttpRequest request, int expectedStatus, String what)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        double toHeaders = BenchReports.seconds(started);
        Consumed consumed = consume(response.body());
        double seconds = BenchReports.seconds(started);
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException(what + " answered " + response.statusCode() + ": " + consumed.fields);
        }
        return new Answer(consumed, toHeaders, seconds);
    }

    /** What the client keeps of a plan response: small top-level fields, the records to reconcile, counts. */
    static final class Consumed {
        final ObjectNode fields = Json.mapper().createObjectNode();
        final List<String[]> reconcile = new ArrayList<>();
        long pitResolutions;
        long bytes;
    }

    /** Reads a plan response as a stream, never as one tree. */
    static Consumed consume(InputStream body) throws IOException {
        Consumed consumed = new Consumed();
        AtomicLong count = new AtomicLong();
        try (InputStream in = new CountingStream(body, count);
             JsonParser json = STREAMING.getFactory().createParser(in)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the plan response is not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                json.nextToken();
                switch (name) {
                    case "pit_resolutions" -> {
                        while (json.nextToken() == JsonToken.START_OBJECT) {
                            json.skipChildren();
                            consumed.pitResolutions++;
                        }
                    }
                    case "target_reconciliation_records" -> {
                        while (json.nextToken() == JsonToken.START_OBJECT) {
                            JsonNode record = json.readValueAsTree();
                            consumed.reconcile.add(new String[] {record.path("table").asText(),
                                    record.path("record_sys_id").asText(), record.path("source_operation").asText()});
                        }
                    }
                    case "plan_hash_input", "delete_candidates", "media_candidates" -> json.skipChildren();
                    default -> consumed.fields.set(name, json.readValueAsTree());
                }
            }
            in.transferTo(OutputStream.nullOutputStream());
        }
        consumed.bytes = count.get();
        return consumed;
    }

    private static final class CountingStream extends FilterInputStream {
        private final AtomicLong count;

        CountingStream(InputStream in, AtomicLong count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }
    }
}
