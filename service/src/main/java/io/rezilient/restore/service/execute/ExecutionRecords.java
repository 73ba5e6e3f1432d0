package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.json.CanonicalJsonStream;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * An ended execution's records as evidence reads them (service-spec §7): the execution record with its row outcomes
 * streamed, and the journal and mirror as streamed arrays. Streamed arrays read from the given connection when they
 * are written, so they are only good while its transaction is open.
 */
public final class ExecutionRecords {
    private ExecutionRecords() {
    }

    /** The execution record of {@code jobId} (our {@code GET …/execution} shape); empty when the job has none. */
    public static Optional<JsonNode> execution(Connection connection, String jobId) throws SQLException {
        Optional<Execution> execution = ExecutionSql.find(connection, jobId);
        if (execution.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ExecutionView.execution(connection, execution.get(), true));
    }

    /** What an ended execution's evidence needs before it is built: its size and what its evidence id derives from. */
    public record Ended(String planHash, int plannedRows, String completedAt) {
    }

    /** The ended execution of {@code jobId}; empty while it runs or when there is none. */
    public static Optional<Ended> ended(Connection connection, String jobId) throws SQLException {
        Optional<Execution> execution = ExecutionSql.find(connection, jobId);
        if (execution.isEmpty() || !execution.get().isTerminal() || execution.get().completedAt().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Ended(execution.get().planHash(), execution.get().plannedRows(),
                io.rezilient.restore.contracts.time.IsoUtc.format(execution.get().completedAt().get())));
    }

    /** Locks the execution row of {@code jobId} until the transaction ends; false when there is none. */
    public static boolean lock(Connection connection, String jobId) throws SQLException {
        return ExecutionSql.findForUpdate(connection, jobId).isPresent();
    }

    /** Whether an execution status ({@code status} of the record) is final. */
    public static boolean isTerminal(JsonNode execution) {
        String status = execution.path("status").asText();
        return status.equals("completed") || status.equals("failed");
    }

    /** The journal entries, in journal order, as a streamed array. */
    public static JsonNode journalEntries(Connection connection, String jobId) {
        return CanonicalJsonStream.streamed(each -> SqlStreams.run("read rollback journal",
                () -> OutcomeSql.forEachJournalEntry(connection, jobId, each::accept)));
    }

    /** The mirror records, in journal order, as a streamed array. */
    public static JsonNode mirrorRecords(Connection connection, String jobId) {
        return CanonicalJsonStream.streamed(each -> SqlStreams.run("read sn mirror",
                () -> OutcomeSql.forEachMirrorRecord(connection, jobId, each::accept)));
    }
}
