package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import io.rezilient.restore.testing.SettableClock;
import io.rezilient.restore.service.config.ServiceSettings;
import io.rezilient.restore.service.config.TestKeys;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.fs.FileSystemObjectStore;
import io.rezilient.restore.objectstore.config.ObjectStoreLocation;
import io.rezilient.restore.service.ServiceRuntime;
import io.rezilient.restore.service.auth.DevTokenIssuer;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.auth.TokenRequest;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One source's world for the plan integration tests: it is registered in the service's source registry, its events
 * are written to the restore index with plain SQL (as the indexer writes them) and their artifact bodies to the
 * service's object store (layout of docs/object-layout.md §3.1; the ciphertext is random, the service never
 * decrypts), and it talks to the running service over HTTP with tokens of its own scope.
 */
public final class PlanScenario {
    public static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    /** The PIT of the scenarios: an hour before {@link #NOW}. */
    public static final Instant PIT = NOW.minus(Duration.ofHours(1));
    public static final String TOPIC = "rez.cdc";
    public static final String GENERATION = "gen-1";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final DateTimeFormatter SN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);


    /** A running service over a migrated database. */
    public record Service(TestDatabase db, ServiceRuntime runtime, int port, SettableClock clock, ObjectStore seeds)
            implements AutoCloseable {
        /** A migrated database and a service at {@link #NOW} over {@code env} (a filesystem store by default). */
        public static Service start(String testName, Path objects, UnaryOperator<Map<String, String>> env) {
            TestDatabase db = TestDatabases.createMigrated(testName);
            return on(db, objects, env);
        }

        /** A further service over an existing database. */
        public static Service on(TestDatabase db, Path objects, UnaryOperator<Map<String, String>> env) {
            SettableClock clock = new SettableClock(NOW);
            ServiceRuntime runtime = ServiceRuntime.open(ServiceSettings.fromEnv(env.apply(
                    TestKeys.minimalEnv(db.jdbcUrl(), objects.toString()))), clock);
            // seeds go to the service's own store; a filesystem store is written without fsync (the service reads
            // the same files), which keeps seeding thousands of bodies fast
            ObjectStore seeds = runtime.settings().objectStore() instanceof ObjectStoreLocation.Filesystem fs
                    ? new FileSystemObjectStore(fs.root(), false) : runtime.objectStore();
            return new Service(db, runtime, runtime.start("127.0.0.1", 0), clock, seeds);
        }

        @Override
        public void close() {
            if (seeds != runtime.objectStore()) {
                seeds.close();
            }
            runtime.close();
        }

        public DataSource owner() {
            return db.dataSource();
        }

        /** {@code env} pointed at {@code bucket} of the S3-compatible test server instead of a filesystem store. */
        public static Map<String, String> onS3(Map<String, String> env,
                                               io.rezilient.restore.objectstore.s3.S3ProxyServer s3, String bucket) {
            env.remove("REZ_OBJECT_STORE_ROOT");
            env.put("REZ_OBJECT_STORE_BUCKET", bucket);
            env.put("REZ_OBJECT_STORE_REGION", "us-east-1");
            env.put("REZ_OBJECT_STORE_ENDPOINT", s3.endpoint().toString());
            env.put("REZ_OBJECT_STORE_ACCESS_KEY_ID", io.rezilient.restore.objectstore.s3.S3ProxyServer.ACCESS_KEY);
            env.put("REZ_OBJECT_STORE_SECRET_ACCESS_KEY",
                    io.rezilient.restore.objectstore.s3.S3ProxyServer.SECRET_KEY);
            env.put("REZ_OBJECT_STORE_FORCE_PATH_STYLE", "true");
            return env;
        }

        /** Where the tests write artifact bodies: the service's object store. */
        public ObjectStore objects() {
            return seeds;
        }
    }

    /** One HTTP answer. */
    public record Answer(int status, String raw) {
        public JsonNode json() {
            return Json.parse(raw);
        }

        /** The body without its {@code request_id}: what two answers must share to be indistinguishable. */
        public JsonNode jsonWithoutRequestId() {
            JsonNode body = json();
            if (body instanceof ObjectNode object) {
                object.remove("request_id");
            }
            return body;
        }

        @Override
        public String toString() {
            return status + " " + (raw.length() > 2000 ? raw.substring(0, 2000) + "…" : raw);
        }
    }

    private final Service service;
    private final ResourceScope scope;
    private final AtomicLong offsets = new AtomicLong();

    private PlanScenario(Service service, ResourceScope scope) {
        this.service = service;
        this.scope = scope;
    }

    /** A scope registered (all states active, service rrs admitted) in the service's own source registry. */
    public static PlanScenario registered(Service service, ResourceScope scope) throws SQLException {
        update(service.owner(), "INSERT INTO rez_restore.source_registry (tenant_id, instance_id, source, updated_by)"
                + " VALUES (?, ?, ?, 'plan-tests')", scope.tenantId(), scope.instanceId(), scope.source());
        return unregistered(service, scope);
    }

    /** A scope the registry does not know. */
    public static PlanScenario unregistered(Service service, ResourceScope scope) {
        return new PlanScenario(service, scope);
    }

    public ResourceScope scope() {
        return scope;
    }

    // ---- index and object store ------------------------------------------------------------------------------

    /** An indexed event with its artifact body, on {@link #TOPIC} partition 0. */
    public Event event(String table, String sysId, String eventId, String operation, Instant at, Integer modCount)
            throws SQLException {
        Event event = indexOnly(table, sysId, eventId, operation, at, modCount);
        writeBody(event);
        return event;
    }

    /** An indexed event whose artifact body is never written. */
    public Event indexOnly(String table, String sysId, String eventId, String operation, Instant at, Integer modCount)
            throws SQLException {
        Event event = new Event(table, sysId, scopedId(eventId), operation, at, modCount, offsets.incrementAndGet());
        insertEvents(List.of(event));
        return event;
    }

    /** Many events in one batch, each with its body. */
    public void events(List<Event> events) throws SQLException {
        insertEvents(events);
        events.forEach(this::writeBody);
    }

    /** An event value for {@link #events(List)} (offsets assigned here). */
    public Event newEvent(String table, String sysId, String eventId, String operation, Instant at, Integer modCount) {
        return new Event(table, sysId, scopedId(eventId), operation, at, modCount, offsets.incrementAndGet());
    }

    /** The watermark of partition 0, indexed through {@code indexedThrough} (set again when called again). */
    public void watermark(Instant indexedThrough) throws SQLException {
        generation();
        OffsetDateTime through = OffsetDateTime.ofInstant(indexedThrough, ZoneOffset.UTC);
        update(service.owner(), "INSERT INTO rez_restore_index.partition_watermarks (tenant_id, instance_id, source,"
                        + " topic, kafka_partition, generation_id, generation_epoch, indexed_from_offset,"
                        + " indexed_through_offset, highest_indexed_offset, indexed_through_time, highest_indexed_time,"
                        + " coverage_start, coverage_end, freshness, executability, reason_code, measured_at)"
                        + " VALUES (?, ?, ?, ?, 0, ?, 1, 0, ?::numeric, ?::numeric, ?, ?, '2026-01-01T00:00:00Z', ?,"
                        + " 'fresh', 'executable', 'none', ?)"
                        + " ON CONFLICT (tenant_id, instance_id, source, topic, kafka_partition) DO UPDATE SET"
                        + " indexed_through_offset = EXCLUDED.indexed_through_offset,"
                        + " highest_indexed_offset = EXCLUDED.highest_indexed_offset,"
                        + " indexed_through_time = EXCLUDED.indexed_through_time,"
                        + " highest_indexed_time = EXCLUDED.highest_indexed_time,"
                        + " coverage_end = EXCLUDED.coverage_end, measured_at = EXCLUDED.measured_at",
                scope.tenantId(), scope.instanceId(), scope.source(), TOPIC, GENERATION,
                Long.toString(offsets.get() + 1), Long.toString(offsets.get() + 1), through, through, through,
                through);
    }

    /** One indexed event (and, when written, its artifact body). */
    public record Event(String table, String sysId, String eventId, String operation, Instant at, Integer modCount,
                 long offset) {
        public String artifactKey(ResourceScope scope) {
            return "cdc/" + scope.tenantId() + "/" + scope.instanceId() + "/" + eventId + ".artifact.json";
        }

        public String sysUpdatedOn() {
            return SN_TIME.format(at);
        }
    }

    private String scopedId(String eventId) {
        return "evt-" + scope.instanceId() + "-" + eventId;
    }

    private void generation() throws SQLException {
        update(service.owner(), "INSERT INTO rez_restore_index.partition_generations (tenant_id, instance_id, source,"
                        + " topic, kafka_partition, generation_id, generation_epoch, generation_started_at)"
                        + " VALUES (?, ?, ?, ?, 0, ?, 1, '2026-01-01T00:00:00Z') ON CONFLICT DO NOTHING",
                scope.tenantId(), scope.instanceId(), scope.source(), TOPIC, GENERATION);
    }

    private void insertEvents(List<Event> events) throws SQLException {
        generation();
        try (Connection connection = service.owner().getConnection();
             PreparedStatement statement = connection.prepareStatement("INSERT INTO rez_restore_index.index_events"
                     + " (tenant_id, instance_id, source, table_name, record_sys_id, event_id, event_type, operation,"
                     + " schema_version, sys_updated_on, sys_mod_count, event_time, topic, kafka_partition,"
                     + " kafka_offset, artifact_key, manifest_key, artifact_kind, generation_id)"
                     + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, 0, ?, ?, ?, 'cdc', ?)")) {
            for (Event event : events) {
                int i = 0;
                statement.setString(++i, scope.tenantId());
                statement.setString(++i, scope.instanceId());
                statement.setString(++i, scope.source());
                statement.setString(++i, event.table());
                statement.setString(++i, event.sysId());
                statement.setString(++i, event.eventId());
                statement.setString(++i, eventType(event.operation()));
                statement.setString(++i, event.operation());
                statement.setString(++i, event.sysUpdatedOn());
                statement.setObject(++i, event.modCount());
                statement.setObject(++i, OffsetDateTime.ofInstant(event.at(), ZoneOffset.UTC));
                statement.setString(++i, TOPIC);
                statement.setLong(++i, event.offset());
                statement.setString(++i, event.artifactKey(scope));
                statement.setString(++i, event.artifactKey(scope).replace(".artifact.json", ".manifest.json"));
                statement.setString(++i, GENERATION);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private void writeBody(Event event) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("__event_id", event.eventId());
        body.put("__type", eventType(event.operation()));
        body.put("__time", event.at().toString());
        body.put("__source", scope.source());
        body.put("__table", event.table());
        body.put("__record_sys_id", event.sysId());
        body.put("__op", event.operation());
        body.put("__schema_version", 1);
        if (event.modCount() != null) {
            body.put("__sys_mod_count", event.modCount());
        }
        body.put("__sys_updated_on", event.sysUpdatedOn());
        body.put("tenant_id", scope.tenantId());
        body.put("instance_id", scope.instanceId());
        ObjectNode envelope = body.putObject("row_enc");
        envelope.put("v", 1);
        envelope.put("alg", "AES-256-GCM");
        envelope.put("kid", scope.tenantId() + ":k1");
        envelope.put("module", "rez.capture");
        envelope.put("format", "rez.aes-gcm.v1");
        envelope.put("compression", "none");
        envelope.put("ciphertext", Base64.getEncoder().encodeToString(
                sha256(event.eventId()).getBytes(StandardCharsets.UTF_8)));
        body.putArray("changed_fields").add("state");
        service.objects().put(event.artifactKey(scope), Json.write(body).getBytes(StandardCharsets.UTF_8),
                "application/json");
    }

    private static String eventType(String operation) {
        return "D".equals(operation) ? "cdc.delete" : "cdc.write";
    }

    // ---- requests --------------------------------------------------------------------------------------------

    /** A valid table-mode dry-run body for this scope at {@link #PIT}. */
    public ObjectNode dryRun(String planId, String... tables) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("tenant_id", scope.tenantId());
        body.put("instance_id", scope.instanceId());
        body.put("source", scope.source());
        body.put("plan_id", planId);
        body.put("requested_by", "ops.jane@acme.example");
        ObjectNode pit = body.putObject("pit");
        pit.put("restore_time", PIT.toString().replace("Z", ".000Z"));
        pit.put("restore_timezone", "UTC");
        pit.put("pit_algorithm_version", "pit.v1.sys_updated_on-sys_mod_count-__time-event_id");
        pit.putArray("tie_breaker").add("sys_updated_on").add("sys_mod_count").add("__time").add("event_id");
        pit.putArray("tie_breaker_fallback").add("sys_updated_on").add("__time").add("event_id");
        ObjectNode scopeNode = body.putObject("scope");
        scopeNode.put("mode", "table");
        ArrayNode tableList = scopeNode.putArray("tables");
        for (String table : tables) {
            tableList.add(table);
        }
        ObjectNode options = body.putObject("execution_options");
        options.put("missing_row_mode", "existing_only");
        options.put("conflict_policy", "review_required");
        options.put("schema_compatibility_mode", "compatible_only");
        options.put("workflow_mode", "suppressed_default");
        return body;
    }

    /** A finalize body reporting {@code states} as {@code [table, sys_id, target_state]} triples. */
    public static ObjectNode finalizeBody(List<String[]> states) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("finalized_by", "ops.jane@acme.example");
        ArrayNode records = body.putArray("reconciled_records");
        for (String[] state : states) {
            records.addObject().put("table", state[0]).put("record_sys_id", state[1]).put("target_state", state[2]);
        }
        return body;
    }

    /** A finalize body answering every draft record of a dry-run answer with {@code targetState}. */
    public static ObjectNode finalizeAll(JsonNode draft, String targetState) {
        List<String[]> states = new ArrayList<>();
        for (JsonNode record : draft.path("target_reconciliation_records")) {
            states.add(new String[] {record.path("table").asText(), record.path("record_sys_id").asText(),
                    targetState});
        }
        return finalizeBody(states);
    }

    public String token() {
        return token(scope);
    }

    /** A token for any scope, valid at the service's current time. */
    public String token(ResourceScope tokenScope) {
        return DevTokenIssuer.hs256(TestKeys.HS256_SECRET, service.clock()).issue(TokenRequest.rrs(tokenScope,
                "operator-1", Optional.empty(), Duration.ofMinutes(5)));
    }

    public Answer postDryRun(JsonNode body) throws Exception {
        return send("POST", "/v1/plans/dry-run", token(), Json.write(body));
    }

    public Answer getPlan(String planId) throws Exception {
        return send("GET", "/v1/plans/" + planId, token(), null);
    }

    public Answer postFinalize(String planId, JsonNode body) throws Exception {
        return send("POST", "/v1/plans/" + planId + "/target-reconciliation/finalize", token(), Json.write(body));
    }

    public Answer send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    // ---- independent derivations -----------------------------------------------------------------------------

    /** {@code row.} + SHA-256 of {@code table|sys_id} (service-spec §0), computed here rather than by the code. */
    public static String rowId(String table, String sysId) {
        return "row." + sha256(table + "|" + sysId);
    }

    /** A 32-hex ServiceNow-like sys_id derived from a label. */
    public static String sysId(String label) {
        return sha256(label).substring(0, 32);
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(DataSource owner, String sql, Object... parameters) throws SQLException {
        try (Connection connection = owner.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
