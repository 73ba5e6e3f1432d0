package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.pit.PitTuple;
import io.rezilient.restore.contracts.pit.SysModCount;

import java.util.Objects;

/**
 * Which version won a record's PIT (service-spec §4.5 {@code pit_resolutions[]}).
 *
 * @param winner the winning tuple; its {@code sys_mod_count} is left out of the JSON when absent
 */
public record PitResolution(String rowId, String table, String recordSysId, PitTuple winner) {
    public PitResolution {
        Objects.requireNonNull(rowId, "rowId");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(recordSysId, "recordSysId");
        Objects.requireNonNull(winner, "winner");
    }

    /** The resolution as JSON, fields in the reference's order. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("record_sys_id", recordSysId);
        json.put("row_id", rowId);
        json.put("table", table);
        json.put("winning_event_id", winner.eventId());
        json.put("winning_event_time", winner.time());
        SysModCount count = winner.sysModCount();
        if (count.kind() == SysModCount.Kind.NUMBER) {
            json.put("winning_sys_mod_count", count.value());
        } else if (count.kind() == SysModCount.Kind.NULL) {
            json.putNull("winning_sys_mod_count");
        }
        json.put("winning_sys_updated_on", winner.sysUpdatedOn());
        return json;
    }
}
