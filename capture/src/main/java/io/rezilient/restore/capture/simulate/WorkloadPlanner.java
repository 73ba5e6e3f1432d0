package io.rezilient.restore.capture.simulate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.capture.artifact.ArtifactFields;
import io.rezilient.restore.capture.artifact.ArtifactKind;
import io.rezilient.restore.capture.artifact.CdcChange;
import io.rezilient.restore.capture.artifact.EventHeader;
import io.rezilient.restore.capture.artifact.MediaChange;
import io.rezilient.restore.capture.crypto.Sha256;
import io.rezilient.restore.contracts.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides the workload, one event at a time, from the seed alone: schema snapshots first, then inserts, updates
 * and deletes spread over the simulated time (with an attachment's media event right after its sys_attachment
 * insert or delete, and one schema change of incident half-way when the event budget allows).
 *
 * <p>Event times are strictly increasing, so every record's history is ordered the same way by event time,
 * {@code sys_updated_on} and {@code sys_mod_count}. Inserts are paced so that every planned record is created
 * before the budget runs out; a delete never removes the last live updatable record, so updates always have a
 * target. Runs on one thread; everything it returns is immutable.
 */
final class WorkloadPlanner {
    private static final DateTimeFormatter SN_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    /** About this share of all records is deleted over a run, however many updates they get. */
    private static final double DELETED_RECORD_SHARE = 0.15;
    /** Inserts run ahead of an even pace by this factor, so tables fill early and then churn. */
    private static final double INSERT_PACE = 1.5;
    /** Relative update activity per live record: incidents change most. */
    private static final Map<String, Integer> ACTIVITY =
            Map.of(Tables.INCIDENT, 4, Tables.PROBLEM, 2, Tables.CMDB_CI, 1, Tables.SYS_ATTACHMENT, 0);

    private final SimulationOptions options;
    private final SeededRandom random;
    private final World world;
    private final Map<String, TableModel> models = new LinkedHashMap<>();
    private final Map<String, Integer> insertsLeft = new LinkedHashMap<>();
    private final List<SimRecord> parentsEverCreated = new ArrayList<>();
    private final long startMillis;
    private final long spanMillis;
    private long slot;
    private long lastMillis = Long.MIN_VALUE;
    private long insertSlotsLeft;
    private boolean schemaChangePending;
    private final long schemaChangeSlot;
    private PendingMedia pendingMedia;
    private int liveUpdatable;
    /** Chance that a mutation is a delete, so that {@link #DELETED_RECORD_SHARE} of records go over the run. */
    private final double deleteChance;

    private record PendingMedia(SimRecord attachment, SimRecord parent, AttachmentContent content) {
    }

    WorkloadPlanner(SimulationOptions options) {
        this.options = options;
        this.random = new SeededRandom(options.seed());
        this.world = new World(random, options.tables());
        for (String table : options.tables()) {
            models.put(table, TableModel.of(table));
        }
        options.recordsPerTable().forEach((table, count) -> {
            insertsLeft.put(table, count);
            insertSlotsLeft += Tables.SYS_ATTACHMENT.equals(table) ? 2L * count : count;
        });
        this.startMillis = options.start().toEpochMilli();
        this.spanMillis = options.span().toMillis();
        long mandatory = options.tables().size() + insertSlotsLeft;
        this.schemaChangePending = options.tables().contains(Tables.INCIDENT) && options.events() > mandatory;
        this.schemaChangeSlot = options.events() / 2;
        long mutations = Math.max(1, options.events() - mandatory);
        this.deleteChance = Math.min(0.5, DELETED_RECORD_SHARE * options.records() / mutations);
    }

    boolean hasNext() {
        return slot < options.events();
    }

    SimEvent next() {
        Instant time = nextTime();
        SimEvent event;
        if (slot < options.tables().size()) {
            event = schemaSnapshot(options.tables().get((int) slot), time);
        } else if (pendingMedia != null) {
            event = media(time);
        } else if (schemaChangePending && slot >= schemaChangeSlot) {
            event = schemaChange(time);
        } else {
            long slotsLeft = options.events() - slot;
            long free = slotsLeft - insertSlotsLeft - (schemaChangePending ? 1 : 0);
            boolean mustInsert = free <= 0 || world.liveCount() == 0;
            boolean wantInsert = insertSlotsLeft > 0
                    && random.chance(Math.min(1.0, INSERT_PACE * insertSlotsLeft / slotsLeft));
            event = insertSlotsLeft > 0 && (mustInsert || wantInsert) ? insert(time) : mutate(time, free);
        }
        slot++;
        return event;
    }

