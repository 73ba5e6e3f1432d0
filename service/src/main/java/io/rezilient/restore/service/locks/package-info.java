/**
 * Scope locks of restore jobs (service-spec §5.2) kept as rows in PostgreSQL and changed in the transaction of the
 * job transition that causes them; see {@link io.rezilient.restore.service.locks.PostgresLockManager}. The fairness
 * rule that decides who may hold what lives in {@link io.rezilient.restore.service.locks.ScopeQueue} alone.
 */
package io.rezilient.restore.service.locks;
