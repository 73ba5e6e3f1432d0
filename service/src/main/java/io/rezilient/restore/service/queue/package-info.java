/**
 * The admin queue operations {@code POST /v1/admin/ops/queue/reconcile} and {@code …/queue/reset} (service-spec
 * §3.7, §5.5) on the relational lock tables: a scope's jobs and lock rows are read as one {@link
 * io.rezilient.restore.service.queue.ScopeSnapshot}, {@link io.rezilient.restore.service.queue.ReconcilePlanner}
 * decides (without I/O) what the scope's lock state should be, and {@link
 * io.rezilient.restore.service.queue.ReconcileWriter} writes that plan in the same transaction. A dry run only reads;
 * an apply works on exactly one (tenant, instance, source) scope under its advisory lock.
 */
package io.rezilient.restore.service.queue;
