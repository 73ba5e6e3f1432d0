package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.ids.ChunkIds;
import io.rezilient.restore.contracts.ids.ExecutionIds;
import io.rezilient.restore.contracts.time.IsoUtc;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The resume cursor of an execution (service-spec §6.8): the next row to process as (chunk, row within chunk), and
 * as a position in the execution's row list. Its id is derived from job, plan hash and cursor (§0), so a stored id
 * that does not match the recomputed one reveals a tampered or inconsistent checkpoint.
 */
record Checkpoint(String checkpointId, int nextChunkIndex, int nextRowIndex, int nextPosition,
                  Optional<String> lastChunkId, Instant updatedAt) {
    Checkpoint {
        Objects.requireNonNull(checkpointId, "checkpointId");
        Objects.requireNonNull(lastChunkId, "lastChunkId");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** The checkpoint at {@code position} of an execution with {@code chunkSize}-row chunks and {@code totalRows}. */
    static Checkpoint at(String jobId, String planHash, int position, int chunkSize, int totalRows,
                         Optional<String> lastChunkId, Instant now) {
        int chunk;
        int row;
        if (position >= totalRows) {
            // the end: past the last chunk, row 0 (the resume sanity rule "at the end index the row cursor is 0")
            chunk = totalChunks(totalRows, chunkSize);
            row = 0;
        } else {
            chunk = position / chunkSize;
            row = position % chunkSize;
        }
        return new Checkpoint(ExecutionIds.checkpointId(jobId, planHash, chunk, row), chunk, row, position,
                lastChunkId, now);
    }

    static int totalChunks(int totalRows, int chunkSize) {
        return (totalRows + chunkSize - 1) / chunkSize;
    }

    /** Whether the stored id is the one its job, plan hash and cursor derive. */
    boolean idMatches(String jobId, String planHash) {
        return checkpointId.equals(ExecutionIds.checkpointId(jobId, planHash, nextChunkIndex, nextRowIndex));
    }

    static String chunkIdOf(int position, int chunkSize) {
        return ChunkIds.chunkId(position / chunkSize);
    }

    ObjectNode toJson(int totalChunks, ObjectNode rowAttemptByRow) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("checkpoint_id", checkpointId);
        json.put("next_chunk_index", nextChunkIndex);
        json.put("next_row_index", nextRowIndex);
        json.put("total_chunks", totalChunks);
        if (lastChunkId.isPresent()) {
            json.put("last_chunk_id", lastChunkId.get());
        } else {
            json.putNull("last_chunk_id");
        }
        json.set("row_attempt_by_row", rowAttemptByRow);
        json.put("updated_at", IsoUtc.format(updatedAt));
        return json;
    }
}
