-- Schema rez_restore: restore jobs (service-spec §5.1, §5.3) and their scope locks (§5.2) as rows, replacing the
-- reference's whole-state job snapshot, which reloaded and rewrote every job and the whole lock table on each change.
--   * A job, its lock holds and its queue entries change in one transaction: the job service calls the lock manager
--     (io.rezilient.restore.service.locks) on the connection of the job transition that causes the lock change.
--   * A lock key is (tenant_id, instance_id, source, table_name): the same table on two sources does not conflict.
--   * `lock_holds` has the key as primary key, so two holders of one key are impossible by construction, whatever
--     a bug in the service does. Only running and paused jobs hold keys; queued jobs hold none (§5.2).
--   * `lock_queue` is one row per (queued job, wanted table) rather than a TEXT[] per job, so the lock manager's
--     fairness question "does an older queued job wait for any of my keys?" is an index range scan on
--     (scope, table_name, seq) instead of an array-overlap scan over the whole queue.
--   * FIFO order is `seq`, drawn from `job_enqueue_seq` while the scope's advisory lock is held, so within one
--     (tenant, instance, source) it is exactly the order in which jobs asked for their locks. It is copied to
--     `jobs.enqueued_seq` so a job keeps its place in history once it left the queue.
--   * queue_position, wait_reason_code and wait_tables of the job record are not stored: they are computed from
--     `lock_queue` and `lock_holds` when read, so they are never a stale snapshot.
--   * Holds and queue rows reference the job with its scope (composite foreign key): a hold can only be on a key
--     of the job's own tenant, instance and source.

SET search_path TO rez_restore;

-- A non-empty set of table names in canonical form: no NULLs, no blanks, trimmed, distinct, sorted byte-wise.
-- `lock_scope_tables` is compared and intersected as a set; one spelling per set keeps equal sets equal.
CREATE FUNCTION is_canonical_table_set(tables TEXT[]) RETURNS BOOLEAN
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS
$$
SELECT cardinality(tables) >= 1
       AND array_position(tables, NULL) IS NULL
       AND tables = ARRAY(SELECT DISTINCT t COLLATE "C" FROM unnest(tables) AS t ORDER BY 1)
       AND NOT EXISTS (SELECT 1 FROM unnest(tables) AS t WHERE t <> btrim(t) OR t = '')
$$;

-- The FIFO order of lock requests (see above); one sequence for all scopes, only its order within a scope matters.
CREATE SEQUENCE job_enqueue_seq AS BIGINT;

CREATE TABLE jobs (
    job_id                identifier  NOT NULL,
    tenant_id             identifier  NOT NULL,
    instance_id           identifier  NOT NULL,
    source                identifier  NOT NULL,
    plan_id               identifier  NOT NULL,
    plan_hash             sha256_hex  NOT NULL,
    status                TEXT        NOT NULL
        CONSTRAINT jobs_status_valid
            CHECK (status IN ('queued', 'running', 'paused', 'completed', 'failed', 'cancelled')),
    -- wire reason codes (none, queued_scope_lock, failed_stale_lock_recovered, ...): snake case, never blank
    status_reason_code    TEXT        NOT NULL
        CONSTRAINT jobs_status_reason_code_format CHECK (status_reason_code ~ '^[a-z][a-z0-9_]*$'),
    lock_scope_tables     TEXT[]      NOT NULL
        CONSTRAINT jobs_lock_scope_tables_canonical CHECK (is_canonical_table_set(lock_scope_tables)),
    -- as the caller gave them (§5.1): neither sorted nor de-duplicated, possibly empty
    required_capabilities TEXT[]      NOT NULL
        CONSTRAINT jobs_required_capabilities_no_nulls CHECK (array_position(required_capabilities, NULL) IS NULL),
    requested_by          identifier  NOT NULL,
    requested_at          TIMESTAMPTZ NOT NULL,
    -- the approval placeholder (§5.1), always an object
    approval              JSONB       NOT NULL
        CONSTRAINT jobs_approval_is_object CHECK (jsonb_typeof(approval) = 'object'),
    -- set when the job asks for its locks (the same transaction that creates it); see job_enqueue_seq
    enqueued_seq          BIGINT
        CONSTRAINT jobs_enqueued_seq_positive CHECK (enqueued_seq > 0),
    started_at            TIMESTAMPTZ,
    completed_at          TIMESTAMPTZ,
    updated_at            TIMESTAMPTZ NOT NULL,
    CONSTRAINT jobs_pk PRIMARY KEY (job_id),
    -- the target of the holds' and queue's composite foreign keys
    CONSTRAINT jobs_job_scope_unique UNIQUE (job_id, tenant_id, instance_id, source),
    CONSTRAINT jobs_enqueued_seq_unique UNIQUE (enqueued_seq),
    -- a queued job waits for a scope lock, the only reason a job queues (§5.1, §5.3)
    CONSTRAINT jobs_queued_reason CHECK (status <> 'queued' OR status_reason_code = 'queued_scope_lock'),
    -- running and paused jobs have started; a queued one has not (a reconcile re-queue clears started_at, §5.3)
    CONSTRAINT jobs_started_iff_running_or_paused
        CHECK (status NOT IN ('running', 'paused') OR started_at IS NOT NULL),
    CONSTRAINT jobs_queued_not_started CHECK (status <> 'queued' OR started_at IS NULL),
    -- a job is terminal exactly when it has completed_at; a job cancelled while queued never started
    CONSTRAINT jobs_completed_iff_terminal
        CHECK ((status IN ('completed', 'failed', 'cancelled')) = (completed_at IS NOT NULL)),
    CONSTRAINT jobs_updated_after_requested CHECK (updated_at >= requested_at),
    CONSTRAINT jobs_started_after_requested CHECK (started_at IS NULL OR started_at >= requested_at),
    CONSTRAINT jobs_completed_after_requested CHECK (completed_at IS NULL OR completed_at >= requested_at)
);
COMMENT ON TABLE jobs IS
    'Restore jobs (service-spec §5.1); queue position and wait fields are computed from lock_queue and lock_holds.';

