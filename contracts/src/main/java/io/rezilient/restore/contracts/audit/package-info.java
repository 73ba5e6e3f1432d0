/**
 * The cross-service audit contract ({@code audit.contracts.v1} / {@code audit.event.v1}): normalised events every
 * service emits, their replay order, and the mapping from the restore service's job events.
 */
package io.rezilient.restore.contracts.audit;
