package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.pit.PitOrdering;
import io.rezilient.restore.contracts.pit.PitTuple;
import io.rezilient.restore.service.index.IndexScope;
import io.rezilient.restore.service.index.IndexedEvent;
import io.rezilient.restore.service.index.PitWinner;
import io.rezilient.restore.service.index.RecordCandidates;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Materialises one record at a time (service-spec §4.4–§4.5): PIT winner, artifact body, draft row. It keeps no
 * state between records, so a caller streaming a large scope from the index holds only the current record's
 * candidates and whatever it chooses to keep of the results.
 */
public final class RecordMaterializer {
    private final IndexScope scope;
    private final ArtifactBodyReader bodies;
    private final Function<IndexedEvent, String> eventTimes;

    /** Renders each event's {@code __time} from the index's instant, as production rows always are. */
    public RecordMaterializer(IndexScope scope, ArtifactBodyReader bodies) {
        this(scope, bodies, IndexedEvent::eventTimeIso);
    }

    /**
     * @param eventTimes the {@code __time} text of an event; replaying recorded reference candidates passes their
     *                   original strings through, as the reference did (see {@link RowMaterializer})
     */
    public RecordMaterializer(IndexScope scope, ArtifactBodyReader bodies, Function<IndexedEvent, String> eventTimes) {
        this.scope = Objects.requireNonNull(scope, "scope");
        this.bodies = Objects.requireNonNull(bodies, "bodies");
        this.eventTimes = Objects.requireNonNull(eventTimes, "eventTimes");
    }

    /**
     * A record of a table-mode scope: one without row-capable candidates (only media events, or only events after
     * the PIT) is not part of the plan and gives empty. The caller reports
     * {@link #noCandidates()} when the whole scope gave nothing.
     */
    public Optional<DraftRow> materializeIfRowCapable(RecordCandidates record) {
        if (rowCapable(record).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(materialize(record));
    }

    /**
     * A record the caller asked for explicitly: it must have a row-capable candidate.
     *
     * @throws MaterializationException with the reference's code, message and details
     * @throws ArtifactBodyUnavailableException when the winner's body cannot be read
     */
    public DraftRow materializeRequested(RecordCandidates record) {
        if (rowCapable(record).isEmpty()) {
            throw MaterializationException.scopeRecordWithoutCandidates(record.table(), record.recordSysId());
        }
        return materialize(record);
    }

    /** A requested record the index returned nothing for at all. */
    public static MaterializationException requestedRecordWithoutCandidates(String table, String recordSysId) {
        return MaterializationException.scopeRecordWithoutCandidates(table, recordSysId);
    }

    /** The whole table-mode scope had no row-capable candidate. */
    public static MaterializationException noCandidates() {
        return MaterializationException.noCandidates();
    }

    private DraftRow materialize(RecordCandidates record) {
        PitWinner.Selection selection = PitWinner.select(record.candidates());
        IndexedEvent winner = switch (selection.status()) {
            case RESOLVED -> selection.winner();
            case AMBIGUOUS_PIT_CANDIDATES -> throw MaterializationException.ambiguousWinner(record.table(),
                    record.recordSysId(), winningTuple(record));
            case MISSING_PIT_CANDIDATES -> throw missing(record);
        };
        Optional<JsonNode> body = bodies.read(winner.artifactKey(),
                winner.manifestKey());
        return RowMaterializer.materialize(scope, winner, eventTimes.apply(winner), body);
    }

    /** Why {@link PitWinner} found no winner although row-capable candidates exist. */
    private MaterializationException missing(RecordCandidates record) {
        if (rowCapable(record).stream().anyMatch(event -> event.sysUpdatedOn() == null)) {
            return MaterializationException.candidateWithoutSysUpdatedOn(record.table(), record.recordSysId());
        }
        return MaterializationException.unmappedWinner(record.table(), record.recordSysId(), winningTuple(record));
    }

    /** The maximum tuple, as the winner scan saw it, with the {@code __time} text the row would carry. */
    private PitTuple winningTuple(RecordCandidates record) {
        List<IndexedEvent> rows = rowCapable(record);
        IndexedEvent best = rows.get(PitOrdering.selectLatestIndex(rows.stream().map(IndexedEvent::pitTuple).toList()));
        PitTuple tuple = best.pitTuple();
        return new PitTuple(tuple.sysUpdatedOn(), tuple.sysModCount(), eventTimes.apply(best), tuple.eventId());
    }

    private static List<IndexedEvent> rowCapable(RecordCandidates record) {
        return record.candidates().stream().filter(IndexedEvent::rowCapable).toList();
    }
}
