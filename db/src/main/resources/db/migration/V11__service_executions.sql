-- Schema rez_restore: restore execution (service-spec §3.5, §6), as rows written in the transaction of the change that
-- makes them, instead of the reference's whole-state execution snapshot that was rewritten after every row.
--   * `executions` is one row per job that was armed for execution (POST …/execution, or a first claim that passed
--     the same checks, architecture §5 item 3). Summary counters are maintained by each commit, so reading an
--     execution never scans its 100,000 rows.
--   * `execution_rows` is the execution's work list, fixed when the execution is armed: the plan's rows in row_id
--     order, merged with the delete candidates an operator allowed (deviation: the reference never deletes them).
--     `position` is the row's place in that list; chunk and row index follow from it and the chunk size. Each row
--     keeps its latest outcome and attempt count; the append-only history is `row_outcomes`.
--   * `checkpoints` is the resume cursor (next chunk, next row), one per execution; its id is derived (§0).
--   * `execution_chunks` holds the outcome of each chunk that has rows with outcomes (§6.6 chunk outcome).
--   * `execution_claims` are leased batches of rows handed to an agent (pull mode). At most one claim per job is
--     `claimed` (a partial unique index), so two agents can never hold the same row. A commit stores the answer it
--     gave, so a repeated identical commit answers it again (idempotent by claim_id).
--   * `rollback_journal` holds, for every applied row, the target's real before-image as the agent captured and
--     encrypted it (ciphertext only) and the record's fingerprint after the write, and `sn_mirror` one linkage
--     record per journal entry. POST /v1/jobs/{id}/rollback turns a job's journal into an undo plan and job.
--   * Plaintext never enters these tables: before-images are EncryptedPayload envelopes checked by the service.

SET search_path TO rez_restore;

