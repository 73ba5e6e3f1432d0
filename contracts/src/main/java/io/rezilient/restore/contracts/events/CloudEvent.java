package io.rezilient.restore.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * A validated CloudEvent of the capture pipeline. {@code data} and {@code extensions} stay JSON so every event type
 * fits; {@link CdcData} reads and writes CDC data. {@code specversion} is always {@code 1.0} and
 * {@code datacontenttype} always {@code application/json}.
 *
 * @param id         unique per {@code source}
 * @param source     producer URI, e.g. {@code sn://acme.service-now.com}
 * @param type       the event type
 * @param subject    optional subject, e.g. {@code incident/<sys_id>}
 * @param time       strict ISO UTC instant
 * @param data       the type's data object
 * @param extensions optional extension attributes, or {@code null}
 */
public record CloudEvent(String id, String source, EventType type, String subject, String time, JsonNode data,
                         JsonNode extensions) {
    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }

    /** A CDC event for {@code data}, its type taken from the op and its subject {@code <table>/<record_sys_id>}. */
    public static CloudEvent cdc(String id, String source, String time, CdcData data) {
        return new CloudEvent(id, source, data.eventType(), data.table() + "/" + data.recordSysId(), time,
                data.toJson(), null);
    }

    /** The envelope as JSON, in the reference's attribute names. */
    public ObjectNode toJson() {
        return new JsonObjects().put("specversion", CloudEventSchema.SPEC_VERSION).put("id", id)
                .put("source", source).put("type", type.wire()).put("subject", subject).put("time", time)
                .put("datacontenttype", CloudEventSchema.DATA_CONTENT_TYPE).put("data", data)
                .put("extensions", extensions).build();
    }

    /**
     * Validates and reads an event.
     *
     * @throws io.rezilient.restore.contracts.validation.ValidationException naming the first broken rule
     */
    public static CloudEvent fromJson(JsonNode json) {
        JsonNode event = CloudEventSchema.validate(json).valueOrThrow();
        EventType type = EventType.fromWire(event.get("type").textValue()).orElseThrow();
        return new CloudEvent(event.get("id").textValue(), event.get("source").textValue(), type,
                JsonObjects.text(event, "subject"), event.get("time").textValue(), event.get("data"),
                event.get("extensions"));
    }

    /** This event's Kafka partition key ({@link PartitionKeys}). */
    public String partitionKey() {
        return PartitionKeys.derive(toJson());
    }

    /** This event's Kafka topic ({@link EventTopics}). */
    public String topic(boolean useTestTopics) {
        return EventTopics.map(type.wire(), useTestTopics, data);
    }

    /** Throws unless the event satisfies {@link CloudEventSchema}, e.g. before writing a built event out. */
    public CloudEvent validated() {
        CloudEventSchema.validate(toJson()).valueOrThrow();
        return this;
    }
}
