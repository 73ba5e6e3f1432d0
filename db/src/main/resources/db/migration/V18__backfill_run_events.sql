-- Backfill runs (issue 16): an operator can cancel a run, and every state change of a run is audited with who made
-- it and why (recovery-backfill §3b "Audit"). backfill_runs and backfill_batches exist since V1.

SET search_path TO rez_restore_index;

ALTER TABLE backfill_runs DROP CONSTRAINT backfill_status_valid;
ALTER TABLE backfill_runs ADD CONSTRAINT backfill_status_valid
    CHECK (status IN ('running', 'paused', 'completed', 'failed', 'cancelled'));

CREATE TABLE backfill_run_events (
    run_id      identifier  NOT NULL CONSTRAINT backfill_run_events_run_fk REFERENCES backfill_runs (run_id),
    event_seq   BIGINT      NOT NULL CONSTRAINT run_event_seq_positive CHECK (event_seq >= 1),
    -- null for the run's creation
    from_status TEXT,
    to_status   TEXT        NOT NULL
        CONSTRAINT run_event_status_valid
            CHECK (to_status IN ('running', 'paused', 'completed', 'failed', 'cancelled')),
    reason_code identifier  NOT NULL,
    detail      TEXT,
    actor       identifier  NOT NULL,
    at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT backfill_run_events_pk PRIMARY KEY (run_id, event_seq)
);
COMMENT ON TABLE backfill_run_events IS 'Audit: every state change of a backfill run, never updated or deleted.';

-- The audit is append-only for the indexer (the grants of V2 gave it every DML right on new tables).
REVOKE UPDATE, DELETE ON TABLE backfill_run_events FROM rez_restore_indexer_rw;
