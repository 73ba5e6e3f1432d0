/**
 * Signed evidence of a restore (service-spec §3.6, §7; architecture §5 item 8): the artifacts of a finished
 * execution as canonical JSON, their hashes, the report hash, the signed manifest, verification, the signing
 * keyring, and where packages are kept.
 */
package io.rezilient.restore.service.evidence;
