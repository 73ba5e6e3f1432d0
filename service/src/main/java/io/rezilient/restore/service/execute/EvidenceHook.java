package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * What an execution answer calls once the execution has ended (service-spec §3.5): the job's evidence package,
 * generated if needed, as {@code {evidence_id, signature_verification, reused}} — or nothing when it could not be
 * generated, in which case the answer simply carries no {@code evidence}.
 */
@FunctionalInterface
public interface EvidenceHook {
    /** A hook that never has evidence (a service built without an evidence signer, as in some tests). */
    EvidenceHook NONE = jobId -> Optional.empty();

    Optional<ObjectNode> ensure(String jobId);
}