    /** Strictly increasing times, evenly spread over the span with jitter inside each event's share. */
    private Instant nextTime() {
        long base = startMillis + (long) ((double) slot * spanMillis / options.events());
        long share = Math.max(1, spanMillis / options.events());
        long millis = Math.max(base + random.nextInt((int) Math.min(Integer.MAX_VALUE, share)), lastMillis + 1);
        lastMillis = millis;
        return Instant.ofEpochMilli(millis);
    }

    private SimEvent insert(Instant time) {
        String table = insertTable();
        TableModel model = models.get(table);
        String sysId = random.hex32();
        SimRecord parent = null;
        AttachmentContent content = null;
        LinkedHashMap<String, String> business;
        if (Tables.SYS_ATTACHMENT.equals(table)) {
            parent = attachmentParent();
            content = AttachmentContent.generate(random);
            business = AttachmentModel.fieldsFor(content, parent);
        } else {
            business = model.create(world);
        }
        LinkedHashMap<String, String> fields = new LinkedHashMap<>();
        fields.put("sys_id", sysId);
        fields.putAll(business);
        String snTime = SN_TIME.format(time);
        String user = world.directory.user(random).userName();
        fields.put(Audit.SYS_CREATED_ON, snTime);
        fields.put(Audit.SYS_CREATED_BY, user);
        fields.put(Audit.SYS_UPDATED_ON, snTime);
        fields.put(Audit.SYS_UPDATED_BY, user);
        fields.put(Audit.SYS_MOD_COUNT, "0");
        SimRecord record = new SimRecord(table, sysId, fields);
        world.live(table).add(record);
        insertsLeft.merge(table, -1, Integer::sum);
        insertSlotsLeft--;
        if (model.updatable()) {
            liveUpdatable++;
        }
        if (Tables.ATTACHMENT_PARENTS.contains(table)) {
            parentsEverCreated.add(record);
        }
        if (content != null) {
            record.mediaId = random.hex32();
            pendingMedia = new PendingMedia(record, parent, content);
        }
        return cdc(record, "I", time, List.of());
    }

    private SimEvent mutate(Instant time, long free) {
        SimRecord target = null;
        if (random.chance(deleteChance)) {
            target = deletable(free);
        }
        if (target != null) {
            target.live = false;
            world.live(target.table).remove(target);
            if (models.get(target.table).updatable()) {
                liveUpdatable--;
            } else {
                pendingMedia = new PendingMedia(target, null, null);
            }
            return cdc(target, "D", time, List.of());
        }
        SimRecord record = updatable();
        List<String> changed = models.get(record.table).update(world, record);
        record.modCount++;
        record.fields.put(Audit.SYS_UPDATED_ON, SN_TIME.format(time));
        record.fields.put(Audit.SYS_UPDATED_BY, world.directory.user(random).userName());
        record.fields.put(Audit.SYS_MOD_COUNT, Long.toString(record.modCount));
        return cdc(record, "U", time, changed);
    }

    private SimEvent.Cdc cdc(SimRecord record, String op, Instant time, List<String> changed) {
        CdcChange change = new CdcChange(record.table, record.sysId, op, world.schemaVersion(record.table),
                record.modCount, record.fields.get(Audit.SYS_UPDATED_ON), changed);
        EventHeader header = header(change.eventType(), time, ArtifactKind.CDC, record.table);
        return new SimEvent.Cdc(header, change, json(record.fields));
    }

    private SimEvent media(Instant time) {
        PendingMedia pending = pendingMedia;
        pendingMedia = null;
        SimRecord attachment = pending.attachment();
        Map<String, String> f = attachment.fields;
        String parentTable = f.get("table_name");
        String parentSysId = f.get("table_sys_id");
        EventHeader header;
        MediaChange change;
        if (pending.content() == null) {
            change = new MediaChange("D", parentTable, parentSysId, attachment.sysId, attachment.mediaId,
                    null, null, null, f.get(Audit.SYS_UPDATED_ON));
            header = header(change.eventType(), time, ArtifactKind.MEDIA, parentTable);
            return new SimEvent.Media(header, change, null, null, f.get("file_name"));
        }
        AttachmentContent content = pending.content();
        change = new MediaChange("I", parentTable, parentSysId, attachment.sysId, attachment.mediaId,
                (long) content.bytes().length, content.contentType(), content.sha256(), f.get(Audit.SYS_UPDATED_ON));
        header = header(change.eventType(), time, ArtifactKind.MEDIA, parentTable);
        LinkedHashMap<String, String> meta = new LinkedHashMap<>();
        meta.put("file_name", content.fileName());
        meta.put("table_name", parentTable);
        meta.put("table_sys_id", parentSysId);
        insertSlotsLeft--;
        return new SimEvent.Media(header, change, content.bytes(), json(meta), content.fileName());
    }

