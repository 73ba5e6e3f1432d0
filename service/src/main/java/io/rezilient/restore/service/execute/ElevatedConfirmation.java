package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.validation.ContractFields;
import io.rezilient.restore.contracts.validation.Schema;
import io.rezilient.restore.contracts.validation.Schemas;
import io.rezilient.restore.service.http.ApiError;

import java.util.Objects;

/**
 * The operator's confirmation that an execution beyond the caps is intended (service-spec §6.1, §6.4), strict:
 * {@code {confirmed: true, confirmation: string≥1, reason: string≥1}}. {@code confirmed} must be the literal
 * {@code true}; the confirmation text itself is not checked against anything.
 */
public record ElevatedConfirmation(String confirmation, String reason) {
    /** zod's wording for {@code z.literal(true)}. */
    static final String CONFIRMED_MESSAGE = "Invalid input: expected true";

    static final Schema SCHEMA = Schemas.object()
            .field("confirmed", Schemas.bool().refine(JsonNode::booleanValue, CONFIRMED_MESSAGE))
            .field("confirmation", ContractFields.nonEmptyString())
            .field("reason", ContractFields.nonEmptyString());

    public ElevatedConfirmation {
        Objects.requireNonNull(confirmation, "confirmation");
        Objects.requireNonNull(reason, "reason");
        if (confirmation.isEmpty() || reason.isEmpty()) {
            throw new IllegalArgumentException("confirmation and reason must not be empty");
        }
    }

    /**
     * @throws ApiError 400 {@code invalid_request} naming the first broken rule
     */
    public static ElevatedConfirmation parse(JsonNode body) {
        return fromParsed(ExecuteFields.validate(body, SCHEMA));
    }

    static ElevatedConfirmation fromParsed(JsonNode confirmation) {
        return new ElevatedConfirmation(confirmation.get("confirmation").textValue(),
                confirmation.get("reason").textValue());
    }

    /** {@code {confirmed: true, confirmation, reason}}. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("confirmed", true);
        json.put("confirmation", confirmation);
        json.put("reason", reason);
        return json;
    }
}
