-- Access roles for rez_restore_index (NOLOGIN: deployments grant them to their own login users).
--   rez_restore_indexer_rw  the indexer: reads and writes rows (DML), no DDL (Flyway owns the DDL)
--   rez_restore_service_ro  the restore service: reads only
-- Roles are cluster-wide while this migration runs once per database, so creating them must tolerate another
-- database of the same cluster having created them already, or creating them at this very moment (a concurrent
-- CREATE ROLE loses with unique_violation rather than duplicate_object). No passwords: logins are not ours to mint.

DO
$$
DECLARE
    role_name TEXT;
BEGIN
    FOREACH role_name IN ARRAY ARRAY ['rez_restore_indexer_rw', 'rez_restore_service_ro']
        LOOP
            IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = role_name) THEN
                BEGIN
                    EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
                EXCEPTION
                    WHEN duplicate_object OR unique_violation THEN
                        NULL; -- created concurrently from another database: exactly what we wanted
                END;
            END IF;
        END LOOP;
END
$$;

GRANT USAGE ON SCHEMA rez_restore_index TO rez_restore_indexer_rw, rez_restore_service_ro;

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA rez_restore_index TO rez_restore_indexer_rw;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA rez_restore_index TO rez_restore_indexer_rw;
GRANT SELECT ON ALL TABLES IN SCHEMA rez_restore_index TO rez_restore_service_ro;

-- Tables that later migrations create (as the same migrating user) get the same grants.
ALTER DEFAULT PRIVILEGES IN SCHEMA rez_restore_index
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO rez_restore_indexer_rw;
ALTER DEFAULT PRIVILEGES IN SCHEMA rez_restore_index
    GRANT USAGE, SELECT ON SEQUENCES TO rez_restore_indexer_rw;
ALTER DEFAULT PRIVILEGES IN SCHEMA rez_restore_index
    GRANT SELECT ON TABLES TO rez_restore_service_ro;

-- Flyway's history table lives in this schema: both roles may read it (services verify the schema version at
-- start-up with their own credentials), but only the migrating user writes it.
REVOKE INSERT, UPDATE, DELETE ON TABLE rez_restore_index.${flyway:table} FROM rez_restore_indexer_rw;

-- The backfill batch audit is append-only for the indexer.
REVOKE UPDATE, DELETE ON TABLE rez_restore_index.backfill_batches FROM rez_restore_indexer_rw;
