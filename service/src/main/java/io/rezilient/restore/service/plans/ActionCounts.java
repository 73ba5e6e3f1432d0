package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.restore.PlanRowAction;

/**
 * A plan's {@code action_counts} (service-spec §4.8): rows by action, the number of plan conflicts, and media
 * candidates to apply or skip. Counted while rows stream past, so it never needs the rows at once.
 */
public final class ActionCounts {
    private long update;
    private long insert;
    private long delete;
    private long skip;
    private long conflict;
    private long attachmentApply;
    private long attachmentSkip;

    public void countRow(PlanRowAction action) {
        switch (action) {
            case UPDATE -> update++;
            case INSERT -> insert++;
            case DELETE -> delete++;
            case SKIP -> skip++;
        }
    }

    public ActionCounts withConflicts(long conflicts) {
        this.conflict = conflicts;
        return this;
    }

    public ActionCounts withMedia(long apply, long skipped) {
        this.attachmentApply = apply;
        this.attachmentSkip = skipped;
        return this;
    }

    public long rows() {
        return update + insert + delete + skip;
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("update", update);
        json.put("insert", insert);
        json.put("delete", delete);
        json.put("skip", skip);
        json.put("conflict", conflict);
        json.put("attachment_apply", attachmentApply);
        json.put("attachment_skip", attachmentSkip);
        return json;
    }
}
