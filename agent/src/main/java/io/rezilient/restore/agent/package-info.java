/**
 * The restore agent: the target-side worker that decrypts restore values with the tenant keyring (the service never
 * sees plaintext), applies claimed chunks to the target exactly once per claim, and seals the target's real
 * before-images for the rollback journal.
 */
package io.rezilient.restore.agent;
