/**
 * Private PostgreSQL 15 clusters on this machine: a durable one per project for {@code rez pg}, throwaway ones
 * for tests. Entry point: {@link io.rezilient.restore.db.local.LocalPostgres}.
 */
package io.rezilient.restore.db.local;
