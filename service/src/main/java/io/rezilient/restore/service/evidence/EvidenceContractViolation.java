package io.rezilient.restore.service.evidence;

/** A package that would not be a valid {@code RestoreEvidence} record (500 {@code evidence_contract_violation}). */
public final class EvidenceContractViolation extends RuntimeException {
    public EvidenceContractViolation(String message) {
        super(message);
    }
}
