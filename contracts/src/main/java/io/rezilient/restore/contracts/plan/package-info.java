/**
 * The restore plan contract: the {@code RestorePlanHashInput} schema, the metadata allow-list envelope and the
 * deterministic {@code plan_hash}, which must match the reference bit for bit for {@code plan-hash-input.v1}.
 */
package io.rezilient.restore.contracts.plan;