-- Listing a scope's jobs (reconcile, admin views) without scanning other tenants' jobs.
CREATE INDEX jobs_scope_status_idx ON jobs (tenant_id, instance_id, source, status);

CREATE TABLE lock_holds (
    tenant_id   identifier  NOT NULL,
    instance_id identifier  NOT NULL,
    source      identifier  NOT NULL,
    table_name  identifier  NOT NULL,
    job_id      identifier  NOT NULL,
    acquired_at TIMESTAMPTZ NOT NULL,
    -- one holder per key, structurally
    CONSTRAINT lock_holds_pk PRIMARY KEY (tenant_id, instance_id, source, table_name),
    CONSTRAINT lock_holds_job_fk FOREIGN KEY (job_id, tenant_id, instance_id, source)
        REFERENCES jobs (job_id, tenant_id, instance_id, source)
);
COMMENT ON TABLE lock_holds IS 'Scope lock keys held by running or paused jobs, one holder per key.';

-- Releasing a job deletes its holds by job_id.
CREATE INDEX lock_holds_job_idx ON lock_holds (job_id);

CREATE TABLE lock_queue (
    job_id      identifier NOT NULL,
    table_name  identifier NOT NULL,
    tenant_id   identifier NOT NULL,
    instance_id identifier NOT NULL,
    source      identifier NOT NULL,
    -- the job's place in the FIFO, the same on every row of one job (= jobs.enqueued_seq)
    seq         BIGINT     NOT NULL CONSTRAINT lock_queue_seq_positive CHECK (seq > 0),
    queued_at   TIMESTAMPTZ NOT NULL,
    -- rows of one job by job_id (release, blocking), one row per wanted table
    CONSTRAINT lock_queue_pk PRIMARY KEY (job_id, table_name),
    CONSTRAINT lock_queue_job_fk FOREIGN KEY (job_id, tenant_id, instance_id, source)
        REFERENCES jobs (job_id, tenant_id, instance_id, source)
);
COMMENT ON TABLE lock_queue IS
    'Jobs waiting for scope locks, one row per (job, wanted table), in FIFO order of seq within a scope.';

-- "Older queued jobs waiting for any of these keys" (head-of-line fairness) as an index range scan per key.
CREATE INDEX lock_queue_key_seq_idx ON lock_queue (tenant_id, instance_id, source, table_name, seq);
-- A scope's queue in FIFO order (promotion, queue position).
CREATE INDEX lock_queue_scope_seq_idx ON lock_queue (tenant_id, instance_id, source, seq);

-- Jobs and locks are the service's working state: the writer role reads and writes them; the read-only role gets
-- nothing (job rows name operators and plans).
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE jobs, lock_holds, lock_queue TO rez_restore_service_rw;
GRANT USAGE ON SEQUENCE job_enqueue_seq TO rez_restore_service_rw;
GRANT EXECUTE ON FUNCTION is_canonical_table_set(TEXT[]) TO rez_restore_service_rw;
