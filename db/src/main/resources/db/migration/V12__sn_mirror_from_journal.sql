-- The ServiceNow mirror linkage (service-spec §6.9) becomes a projection of the rollback journal.
--
-- A mirror record is one per journal entry and every field of it is that entry's own: its id is derived from the
-- journal id (ExecutionIds.mirrorId: 'sn_mirror_' + the first 24 hex characters of SHA-256 over the UTF-8 of the
-- journal id), its outcome is always 'applied' with reason 'none', and it is linked when the entry is written. Kept
-- as a second table, it cost every commit a second insert per applied row with three index entries and a foreign-key
-- probe — a sixth of the database time of a restore (scripts/bench execute) — to store nothing new. As a view the
-- linkage invariants of the "Rollback Journal Verification" runbook (every mirror record names a journal entry,
-- every journal entry has one) hold by construction, and pruning a before-image keeps the linkage as before.
SET search_path TO rez_restore;

DROP TABLE sn_mirror;

CREATE VIEW sn_mirror AS
SELECT 'sn_mirror_' || substr(encode(sha256(convert_to(j.journal_id, 'UTF8')), 'hex'), 1, 24) AS mirror_id,
       j.journal_id,
       j.job_id,
       j.plan_hash,
       j.plan_row_id,
       j.table_name,
       j.record_sys_id,
       j.action,
       j.outcome,
       'none'::text AS reason_code,
       j.chunk_id,
       j.row_attempt,
       j.executed_at AS linked_at
FROM rollback_journal j;
COMMENT ON VIEW sn_mirror IS 'ServiceNow mirror linkage, one per journal entry, never carrying before-images (a projection of rollback_journal).';

GRANT SELECT ON TABLE sn_mirror TO rez_restore_service_rw;
