package io.rezilient.restore.service.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.restore.JobStatus;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.contracts.validation.Schema;
import io.rezilient.restore.contracts.validation.Schemas;
import io.rezilient.restore.service.http.ApiError;
import io.rezilient.restore.service.http.JsonBody;

import java.util.Arrays;
import java.util.Objects;

/**
 * A validated {@code POST /v1/jobs/{id}/complete} body (service-spec §3.4), strict: a terminal {@code status}
 * ({@code running} and the other non-terminal ones are refused) and an optional known {@code reason_code}
 * (default {@code none}).
 */
public record CompleteJobRequest(JobStatus status, String reasonCode) {
    static final Schema SCHEMA = Schemas.object()
            .field("status", Schemas.oneOf("completed", "failed", "cancelled"))
            .field("reason_code", Schemas.oneOf(Arrays.stream(ReasonCode.values()).map(ReasonCode::wire).toList())
                    .optional());

    public CompleteJobRequest {
        Objects.requireNonNull(status, "status");
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("complete needs a terminal status: " + status.wire());
        }
        Objects.requireNonNull(reasonCode, "reasonCode");
    }

    /**
     * @throws ApiError 400 {@code invalid_request} naming the first broken rule
     */
    public static CompleteJobRequest parse(JsonNode body) {
        JsonNode valid = JsonBody.validate(body, SCHEMA);
        JsonNode reason = valid.get("reason_code");
        return new CompleteJobRequest(JobStatus.fromWire(valid.get("status").textValue()),
                reason == null ? ReasonCode.NONE.wire() : reason.textValue());
    }
}
