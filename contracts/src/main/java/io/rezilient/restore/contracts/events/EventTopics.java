package io.rezilient.restore.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Locale;

/**
 * The Kafka topic of an event type (reference {@code mapTopic}): {@code rez.cdc}, {@code rez.schema},
 * {@code rez.media}, {@code rez.repair} and {@code rez.log.<severity>}, each under {@code rez.test.} when test
 * topics are on. Only {@code debug}, {@code info}, {@code warning} and {@code error} have log topics of their own;
 * the severity is lower-cased but not trimmed, and every other value ({@code critical}, {@code " info"}, none)
 * goes to the {@code error} log.
 */
public final class EventTopics {
    public static final String PREFIX = "rez.";
    public static final String TEST_PREFIX = "rez.test.";
    public static final String UNKNOWN_TYPE_PREFIX = "Unknown event type for topic mapping: ";

    private static final List<String> LOG_SEVERITIES = List.of("debug", "info", "warning", "error");
    private static final String FALLBACK_SEVERITY = "error";

    private EventTopics() {
    }

    /**
     * @param type           the event's {@code type}; {@code null} when absent
     * @param useTestTopics  route to the {@code rez.test.*} topics
     * @param data           the event's {@code data} (only {@code severity} is read); {@code null} when absent
     * @throws IllegalArgumentException for a type without a topic, naming it
     */
    public static String map(String type, boolean useTestTopics, JsonNode data) {
        EventType known = EventType.fromWire(type).orElseThrow(() ->
                new IllegalArgumentException(UNKNOWN_TYPE_PREFIX + (type == null ? "undefined" : type)));
        String prefix = useTestTopics ? TEST_PREFIX : PREFIX;
        String stream = known.stream().topicSegment();
        return known.stream() == EventType.Stream.LOG
                ? prefix + stream + "." + logSeverity(data)
                : prefix + stream;
    }

    private static String logSeverity(JsonNode data) {
        JsonNode severity = EventProperties.get(data, "severity");
        if (severity == null || !severity.isTextual()) {
            return FALLBACK_SEVERITY;
        }
        String lowered = severity.textValue().toLowerCase(Locale.ROOT);
        return LOG_SEVERITIES.contains(lowered) ? lowered : FALLBACK_SEVERITY;
    }
}