    private SimEvent schemaSnapshot(String table, Instant time) {
        int version = world.schemaVersion(table);
        byte[] snapshot = schemaJson(table, version);
        return new SimEvent.Schema(header(ArtifactFields.TYPE_SCHEMA_SNAPSHOT, time, ArtifactKind.SCHEMA, table), table,
                version, Sha256.hex(snapshot), snapshot, null);
    }

    private SimEvent schemaChange(Instant time) {
        schemaChangePending = false;
        world.bumpSchemaVersion(Tables.INCIDENT);
        int version = world.schemaVersion(Tables.INCIDENT);
        ObjectNode change = JsonNodeFactory.instance.objectNode();
        change.put("element", IncidentModel.CUSTOMER_IMPACT.element());
        change.put("kind", "add");
        change.putObject("new").put("type", IncidentModel.CUSTOMER_IMPACT.type())
                .put("max_length", IncidentModel.CUSTOMER_IMPACT.maxLength());
        return new SimEvent.Schema(header(ArtifactFields.TYPE_SCHEMA_CHANGE, time, ArtifactKind.SCHEMA,
                Tables.INCIDENT), Tables.INCIDENT, version, Sha256.hex(schemaJson(Tables.INCIDENT, version)), null,
                change);
    }

    private byte[] schemaJson(String table, int version) {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("table", table);
        schema.put("schema_version", version);
        ArrayNode fields = schema.putArray("fields");
        for (FieldDef def : models.get(table).fields(version)) {
            ObjectNode field = fields.addObject().put("element", def.element()).put("type", def.type())
                    .put("max_length", def.maxLength());
            if (def.reference() != null) {
                field.put("reference", def.reference());
            }
        }
        return json(schema);
    }

    private EventHeader header(String type, Instant time, ArtifactKind kind, String table) {
        return new EventHeader(random.hex32(), type, time, kind, options.tenantId(), options.instanceId(),
                options.source(), options.app(), table);
    }

    /** Picks the table of the next insert, in proportion to the inserts each table has left. */
    private String insertTable() {
        boolean attachmentsPossible = !parentsEverCreated.isEmpty();
        int total = 0;
        for (Map.Entry<String, Integer> e : insertsLeft.entrySet()) {
            if (attachmentsPossible || !Tables.SYS_ATTACHMENT.equals(e.getKey())) {
                total += e.getValue();
            }
        }
        int pick = random.nextInt(total);
        for (Map.Entry<String, Integer> e : insertsLeft.entrySet()) {
            if (!attachmentsPossible && Tables.SYS_ATTACHMENT.equals(e.getKey())) {
                continue;
            }
            pick -= e.getValue();
            if (pick < 0) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("no table has inserts left");
    }

    /** A live incident or problem; if every parent was deleted, a deleted one (an orphaned attachment). */
    private SimRecord attachmentParent() {
        int incidents = world.live(Tables.INCIDENT).size();
        int problems = world.live(Tables.PROBLEM).size();
        if (incidents + problems == 0) {
            return parentsEverCreated.get(random.nextInt(parentsEverCreated.size()));
        }
        return random.nextInt(incidents + problems) < incidents
                ? world.live(Tables.INCIDENT).pick(random) : world.live(Tables.PROBLEM).pick(random);
    }

    private SimRecord updatable() {
        int total = 0;
        for (String table : models.keySet()) {
            total += world.live(table).size() * ACTIVITY.get(table);
        }
        int pick = random.nextInt(total);
        for (String table : models.keySet()) {
            pick -= world.live(table).size() * ACTIVITY.get(table);
            if (pick < 0) {
                return world.live(table).pick(random);
            }
        }
        throw new IllegalStateException("no live updatable record");
    }

    /** A record that may be deleted now, or null: never the last updatable one; attachments need a slot for their media event. */
    private SimRecord deletable(long free) {
        int total = world.liveCount();
        int pick = random.nextInt(total);
        for (String table : models.keySet()) {
            LiveSet live = world.live(table);
            if (pick < live.size()) {
                SimRecord candidate = live.pick(random);
                boolean attachment = !models.get(table).updatable();
                if (attachment ? free >= 2 : liveUpdatable > 1) {
                    return candidate;
                }
                return null;
            }
            pick -= live.size();
        }
        return null;
    }

    private static byte[] json(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise synthetic value", e);
        }
    }

    /** Live records per table at the end, by table. */
    Map<String, Integer> liveCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        models.keySet().forEach(t -> counts.put(t, world.live(t).size()));
        return counts;
    }
}
