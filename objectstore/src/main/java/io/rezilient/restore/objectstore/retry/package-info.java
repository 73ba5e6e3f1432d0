/**
 * Retrying transient object-store failures with jittered exponential backoff, capped attempts and an
 * overall deadline per operation. Time and randomness are injected so the policy is testable.
 */
package io.rezilient.restore.objectstore.retry;