CREATE TABLE executions (
    job_id                      identifier  NOT NULL,
    tenant_id                   identifier  NOT NULL,
    instance_id                 identifier  NOT NULL,
    source                      identifier  NOT NULL,
    plan_id                     identifier  NOT NULL,
    plan_hash                   sha256_hex  NOT NULL,
    plan_checksum               sha256_hex  NOT NULL,
    precondition_checksum       sha256_hex  NOT NULL,
    contract_version            TEXT        NOT NULL,
    -- paused: not terminal (in pull mode agents claim while the job runs); completed/failed: terminal
    status                      TEXT        NOT NULL
        CONSTRAINT executions_status_valid CHECK (status IN ('paused', 'completed', 'failed')),
    reason_code                 TEXT        NOT NULL
        CONSTRAINT executions_reason_code_format CHECK (reason_code ~ '^[a-z][a-z0-9_]*$'),
    progress_mode               TEXT        NOT NULL
        CONSTRAINT executions_progress_mode_valid CHECK (progress_mode IN ('commit_driven', 'push')),
    started_at                  TIMESTAMPTZ NOT NULL,
    completed_at                TIMESTAMPTZ,
    executed_by                 identifier  NOT NULL,
    chunk_size                  INTEGER     NOT NULL CONSTRAINT executions_chunk_size_range CHECK (chunk_size BETWEEN 1 AND 1000),
    total_rows                  INTEGER     NOT NULL CONSTRAINT executions_total_rows_not_negative CHECK (total_rows >= 0),
    planned_rows                INTEGER     NOT NULL CONSTRAINT executions_planned_rows_not_negative CHECK (planned_rows >= 0),
    total_chunks                INTEGER     NOT NULL CONSTRAINT executions_total_chunks_not_negative CHECK (total_chunks >= 0),
    workflow_mode               TEXT        NOT NULL
        CONSTRAINT executions_workflow_mode_valid CHECK (workflow_mode IN ('suppressed_default', 'allowlist')),
    workflow_allowlist          TEXT[]      NOT NULL,
    elevated_confirmation_used  BOOLEAN     NOT NULL,
    elevated_confirmation       JSONB,
    capabilities_used           TEXT[]      NOT NULL,
    -- how the target state was revalidated at execute time: caller records, or by the agent under row locks
    target_revalidation         TEXT        NOT NULL
        CONSTRAINT executions_target_revalidation_valid CHECK (target_revalidation IN ('records', 'agent')),
    resume_attempt_count        INTEGER     NOT NULL CONSTRAINT executions_resume_attempts_not_negative CHECK (resume_attempt_count >= 0),
    -- chunks processed in the current attempt (push mode's per-attempt budget)
    attempt_chunk_count         INTEGER     NOT NULL DEFAULT 0,
    applied_rows                INTEGER     NOT NULL DEFAULT 0,
    skipped_rows                INTEGER     NOT NULL DEFAULT 0,
    failed_rows                 INTEGER     NOT NULL DEFAULT 0,
    -- every media candidate of the plan, excluded ones included (§6.8 summary)
    attachments_planned         INTEGER     NOT NULL DEFAULT 0,
    updated_at                  TIMESTAMPTZ NOT NULL,
    CONSTRAINT executions_pk PRIMARY KEY (job_id),
    CONSTRAINT executions_job_fk FOREIGN KEY (job_id, tenant_id, instance_id, source)
        REFERENCES jobs (job_id, tenant_id, instance_id, source),
    CONSTRAINT executions_completed_iff_terminal CHECK ((status <> 'paused') = (completed_at IS NOT NULL)),
    CONSTRAINT executions_counts_within_total CHECK (applied_rows + skipped_rows + failed_rows <= total_rows),
    CONSTRAINT executions_confirmation_consistent
        CHECK (elevated_confirmation_used = (elevated_confirmation IS NOT NULL))
);
COMMENT ON TABLE executions IS 'Restore executions (service-spec §6.8), one per armed job, with running counters.';

CREATE TABLE execution_rows (
    job_id          identifier NOT NULL,
    position        INTEGER    NOT NULL CONSTRAINT execution_rows_position_not_negative CHECK (position >= 0),
    row_id          identifier NOT NULL,
    table_name      identifier NOT NULL,
    record_sys_id   identifier NOT NULL,
    action          TEXT       NOT NULL
        CONSTRAINT execution_rows_action_valid CHECK (action IN ('update', 'insert', 'delete', 'skip')),
    -- plan: a row of plan_rows; delete_candidate: a record created after the PIT an operator allowed to delete
    origin          TEXT       NOT NULL
        CONSTRAINT execution_rows_origin_valid CHECK (origin IN ('plan', 'delete_candidate')),
    row_attempt     INTEGER    NOT NULL DEFAULT 0 CONSTRAINT execution_rows_attempt_not_negative CHECK (row_attempt >= 0),
    outcome         TEXT
        CONSTRAINT execution_rows_outcome_valid CHECK (outcome IN ('applied', 'skipped', 'failed')),
    -- of the latest outcome: whether the row was applied row by row, and the conflict it was skipped for; a chunk's
    -- outcome is computed from these, never by searching the outcome history
    used_row_fallback BOOLEAN  NOT NULL DEFAULT false,
    conflict_id     identifier,
    CONSTRAINT execution_rows_pk PRIMARY KEY (job_id, position),
    CONSTRAINT execution_rows_row_unique UNIQUE (job_id, row_id),
    CONSTRAINT execution_rows_execution_fk FOREIGN KEY (job_id) REFERENCES executions (job_id)
);
COMMENT ON TABLE execution_rows IS 'The work list of an execution, in execution order, with each row''s latest outcome.';

-- The summary's runtime_conflict_count: the rows whose latest outcome names a conflict.
CREATE INDEX execution_rows_conflicts_idx ON execution_rows (job_id) WHERE conflict_id IS NOT NULL;

CREATE TABLE checkpoints (
    job_id           identifier  NOT NULL,
    checkpoint_id    identifier  NOT NULL,
    next_chunk_index INTEGER     NOT NULL CONSTRAINT checkpoints_chunk_not_negative CHECK (next_chunk_index >= 0),
    next_row_index   INTEGER     NOT NULL CONSTRAINT checkpoints_row_not_negative CHECK (next_row_index >= 0),
    -- the position of the next row to process; equals the execution's total_rows at the end
    next_position    INTEGER     NOT NULL CONSTRAINT checkpoints_position_not_negative CHECK (next_position >= 0),
    last_chunk_id    identifier,
    updated_at       TIMESTAMPTZ NOT NULL,
    CONSTRAINT checkpoints_pk PRIMARY KEY (job_id),
    CONSTRAINT checkpoints_execution_fk FOREIGN KEY (job_id) REFERENCES executions (job_id)
);
COMMENT ON TABLE checkpoints IS 'The resume cursor of each execution (service-spec §6.8 checkpoint).';

CREATE TABLE execution_chunks (
    job_id                        identifier  NOT NULL,
    chunk_index                   INTEGER     NOT NULL CONSTRAINT execution_chunks_index_not_negative CHECK (chunk_index >= 0),
    chunk_id                      identifier  NOT NULL,
    row_count                     INTEGER     NOT NULL CONSTRAINT execution_chunks_row_count_positive CHECK (row_count > 0),
    status                        TEXT        NOT NULL
        CONSTRAINT execution_chunks_status_valid CHECK (status IN ('applied', 'row_fallback', 'failed')),
    started_at                    TIMESTAMPTZ NOT NULL,
    completed_at                  TIMESTAMPTZ NOT NULL,
    applied_count                 INTEGER     NOT NULL,
    skipped_count                 INTEGER     NOT NULL,
    failed_count                  INTEGER     NOT NULL,
    fallback_trigger_conflict_ids TEXT[]      NOT NULL,
    CONSTRAINT execution_chunks_pk PRIMARY KEY (job_id, chunk_index),
    CONSTRAINT execution_chunks_execution_fk FOREIGN KEY (job_id) REFERENCES executions (job_id),
    CONSTRAINT execution_chunks_counts CHECK (applied_count + skipped_count + failed_count <= row_count)
);
COMMENT ON TABLE execution_chunks IS 'Outcome of each chunk of an execution that has row outcomes (service-spec §6.6).';

CREATE TABLE execution_revalidated_records (
    job_id        identifier NOT NULL,
    table_name    identifier NOT NULL,
    record_sys_id identifier NOT NULL,
    target_state  TEXT       NOT NULL CONSTRAINT execution_revalidated_state_valid CHECK (target_state IN ('exists', 'missing')),
    CONSTRAINT execution_revalidated_records_pk PRIMARY KEY (job_id, table_name, record_sys_id),
    CONSTRAINT execution_revalidated_records_execution_fk FOREIGN KEY (job_id) REFERENCES executions (job_id)
);
COMMENT ON TABLE execution_revalidated_records IS 'Target states accepted at execute time (service-spec §6.5).';

CREATE TABLE execution_runtime_conflicts (
    job_id      identifier NOT NULL,
    conflict_id identifier NOT NULL,
    row_id      identifier NOT NULL,
    class       TEXT       NOT NULL,
    reason_code TEXT       NOT NULL,
    reason      TEXT       NOT NULL,
    resolution  TEXT       NOT NULL CONSTRAINT execution_runtime_conflicts_resolution_valid CHECK (resolution IN ('skip', 'abort_and_replan')),
    CONSTRAINT execution_runtime_conflicts_pk PRIMARY KEY (job_id, conflict_id),
    CONSTRAINT execution_runtime_conflicts_row_unique UNIQUE (job_id, row_id),
    CONSTRAINT execution_runtime_conflicts_execution_fk FOREIGN KEY (job_id) REFERENCES executions (job_id)
);
COMMENT ON TABLE execution_runtime_conflicts IS 'Runtime conflicts accepted with a skip resolution (service-spec §6.3).';

CREATE TABLE execution_claims (
    claim_id           identifier  NOT NULL,
    job_id             identifier  NOT NULL,
    plan_id            identifier  NOT NULL,
    plan_hash          sha256_hex  NOT NULL,
    claimed_at         TIMESTAMPTZ NOT NULL,
    claimed_by         identifier  NOT NULL,
    claim_expires_at   TIMESTAMPTZ NOT NULL,
    -- the rows [from_position, to_position) and the checkpoint cursor the claim was taken at
    from_position      INTEGER     NOT NULL,
    to_position        INTEGER     NOT NULL,
    next_chunk_index   INTEGER     NOT NULL,
    next_row_index     INTEGER     NOT NULL,
    status             TEXT        NOT NULL
        CONSTRAINT execution_claims_status_valid CHECK (status IN ('claimed', 'committed', 'superseded')),
    committed_at       TIMESTAMPTZ,
    committed_by       identifier,
    -- SHA-256 of the canonical commit request, and the answer given: a repeated identical commit gets the same answer
    commit_fingerprint sha256_hex,
    commit_response    JSONB,
    CONSTRAINT execution_claims_pk PRIMARY KEY (claim_id),
    CONSTRAINT execution_claims_execution_fk FOREIGN KEY (job_id) REFERENCES executions (job_id),
    CONSTRAINT execution_claims_rows CHECK (from_position >= 0 AND to_position > from_position),
    CONSTRAINT execution_claims_expiry_after_claim CHECK (claim_expires_at > claimed_at),
    CONSTRAINT execution_claims_committed_consistent
        CHECK ((status = 'committed') = (committed_at IS NOT NULL AND commit_fingerprint IS NOT NULL
                                         AND commit_response IS NOT NULL))
);
COMMENT ON TABLE execution_claims IS 'Leased row batches of pull-mode executions (service-spec §6.7, architecture §5 item 3).';

-- One active claim per job, structurally: two agents can never hold rows of one job at once.
CREATE UNIQUE INDEX execution_claims_one_active_idx ON execution_claims (job_id) WHERE status = 'claimed';
CREATE INDEX execution_claims_job_idx ON execution_claims (job_id, claimed_at);

CREATE TABLE row_outcomes (
    seq                 BIGINT      GENERATED ALWAYS AS IDENTITY,
    job_id              identifier  NOT NULL,
    position            INTEGER     NOT NULL,
    row_id              identifier  NOT NULL,
    table_name          identifier  NOT NULL,
    record_sys_id       identifier  NOT NULL,
    action              TEXT        NOT NULL,
    outcome             TEXT        NOT NULL CONSTRAINT row_outcomes_outcome_valid CHECK (outcome IN ('applied', 'skipped', 'failed')),
    reason_code         TEXT        NOT NULL CONSTRAINT row_outcomes_reason_code_format CHECK (reason_code ~ '^[a-z][a-z0-9_]*$'),
    chunk_id            identifier  NOT NULL,
    row_attempt         INTEGER     NOT NULL CONSTRAINT row_outcomes_attempt_positive CHECK (row_attempt >= 1),
    used_row_fallback   BOOLEAN     NOT NULL,
    conflict_id         identifier,
    conflict_class      TEXT,
    conflict_resolution TEXT,
    message             TEXT,
    claim_id            identifier,
    recorded_at         TIMESTAMPTZ NOT NULL,
    CONSTRAINT row_outcomes_pk PRIMARY KEY (seq),
    CONSTRAINT row_outcomes_row_fk FOREIGN KEY (job_id, position) REFERENCES execution_rows (job_id, position)
);
COMMENT ON TABLE row_outcomes IS 'Append-only history of row outcomes (service-spec §6.8); summaries use execution_rows.outcome.';

CREATE INDEX row_outcomes_job_idx ON row_outcomes (job_id, seq);

CREATE TABLE rollback_journal (
    journal_id          identifier  NOT NULL,
    job_id              identifier  NOT NULL,
    plan_hash           sha256_hex  NOT NULL,
    plan_row_id         identifier  NOT NULL,
    table_name          identifier  NOT NULL,
    record_sys_id       identifier  NOT NULL,
    action              TEXT        NOT NULL,
    touched_fields      TEXT[]      NOT NULL,
    -- target: the agent's captured before-image; plan_values: a client that sent none (the reference's fallback)
    before_image_source TEXT        NOT NULL
        CONSTRAINT rollback_journal_source_valid CHECK (before_image_source IN ('target', 'plan_values')),
    -- exists / missing: whether the record was on the target before the row was applied
    before_image_state  TEXT
        CONSTRAINT rollback_journal_state_valid CHECK (before_image_state IN ('exists', 'missing')),
    before_image_enc    JSONB
        CONSTRAINT rollback_journal_enc_is_object CHECK (before_image_enc IS NULL OR jsonb_typeof(before_image_enc) = 'object'),
    chunk_id            identifier  NOT NULL,
    row_attempt         INTEGER     NOT NULL,
    executed_by         identifier  NOT NULL,
    executed_at         TIMESTAMPTZ NOT NULL,
    outcome             TEXT        NOT NULL CONSTRAINT rollback_journal_outcome_applied CHECK (outcome = 'applied'),
    -- set when retention pruned the before-image; the linkage ids stay
    pruned_at           TIMESTAMPTZ,
    -- the target record's fingerprint right after the row was applied, as the agent read it in the apply
    -- transaction (none for deletes or clients that sent none): an undo compares the target against it to see
    -- whether someone changed the record since
    after_fingerprint   sha256_hex,
    CONSTRAINT rollback_journal_pk PRIMARY KEY (journal_id),
    CONSTRAINT rollback_journal_job_fk FOREIGN KEY (job_id) REFERENCES executions (job_id),
    CONSTRAINT rollback_journal_target_image
        CHECK (before_image_source <> 'target' OR pruned_at IS NOT NULL
               OR (before_image_state = 'exists') = (before_image_enc IS NOT NULL)),
    CONSTRAINT rollback_journal_pruned_has_no_image CHECK (pruned_at IS NULL OR before_image_enc IS NULL)
);
COMMENT ON TABLE rollback_journal IS 'Encrypted before-images of applied rows (service-spec §6.9, architecture §5 item 5).';

