package io.rezilient.restore.agent.target;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.restore.TargetState;

import java.util.Optional;

/**
 * A target record as it was just before a row was applied: absent (the record did not exist), or the record sealed
 * by a {@link io.rezilient.restore.agent.crypto.BeforeImageSealer} — an {@code EncryptedPayload} envelope. The
 * plaintext never leaves the writer.
 */
public record BeforeImage(Optional<ObjectNode> sealed) {
    private static final BeforeImage ABSENT = new BeforeImage(Optional.empty());

    /**
     * Keeps its own copy of the envelope. An envelope built by the sealer equals the same envelope read back from the
     * ledger (its numbers are the nodes a parser makes), so a replayed claim's result equals the original.
     */
    public BeforeImage {
        sealed = sealed.map(ObjectNode::deepCopy);
    }

    public static BeforeImage absent() {
        return ABSENT;
    }

    public static BeforeImage of(ObjectNode envelope) {
        return new BeforeImage(Optional.of(envelope));
    }

    public TargetState state() {
        return sealed.isPresent() ? TargetState.EXISTS : TargetState.MISSING;
    }
}
