package io.rezilient.restore.service.index;

import io.rezilient.restore.contracts.json.JsText;
import io.rezilient.restore.contracts.pit.PitTuple;
import io.rezilient.restore.contracts.pit.SysModCount;
import io.rezilient.restore.contracts.time.IsoUtc;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One indexed event of a record, as the planner needs it (service-spec §4.3/§4.4) - metadata only, never values.
 *
 * @param operation     {@code I|U|D} as indexed, or null (the artifact body stays authoritative, §4.5)
 * @param sysUpdatedOn  ServiceNow {@code YYYY-MM-DD HH:mm:ss} (UTC), or null
 * @param sysModCount   null when the event carried none
 * @param kafkaOffset   decimal string: offsets are NUMERIC(20,0) and may exceed a long
 */
public record IndexedEvent(String eventId, String eventType, String table, String recordSysId, String operation,
                           String sysUpdatedOn, Integer sysModCount, Instant eventTime, String topic,
                           int kafkaPartition, String kafkaOffset, String artifactKey, String manifestKey,
                           String generationId, String artifactKind) {
    public IndexedEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(recordSysId, "recordSysId");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(kafkaOffset, "kafkaOffset");
        Objects.requireNonNull(artifactKey, "artifactKey");
        Objects.requireNonNull(manifestKey, "manifestKey");
    }

    /** {@code __time} as the reference renders it (ISO UTC, milliseconds). */
    public String eventTimeIso() {
        return IsoUtc.format(eventTime);
    }

    /**
     * False for media events (the topic's last {@code .}-segment is {@code media}, case-insensitive): they carry no
     * row and never win a record's PIT (§4.4).
     */
    public boolean rowCapable() {
        String lower = topic.toLowerCase(Locale.ROOT);
        return !lower.substring(lower.lastIndexOf('.') + 1).equals("media");
    }

    /**
     * The PIT tuple {@code {sys_updated_on, sys_mod_count?, __time, event_id}} the winner is chosen by, with
     * {@code sys_updated_on} trimmed as the reference's candidate-to-tuple mapping trims it; a missing mod count is
     * left out (absent, so the comparison skips that level).
     *
     * @throws IllegalStateException without {@code sys_updated_on} (the planner reports missing_pit_candidates)
     */
    public PitTuple pitTuple() {
        return tuple(JsText.trim(requireSysUpdatedOn()));
    }

    /**
     * Whether {@code winner} is this candidate's tuple, comparing {@code sys_updated_on} as stored (untrimmed): the
     * reference maps its winning tuple back to a candidate this way, so a candidate whose value carries surrounding
     * spaces wins the comparison but then matches nothing (service-spec §4.4, indexer-spec §12).
     */
    public boolean isCandidateOf(PitTuple winner) {
        return tuple(requireSysUpdatedOn()).equals(winner);
    }

    private String requireSysUpdatedOn() {
        if (sysUpdatedOn == null) {
            throw new IllegalStateException("event " + eventId + " has no sys_updated_on");
        }
        return sysUpdatedOn;
    }

    private PitTuple tuple(String updatedOn) {
        SysModCount count = sysModCount == null ? SysModCount.ABSENT : SysModCount.of(sysModCount);
        return new PitTuple(updatedOn, count, eventTimeIso(), eventId);
    }
}
