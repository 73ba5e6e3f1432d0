/**
 * Undoing a restore from the agent's side: reading the target's current state of every record a job journaled, so the
 * service can check that nothing changed since the restore before it plans the undo.
 */
package io.rezilient.restore.agent.rollback;
