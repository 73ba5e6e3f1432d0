/**
 * Restore execution (service-spec §3.5, §6): so far the strict request bodies of {@code POST …/execution},
 * {@code …/resume}, {@code …/execute-batches/claim} and {@code …/execute-batches/commit}. Operator identity and
 * capabilities come from the caller's credentials (architecture §5 deviation 2), so the bodies' {@code operator_id},
 * {@code operator_capabilities} and {@code committed_by} are optional here; when sent, the service checks them
 * against the credentials. Row values travel as encrypted envelopes only, before-images included.
 */
package io.rezilient.restore.service.execute;
