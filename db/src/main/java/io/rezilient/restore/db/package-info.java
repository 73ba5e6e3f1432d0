/** Flyway migrations for the restore schemas and the start-up schema-version check. */
package io.rezilient.restore.db;
