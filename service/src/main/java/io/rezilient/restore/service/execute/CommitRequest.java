package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.validation.Schema;
import io.rezilient.restore.contracts.validation.Schemas;
import io.rezilient.restore.service.http.ApiError;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated {@code POST /v1/jobs/{id}/execute-batches/commit} body (service-spec §3.5, §6.7), strict:
 * {@code claim_id}, {@code committed_by?} (optional: the committer is the credentials' subject, architecture §5
 * deviation 2) and at least one {@link CommittedRow}. The rows are kept as sent: a repeated {@code row_id} or rows
 * that do not match the claim are {@code 409 claim_commit_mismatch}, decided against the claim (§6.7), not here.
 */
public record CommitRequest(String claimId, Optional<String> committedBy, List<CommittedRow> rowOutcomes) {
    static final Schema SCHEMA = Schemas.object()
            .field("claim_id", ExecuteFields.ID)
            .field("committed_by", ExecuteFields.ID.optional())
            .field("row_outcomes", Schemas.array(CommittedRow.SCHEMA).min(1));

    public CommitRequest {
        Objects.requireNonNull(claimId, "claimId");
        Objects.requireNonNull(committedBy, "committedBy");
        rowOutcomes = List.copyOf(rowOutcomes);
        if (rowOutcomes.isEmpty()) {
            throw new IllegalArgumentException("a commit needs at least one row outcome");
        }
    }

    /**
     * @throws ApiError 400 {@code invalid_request} naming the first broken rule
     */
    public static CommitRequest parse(JsonNode body) {
        JsonNode valid = ExecuteFields.validate(body, SCHEMA);
        return new CommitRequest(valid.get("claim_id").textValue(), ExecuteFields.optionalText(valid, "committed_by"),
                ExecuteFields.each(valid.get("row_outcomes"), CommittedRow::fromParsed));
    }
}
