-- Schema rez_restore: the two audit streams of a restore job (service-spec §5.4, §9), as rows written in the same
-- transaction as the job transition they record, instead of lists inside the reference's whole-state snapshot.
--   * `job_events` is the legacy stream of GET /v1/jobs/{id}/events: one row per event, in insertion order (`seq`).
--   * `audit_events` is the normalised cross-service stream (audit.event.v1) of GET /v1/jobs/{id}/events/cross-service.
--     Every job event has exactly one audit event with the same event_id (the reference's rule); other services'
--     or non-job RRS events can be added later without a job. Replay order is (occurred_at, service, event_id).
--   * occurred_at is stored both as the instant and as its canonical wire text (millisecond ISO-8601 UTC), so a
--     replay answers byte-identical timestamps and sorts them as the wire contract does.
--   * actor: who caused the event, from the caller's token (`sub`) or the admin actor; the reference records none.
--   * Per job, events are stamped with strictly increasing millisecond instants (the service bumps a tie by 1 ms),
--     so the replay order of a job's audit events is the order in which they happened.

SET search_path TO rez_restore;

CREATE TABLE job_events (
    event_id     identifier  NOT NULL,
    job_id       identifier  NOT NULL,
    -- insertion order across all jobs; a job's events in seq order are its history
    seq          BIGINT      GENERATED ALWAYS AS IDENTITY,
    event_type   TEXT        NOT NULL
        CONSTRAINT job_events_type_valid CHECK (event_type IN ('job_created', 'job_queued', 'job_started',
                                                               'job_paused', 'job_completed', 'job_failed',
                                                               'job_cancelled')),
    reason_code  TEXT        NOT NULL
        CONSTRAINT job_events_reason_code_format CHECK (reason_code ~ '^[a-z][a-z0-9_]*$'),
    created_at   TIMESTAMPTZ NOT NULL,
    details      JSONB       NOT NULL
        CONSTRAINT job_events_details_is_object CHECK (jsonb_typeof(details) = 'object'),
    actor_type   TEXT        NOT NULL
        CONSTRAINT job_events_actor_type_valid CHECK (actor_type IN ('user', 'service', 'system')),
    actor_id     identifier  NOT NULL,
    CONSTRAINT job_events_pk PRIMARY KEY (event_id),
    CONSTRAINT job_events_seq_unique UNIQUE (seq),
    CONSTRAINT job_events_job_fk FOREIGN KEY (job_id) REFERENCES jobs (job_id)
);
COMMENT ON TABLE job_events IS 'Legacy job events (service-spec §5.4) in insertion order (seq).';

-- A job's history in order, and its latest event instant (the next event's stamp must be later).
CREATE INDEX job_events_job_seq_idx ON job_events (job_id, seq);

CREATE TABLE audit_events (
    service          TEXT        NOT NULL
        CONSTRAINT audit_events_service_valid CHECK (service IN ('acp', 'reg', 'rrs', 'sn')),
    event_id         identifier  NOT NULL,
    occurred_at      TIMESTAMPTZ NOT NULL,
    -- the canonical wire text of occurred_at (YYYY-MM-DDTHH:mm:ss.SSSZ)
    occurred_at_text TEXT        NOT NULL
        CONSTRAINT audit_events_occurred_at_text_format
            CHECK (occurred_at_text ~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$'),
    lifecycle        TEXT        NOT NULL
        CONSTRAINT audit_events_lifecycle_valid
            CHECK (lifecycle IN ('auth', 'plan', 'execute', 'resume', 'override', 'delete', 'ingest')),
    action           TEXT        NOT NULL
        CONSTRAINT audit_events_action_format CHECK (action ~ '^[a-z][a-z0-9]*(_[a-z0-9]+)*$'),
    outcome          TEXT        NOT NULL
        CONSTRAINT audit_events_outcome_valid
            CHECK (outcome IN ('attempted', 'accepted', 'denied', 'queued', 'started', 'paused', 'completed',
                               'failed', 'cancelled', 'skipped')),
    tenant_id        identifier,
    instance_id      identifier,
    source           identifier,
    plan_id          identifier,
    plan_hash        sha256_hex,
    job_id           identifier,
    -- absent when 'none' (the contract omits it)
    reason_code      TEXT
        CONSTRAINT audit_events_reason_code_format CHECK (reason_code ~ '^[a-z][a-z0-9_]*$' AND reason_code <> 'none'),
    actor            JSONB
        CONSTRAINT audit_events_actor_is_object CHECK (actor IS NULL OR jsonb_typeof(actor) = 'object'),
    metadata         JSONB
        CONSTRAINT audit_events_metadata_is_object CHECK (metadata IS NULL OR jsonb_typeof(metadata) = 'object'),
    CONSTRAINT audit_events_pk PRIMARY KEY (service, event_id),
    -- the contract's field dependencies (service-spec §9)
    CONSTRAINT audit_events_instance_needs_tenant CHECK (instance_id IS NULL OR tenant_id IS NOT NULL),
    CONSTRAINT audit_events_source_needs_instance CHECK (source IS NULL OR instance_id IS NOT NULL),
    CONSTRAINT audit_events_hash_needs_plan CHECK (plan_hash IS NULL OR plan_id IS NOT NULL),
    CONSTRAINT audit_events_plan_lifecycle CHECK (lifecycle <> 'plan' OR plan_id IS NOT NULL),
    CONSTRAINT audit_events_job_lifecycles
        CHECK (lifecycle NOT IN ('execute', 'resume', 'override', 'delete') OR job_id IS NOT NULL)
);
COMMENT ON TABLE audit_events IS 'Normalised cross-service audit events (audit.event.v1, service-spec §9).';

-- A job's audit stream in replay order.
CREATE INDEX audit_events_job_replay_idx ON audit_events (job_id, occurred_at_text, service, event_id)
    WHERE job_id IS NOT NULL;

-- GET /v1/jobs?status=… lists a scope's jobs in FIFO (enqueue) order, optionally of one status, page by page; the
-- status index also serves "the scope's non-terminal jobs" (reconcile) and replaces V7's (scope, status) index, so a
-- status change, which cannot be a HOT update, maintains one index fewer.
CREATE INDEX jobs_scope_seq_idx ON jobs (tenant_id, instance_id, source, enqueued_seq);
CREATE INDEX jobs_scope_status_seq_idx ON jobs (tenant_id, instance_id, source, status, enqueued_seq);
DROP INDEX jobs_scope_status_idx;

-- Audit rows are append-only for the service: it may add events but never change or delete them.
GRANT SELECT, INSERT ON TABLE job_events, audit_events TO rez_restore_service_rw;
