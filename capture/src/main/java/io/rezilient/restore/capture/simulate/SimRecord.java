package io.rezilient.restore.capture.simulate;

import java.util.LinkedHashMap;

/** A synthetic record as the simulated instance holds it right now (mutable; owned by the planner thread). */
final class SimRecord {
    final String table;
    final String sysId;
    final LinkedHashMap<String, String> fields;
    long modCount;
    boolean live = true;
    /** Position in its table's live list, for O(1) removal. */
    int liveIndex = -1;
    /** Attachments only: the id of the stored bytes. */
    String mediaId;

    SimRecord(String table, String sysId, LinkedHashMap<String, String> fields) {
        this.table = table;
        this.sysId = sysId;
        this.fields = fields;
    }
}
