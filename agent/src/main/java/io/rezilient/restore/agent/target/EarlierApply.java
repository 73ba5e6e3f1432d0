package io.rezilient.restore.agent.target;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * A row of the same job that another claim already applied to the target (the ledger says so), whose claim the
 * service never saw committed: the row must not be written again.
 *
 * @param beforeImage      the before-image that claim captured, sealed for its own attempt; empty when the record did
 *                         not exist
 * @param afterFingerprint the record's fingerprint as that claim's write left it; empty for a delete
 */
record EarlierApply(String claimId, String planHash, int rowAttempt, Optional<ObjectNode> beforeImage,
                    Optional<String> afterFingerprint) {
}