CREATE INDEX rollback_journal_job_idx ON rollback_journal (job_id, executed_at, journal_id);

CREATE TABLE sn_mirror (
    mirror_id     identifier  NOT NULL,
    journal_id    identifier  NOT NULL,
    job_id        identifier  NOT NULL,
    plan_hash     sha256_hex  NOT NULL,
    plan_row_id   identifier  NOT NULL,
    table_name    identifier  NOT NULL,
    record_sys_id identifier  NOT NULL,
    action        TEXT        NOT NULL,
    outcome       TEXT        NOT NULL CONSTRAINT sn_mirror_outcome_applied CHECK (outcome = 'applied'),
    reason_code   TEXT        NOT NULL,
    chunk_id      identifier  NOT NULL,
    row_attempt   INTEGER     NOT NULL,
    linked_at     TIMESTAMPTZ NOT NULL,
    CONSTRAINT sn_mirror_pk PRIMARY KEY (mirror_id),
    CONSTRAINT sn_mirror_journal_unique UNIQUE (journal_id),
    CONSTRAINT sn_mirror_journal_fk FOREIGN KEY (journal_id) REFERENCES rollback_journal (journal_id)
);
COMMENT ON TABLE sn_mirror IS 'ServiceNow mirror linkage, one per journal entry, never carrying before-images.';

CREATE INDEX sn_mirror_job_idx ON sn_mirror (job_id, linked_at, mirror_id);

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE executions, execution_rows, checkpoints, execution_chunks,
    execution_revalidated_records, execution_runtime_conflicts, execution_claims, row_outcomes, rollback_journal,
    sn_mirror TO rez_restore_service_rw;
