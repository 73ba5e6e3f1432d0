package io.rezilient.restore.contracts.events;

import io.rezilient.restore.contracts.restore.WireEnum;

import java.util.Arrays;
import java.util.Optional;

/** The CloudEvent {@code type}s the capture pipeline produces, each with the topic stream it is routed to. */
public enum EventType implements WireEnum {
    CDC_WRITE("cdc.write", Stream.CDC),
    CDC_DELETE("cdc.delete", Stream.CDC),
    SCHEMA_CHANGE("schema.change", Stream.SCHEMA),
    SCHEMA_SNAPSHOT("schema.snapshot", Stream.SCHEMA),
    MEDIA_MANIFEST("media.manifest", Stream.MEDIA),
    MEDIA_META("media.meta", Stream.MEDIA),
    MEDIA_DELETE("media.delete", Stream.MEDIA),
    ERROR_REPORT("error.report", Stream.LOG),
    REPAIR_REPORT("repair.report", Stream.REPAIR);

    /** Topic families; the topic is {@code rez.<stream>} (or {@code rez.test.<stream>}), logs add a severity. */
    public enum Stream {
        CDC("cdc"), SCHEMA("schema"), MEDIA("media"), REPAIR("repair"), LOG("log");

        private final String topicSegment;

        Stream(String topicSegment) {
            this.topicSegment = topicSegment;
        }

        public String topicSegment() {
            return topicSegment;
        }
    }

    private final String wire;
    private final Stream stream;

    EventType(String wire, Stream stream) {
        this.wire = wire;
        this.stream = stream;
    }

    @Override
    public String wire() {
        return wire;
    }

    public Stream stream() {
        return stream;
    }

    /** The type with this exact wire value, or empty for any other string (event types are case-sensitive). */
    public static Optional<EventType> fromWire(String value) {
        return Arrays.stream(values()).filter(type -> type.wire.equals(value)).findFirst();
    }
}
