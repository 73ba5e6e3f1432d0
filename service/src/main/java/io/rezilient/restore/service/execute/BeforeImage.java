package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.plan.PlanHashInputSchema;
import io.rezilient.restore.contracts.restore.TargetState;
import io.rezilient.restore.contracts.validation.ContractFields;
import io.rezilient.restore.contracts.validation.RefinementContext;
import io.rezilient.restore.contracts.validation.Schema;
import io.rezilient.restore.contracts.validation.Schemas;
import io.rezilient.restore.service.http.ApiError;

import java.util.Objects;
import java.util.Optional;

/**
 * The target's real before-image of an applied row, as the agent captured it (ours, architecture §5 deviation 5),
 * strict: {@code {state: "exists", enc: EncryptedPayload}} or {@code {state: "missing"}}. The record's values travel
 * as ciphertext only: {@code enc} is the strict envelope ({@link ContractFields#encryptedPayload()}), and a
 * {@code before_image_plain} is refused by name, as in plan rows.
 *
 * @param enc the validated envelope (its {@code sha256} lower-cased), present exactly when the record existed
 */
public record BeforeImage(TargetState state, Optional<ObjectNode> enc) {
    static final String PLAINTEXT_FIELD = "before_image_plain";
    static final String ENC_REQUIRED_MESSAGE = "enc is required when state is exists";
    static final String ENC_NOT_ALLOWED_MESSAGE = "enc is not allowed when state is missing";

    static final Schema SCHEMA = Schemas.object()
            .field("state", ExecuteFields.wireValues(TargetState.values()))
            .field("enc", ContractFields.encryptedPayload().optional())
            .field(PLAINTEXT_FIELD, Schemas.unknown())
            .refine(BeforeImage::checkShape);

    public BeforeImage {
        Objects.requireNonNull(state, "state");
        enc = Objects.requireNonNull(enc, "enc").map(ObjectNode::deepCopy);
        if (enc.isPresent() != (state == TargetState.EXISTS)) {
            throw new IllegalArgumentException(enc.isPresent() ? ENC_NOT_ALLOWED_MESSAGE : ENC_REQUIRED_MESSAGE);
        }
    }

    /** A record that existed, with its encrypted image. */
    public static BeforeImage exists(ObjectNode enc) {
        return new BeforeImage(TargetState.EXISTS, Optional.of(enc));
    }

    /** A record that did not exist before the row was applied. */
    public static BeforeImage missing() {
        return new BeforeImage(TargetState.MISSING, Optional.empty());
    }

    /**
     * @throws ApiError 400 {@code invalid_request} naming the first broken rule
     */
    public static BeforeImage parse(JsonNode body) {
        return fromParsed(ExecuteFields.validate(body, SCHEMA));
    }

    static BeforeImage fromParsed(JsonNode image) {
        JsonNode enc = image.get("enc");
        return new BeforeImage(TargetState.fromWire(image.get("state").textValue()),
                Optional.ofNullable(enc).map(ObjectNode.class::cast));
    }

    /** A copy of the envelope: the record stays immutable. */
    @Override
    public Optional<ObjectNode> enc() {
        return enc.map(ObjectNode::deepCopy);
    }

    /** {@code {state, enc?}}. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("state", state.wire());
        enc.ifPresent(envelope -> json.set("enc", envelope.deepCopy()));
        return json;
    }

    private static void checkShape(JsonNode image, RefinementContext context) {
        if (image.has(PLAINTEXT_FIELD)) {
            context.addIssue(PLAINTEXT_FIELD + PlanHashInputSchema.PLAINTEXT_NOT_ALLOWED_SUFFIX, PLAINTEXT_FIELD);
            return;
        }
        boolean exists = TargetState.EXISTS.wire().equals(image.path("state").asText());
        if (exists && !image.has("enc")) {
            context.addIssue(ENC_REQUIRED_MESSAGE, "enc");
        } else if (!exists && image.has("enc")) {
            context.addIssue(ENC_NOT_ALLOWED_MESSAGE, "enc");
        }
    }
}
