package io.rezilient.restore.contracts.audit;

import io.rezilient.restore.contracts.restore.ContractVersions;
import io.rezilient.restore.contracts.validation.ContractFields;
import io.rezilient.restore.contracts.validation.ObjectSchema;
import io.rezilient.restore.contracts.validation.Schema;
import io.rezilient.restore.contracts.validation.Schemas;

import java.util.Arrays;
import java.util.List;

/** The strict wire schema of {@link CrossServiceAuditEvent}: unknown fields and wrong enum values are rejected. */
final class AuditEventSchema {
    static final Schema EVENT = Schemas.object()
            .field("contract_version", Schemas.literal(ContractVersions.AUDIT_CONTRACT_VERSION))
            .field("schema_version", Schemas.literal(ContractVersions.AUDIT_EVENT_SCHEMA_VERSION))
            .field("event_id", ContractFields.nonEmptyString())
            .field("occurred_at", ContractFields.isoDateTime())
            .field("service", Schemas.oneOf(wires(AuditService.values())))
            .field("lifecycle", Schemas.oneOf(wires(AuditLifecycle.values())))
            .field("action", ContractFields.nonEmptyString())
            .field("outcome", Schemas.oneOf(wires(AuditOutcome.values())))
            .field("tenant_id", ContractFields.nonEmptyString().optional())
            .field("instance_id", ContractFields.nonEmptyString().optional())
            .field("source", ContractFields.nonEmptyString().optional())
            .field("plan_id", ContractFields.nonEmptyString().optional())
            .field("plan_hash", ContractFields.sha256Hex().optional())
            .field("job_id", ContractFields.nonEmptyString().optional())
            .field("reason_code", ContractFields.nonEmptyString().optional())
            .field("actor", Schemas.object()
                    .field("type", Schemas.oneOf(wires(ActorType.values())))
                    .field("id", ContractFields.nonEmptyString())
                    .field("display", ContractFields.nonEmptyString().optional())
                    .optional())
            .field("correlation", Schemas.object()
                    .field("request_id", ContractFields.nonEmptyString().optional())
                    .field("trace_id", ContractFields.nonEmptyString().optional())
                    .field("parent_event_id", ContractFields.nonEmptyString().optional())
                    .optional())
            .field("metadata", Schemas.object().unknownKeys(ObjectSchema.UnknownKeys.PASSTHROUGH).optional());

    private AuditEventSchema() {
    }

    private static List<String> wires(io.rezilient.restore.contracts.restore.WireEnum[] values) {
        return Arrays.stream(values).map(io.rezilient.restore.contracts.restore.WireEnum::wire).toList();
    }
}
