package io.rezilient.restore.contracts.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.CanonicalJson;
import io.rezilient.restore.contracts.json.JsCollation;
import io.rezilient.restore.contracts.json.JsStrings;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The {@link PlanHash} of a plan whose rows are too many to hold as one JSON tree: the canonical text of
 * {@code plan_hash_input} is fed to SHA-256 piece by piece, the fixed fields around the {@code rows} array
 * once and each row as it arrives. The result equals {@link PlanHash#ofParsed} of the whole input, because
 * canonical JSON is a concatenation of its members' canonical texts in key order.
 *
 * <p>Rows must arrive in the order the schema demands (strictly increasing {@code row_id} by
 * {@link JsCollation}); a row out of order or repeated is refused rather than producing a hash no one can
 * reproduce.
 */
public final class StreamingPlanHash {
    private static final String ROWS = "rows";

    private final MessageDigest digest;
    private final String afterRows;
    private String lastRowId;
    private long rowCount;
    private boolean finished;

    /**
     * @param parsedHead the parsed {@code plan_hash_input} without {@code rows} (every other field final,
     *                   including {@code action_counts})
     */
    public StreamingPlanHash(ObjectNode parsedHead) {
        Objects.requireNonNull(parsedHead, "parsedHead");
        if (parsedHead.has(ROWS)) {
            throw new IllegalArgumentException("the head of a streamed plan hash input must not contain rows");
        }
        List<String> keys = new ArrayList<>();
        parsedHead.fieldNames().forEachRemaining(keys::add);
        keys.add(ROWS);
        // the head's keys are the fixed snake_case contract keys, none of them an array index, so one
        // collation sort gives canonical JSON's member order
        keys.sort(JsCollation.LOCALE_COMPARE);
        int rowsAt = keys.indexOf(ROWS);
        StringBuilder before = new StringBuilder("{");
        appendMembers(parsedHead, keys.subList(0, rowsAt), before);
        before.append(rowsAt == 0 ? "" : ",").append("\"rows\":[");
        StringBuilder after = new StringBuilder("]");
        List<String> trailing = keys.subList(rowsAt + 1, keys.size());
        if (!trailing.isEmpty()) {
            after.append(',');
            appendMembers(parsedHead, trailing, after);
        }
        after.append('}');
        this.afterRows = after.toString();
        this.digest = sha256();
        digest.update(JsStrings.utf8(before.toString()));
    }

    /**
     * Adds the next row (in its parsed form).
     *
     * @throws IllegalArgumentException when the row's {@code row_id} does not sort strictly after the previous one
     */
    public void addRow(JsonNode parsedRow) {
        if (finished) {
            throw new IllegalStateException("the plan hash is already finished");
        }
        String rowId = parsedRow.path("row_id").asText();
        if (lastRowId != null && JsCollation.compare(lastRowId, rowId) >= 0) {
            throw new IllegalArgumentException(lastRowId.equals(rowId)
                    ? PlanHashInputSchema.ROWS_UNIQUE_MESSAGE : PlanHashInputSchema.ROWS_SORTED_MESSAGE);
        }
        StringBuilder text = new StringBuilder(rowCount == 0 ? "" : ",");
        CanonicalJson.append(parsedRow, text);
        digest.update(JsStrings.utf8(text.toString()));
        lastRowId = rowId;
        rowCount++;
    }

    /** How many rows were added. */
    public long rowCount() {
        return rowCount;
    }

    /** Closes the input and returns the lower-case hex {@code plan_hash}. */
    public String finish() {
        if (finished) {
            throw new IllegalStateException("the plan hash is already finished");
        }
        finished = true;
        digest.update(JsStrings.utf8(afterRows));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void appendMembers(ObjectNode head, List<String> keys, StringBuilder out) {
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            JsStrings.appendQuoted(keys.get(i), out);
            out.append(':');
            CanonicalJson.append(head.get(keys.get(i)), out);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java runtime provides SHA-256", impossible);
        }
    }
}
