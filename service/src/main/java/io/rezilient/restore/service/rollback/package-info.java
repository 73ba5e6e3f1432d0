/**
 * Undoing a restore from its rollback journal (architecture §5 item 5): {@code POST /v1/jobs/{id}/rollback} checks
 * the journal of a completed or failed job against the target's current state, as the agent read it, and creates an
 * executable undo plan whose rows put every journaled record back to its before-image, with a job that agents run like
 * any other. The undo job journals its own before-images, so it can be undone in turn. Ciphertext only: the service
 * never opens a before-image, the agent does, bound to the journal entry it was sealed for.
 */
package io.rezilient.restore.service.rollback;
