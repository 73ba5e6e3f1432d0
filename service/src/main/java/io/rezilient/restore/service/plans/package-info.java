/**
 * Dry-run planning (service-spec §3.3, §4): request parsing, PIT winners materialised from artifact bodies into
 * plan rows, target reconciliation (draft → finalised), the executability gate, the deterministic
 * {@code plan_hash} and plan persistence. The service never decrypts: rows carry the encrypted envelopes as read.
 */
package io.rezilient.restore.service.plans;
