-- Schema rez_restore_index: the metadata index the indexer writes and the restore service reads.
-- Follows indexer-spec §4 with the weak points of §11 fixed in the schema itself (see db/README.md):
--   * offsets are NUMERIC(20,0) >= 0: every unsigned 64-bit Kafka offset fits exactly, a larger value fails loudly;
--   * the watermark key includes `source`;
--   * generations are ordered epochs, and a watermark can never move back to an older epoch or a lower offset;
--   * enums are CHECKed, identifiers are non-blank, counters are non-negative;
--   * identifiers and object keys compare byte-wise (COLLATE "C"), the order S3 lists keys in, whatever the
--     database's default collation is.
-- Flyway creates both schemas before this script runs (they are its managed schemas, see Migrations.flyway):
-- rez_restore_index, and rez_restore, whose tables (the restore service's) arrive with later migrations.

SET search_path TO rez_restore_index;

-- ---------------------------------------------------------------------------------------------------------------
-- Shared value types: each rule is written once.
-- ---------------------------------------------------------------------------------------------------------------

-- A non-blank identifier or key, compared byte-wise.
CREATE DOMAIN identifier AS TEXT COLLATE "C"
    CONSTRAINT identifier_not_blank CHECK (btrim(VALUE) <> '');

-- A Kafka/stream offset. The reference treats offsets as unbounded decimal strings; Kafka's are signed 64-bit.
-- NUMERIC(20,0) holds every value up to 10^20-1 (beyond 2^64) exactly; anything larger is rejected with
-- "numeric field overflow" instead of being truncated, and a negative value violates offset_not_negative.
CREATE DOMAIN stream_offset AS NUMERIC(20, 0)
    CONSTRAINT offset_not_negative CHECK (VALUE >= 0);

-- A Kafka partition number.
CREATE DOMAIN partition_number AS INTEGER
    CONSTRAINT partition_not_negative CHECK (VALUE >= 0);

-- ---------------------------------------------------------------------------------------------------------------
-- Generations: ordered epochs per partition (weak point 2).
-- ---------------------------------------------------------------------------------------------------------------

CREATE TABLE partition_generations (
    tenant_id             identifier       NOT NULL,
    instance_id           identifier       NOT NULL,
    source                identifier       NOT NULL,
    topic                 identifier       NOT NULL,
    kafka_partition       partition_number NOT NULL,
    generation_id         identifier       NOT NULL,
    -- Orders the generations of one partition: a newer generation always has a higher epoch.
    generation_epoch      BIGINT           NOT NULL CONSTRAINT generation_epoch_positive CHECK (generation_epoch >= 1),
    generation_started_at TIMESTAMPTZ      NOT NULL,
    generation_ended_at   TIMESTAMPTZ,
    max_indexed_offset    stream_offset,
    max_indexed_time      TIMESTAMPTZ,
    created_at            TIMESTAMPTZ      NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ      NOT NULL DEFAULT now(),
    CONSTRAINT partition_generations_pk
        PRIMARY KEY (tenant_id, instance_id, source, topic, kafka_partition, generation_id),
    CONSTRAINT partition_generations_epoch_unique
        UNIQUE (tenant_id, instance_id, source, topic, kafka_partition, generation_epoch),
    -- target of the watermark's foreign key, so a watermark cannot pair a generation id with another's epoch
    CONSTRAINT partition_generations_id_epoch_unique
        UNIQUE (tenant_id, instance_id, source, topic, kafka_partition, generation_id, generation_epoch),
    CONSTRAINT generation_ends_after_start
        CHECK (generation_ended_at IS NULL OR generation_ended_at >= generation_started_at),
    CONSTRAINT generation_max_offset_and_time_together
        CHECK ((max_indexed_offset IS NULL) = (max_indexed_time IS NULL))
);
COMMENT ON TABLE partition_generations IS
    'Generations of each partition, ordered by generation_epoch; a rewind mints a new generation with a higher epoch.';

-- ---------------------------------------------------------------------------------------------------------------
-- Index events: one row per indexed artifact, allow-listed metadata only (never record values).
-- ---------------------------------------------------------------------------------------------------------------

CREATE TABLE index_events (
    id                BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT index_events_pk PRIMARY KEY,
    tenant_id         identifier       NOT NULL,
    instance_id       identifier       NOT NULL,
    source            identifier       NOT NULL,
    app               identifier,
    table_name        identifier,
    record_sys_id     identifier,
    attachment_sys_id identifier,
    media_id          identifier,
    event_id          identifier       NOT NULL,
    event_type        identifier       NOT NULL,
    operation         TEXT             CONSTRAINT operation_valid CHECK (operation IN ('I', 'U', 'D')),
    schema_version    INTEGER          CONSTRAINT schema_version_positive CHECK (schema_version > 0),
    -- ServiceNow's own "YYYY-MM-DD HH:mm:ss" (UTC) text, kept verbatim: it is a PIT tie-breaker and sorts
    -- chronologically as text.
    sys_updated_on    TEXT COLLATE "C"
        CONSTRAINT sys_updated_on_format CHECK (sys_updated_on ~ '^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$'),
    sys_mod_count     INTEGER          CONSTRAINT sys_mod_count_not_negative CHECK (sys_mod_count >= 0),
    event_time        TIMESTAMPTZ      NOT NULL,
    topic             identifier       NOT NULL,
    kafka_partition   partition_number NOT NULL,
    kafka_offset      stream_offset    NOT NULL,
    content_type      identifier,
    size_bytes        BIGINT           CONSTRAINT size_bytes_not_negative CHECK (size_bytes >= 0),
    sha256_plain      CHAR(64)         CONSTRAINT sha256_plain_hex CHECK (sha256_plain ~ '^[0-9a-f]{64}$'),
    artifact_key      identifier       NOT NULL,
    -- the manifest key as listed (not derived from the artifact key by a suffix swap)
    manifest_key      identifier       NOT NULL,
    artifact_kind     TEXT             NOT NULL
        CONSTRAINT artifact_kind_valid CHECK (artifact_kind IN ('cdc', 'schema', 'media', 'error', 'repair')),
    generation_id     identifier       NOT NULL,
    indexed_at        TIMESTAMPTZ      NOT NULL DEFAULT now(),
    -- Idempotency key: re-indexing the same event is a no-op (INSERT … ON CONFLICT DO NOTHING → "existing").
    CONSTRAINT index_events_idempotency_key
        UNIQUE (tenant_id, instance_id, source, topic, kafka_partition, generation_id, event_id),
    -- Every event belongs to a registered generation of its partition. The idempotency key's index leads with
    -- these columns, so it also serves this foreign key.
    CONSTRAINT index_events_generation_fk
        FOREIGN KEY (tenant_id, instance_id, source, topic, kafka_partition, generation_id)
        REFERENCES partition_generations (tenant_id, instance_id, source, topic, kafka_partition, generation_id)
);
COMMENT ON TABLE index_events IS
    'One row per indexed artifact: allow-listed metadata only (rrs.metadata.allowlist.v1), never record values.';

-- The point-in-time candidate lookup (indexer-spec §9): equality on the scope, IN lists of tables and records,
-- event_time <= cutoff, newest first.
CREATE INDEX index_events_pit_lookup
    ON index_events (tenant_id, instance_id, source, table_name, record_sys_id, event_time DESC);

-- Per-partition offset reads (highest indexed offset, gap detection) in one partition of one source.
CREATE INDEX index_events_partition_offsets
    ON index_events (tenant_id, instance_id, source, topic, kafka_partition, kafka_offset DESC);

-- ---------------------------------------------------------------------------------------------------------------
-- Partition watermarks: what is indexed per partition of a source; the freshness gate reads them.
-- ---------------------------------------------------------------------------------------------------------------

CREATE TABLE partition_watermarks (
    tenant_id              identifier       NOT NULL,
    instance_id            identifier       NOT NULL,
    source                 identifier       NOT NULL,
    topic                  identifier       NOT NULL,
    kafka_partition        partition_number NOT NULL,
    generation_id          identifier       NOT NULL,
    generation_epoch       BIGINT           NOT NULL,
    indexed_through_offset stream_offset    NOT NULL,
    indexed_through_time   TIMESTAMPTZ      NOT NULL,
    coverage_start         TIMESTAMPTZ      NOT NULL,
    coverage_end           TIMESTAMPTZ      NOT NULL,
    freshness              TEXT             NOT NULL
        CONSTRAINT freshness_valid CHECK (freshness IN ('fresh', 'stale', 'unknown')),
    executability          TEXT             NOT NULL
        CONSTRAINT executability_valid CHECK (executability IN ('executable', 'preview_only', 'blocked')),
    reason_code            identifier       NOT NULL,
    measured_at            TIMESTAMPTZ      NOT NULL,
    updated_at             TIMESTAMPTZ      NOT NULL DEFAULT now(),
    -- source is part of the key: two sources sharing a topic/partition name no longer overwrite each other
    CONSTRAINT partition_watermarks_pk PRIMARY KEY (tenant_id, instance_id, source, topic, kafka_partition),
    CONSTRAINT partition_watermarks_generation_fk
        FOREIGN KEY (tenant_id, instance_id, source, topic, kafka_partition, generation_id, generation_epoch)
        REFERENCES partition_generations (tenant_id, instance_id, source, topic, kafka_partition,
                                          generation_id, generation_epoch),
    CONSTRAINT coverage_window_ordered CHECK (coverage_start <= coverage_end),
    -- the freshness gate's contract: fresh <=> executable
    CONSTRAINT fresh_iff_executable CHECK ((freshness = 'fresh') = (executability = 'executable'))
);
COMMENT ON TABLE partition_watermarks IS
    'Indexed-through position per (tenant, instance, source, topic, partition); never moves to an older '
    'generation epoch, nor to a lower offset within one epoch (trigger partition_watermarks_monotonic).';

-- Backstop for the indexer's own straggler handling: an update that would move a watermark back fails.
CREATE FUNCTION watermark_never_regresses() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF NEW.generation_epoch < OLD.generation_epoch THEN
        RAISE EXCEPTION 'watermark of %/%/%/%/% cannot move from generation epoch % (%) back to % (%)',
            OLD.tenant_id, OLD.instance_id, OLD.source, OLD.topic, OLD.kafka_partition,
            OLD.generation_epoch, OLD.generation_id, NEW.generation_epoch, NEW.generation_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'watermark_never_regresses';
    END IF;
    IF NEW.generation_epoch = OLD.generation_epoch
        AND NEW.indexed_through_offset < OLD.indexed_through_offset THEN
        RAISE EXCEPTION 'watermark of %/%/%/%/% cannot move from offset % back to % within generation %',
            OLD.tenant_id, OLD.instance_id, OLD.source, OLD.topic, OLD.kafka_partition,
            OLD.indexed_through_offset, NEW.indexed_through_offset, OLD.generation_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'watermark_never_regresses';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER partition_watermarks_monotonic
    BEFORE UPDATE ON partition_watermarks
    FOR EACH ROW EXECUTE FUNCTION watermark_never_regresses();

-- ---------------------------------------------------------------------------------------------------------------
-- Source coverage: earliest/latest indexed time per source, recomputed from its watermarks.
-- ---------------------------------------------------------------------------------------------------------------

CREATE TABLE source_coverage (
    tenant_id             identifier  NOT NULL,
    instance_id           identifier  NOT NULL,
    source                identifier  NOT NULL,
    earliest_indexed_time TIMESTAMPTZ NOT NULL,
    latest_indexed_time   TIMESTAMPTZ NOT NULL,
    -- "<topic>:<partition>" -> generation_id
    generation_span       JSONB       NOT NULL DEFAULT '{}'::jsonb
        CONSTRAINT generation_span_is_object CHECK (jsonb_typeof(generation_span) = 'object'),
    measured_at           TIMESTAMPTZ NOT NULL,
    CONSTRAINT source_coverage_pk PRIMARY KEY (tenant_id, instance_id, source),
    CONSTRAINT coverage_ordered CHECK (earliest_indexed_time <= latest_indexed_time)
);

-- ---------------------------------------------------------------------------------------------------------------
-- Backfill runs and their batch audit.
-- ---------------------------------------------------------------------------------------------------------------

CREATE TABLE backfill_runs (
    run_id                   identifier  NOT NULL CONSTRAINT backfill_runs_pk PRIMARY KEY,
    tenant_id                identifier  NOT NULL,
    instance_id              identifier  NOT NULL,
    source                   identifier  NOT NULL,
    -- a run may cover one partition (recovery-backfill §3b) or the whole source (both null)
    topic                    identifier,
    kafka_partition          partition_number,
    mode                     TEXT        NOT NULL
        CONSTRAINT backfill_mode_valid CHECK (mode IN ('bootstrap', 'gap_repair', 'history_extension')),
    status                   TEXT        NOT NULL
        CONSTRAINT backfill_status_valid CHECK (status IN ('running', 'paused', 'completed', 'failed')),
    pause_reason_code        identifier  NOT NULL DEFAULT 'none',
    throttle_batch_size      INTEGER     NOT NULL CONSTRAINT throttle_batch_size_positive CHECK (throttle_batch_size > 0),
    max_realtime_lag_seconds INTEGER     NOT NULL
        CONSTRAINT max_realtime_lag_not_negative CHECK (max_realtime_lag_seconds >= 0),
    range_start_offset       stream_offset,
    range_end_offset         stream_offset,
    range_start_time         TIMESTAMPTZ,
    range_end_time           TIMESTAMPTZ,
    last_cursor              TEXT,
    rows_processed           BIGINT      NOT NULL DEFAULT 0 CONSTRAINT rows_processed_not_negative CHECK (rows_processed >= 0),
    started_at               TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at               TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at             TIMESTAMPTZ,
    CONSTRAINT backfill_partition_scope_complete CHECK ((topic IS NULL) = (kafka_partition IS NULL)),
    CONSTRAINT backfill_offset_range_ordered
        CHECK (range_start_offset IS NULL OR range_end_offset IS NULL OR range_start_offset <= range_end_offset),
    CONSTRAINT backfill_time_range_ordered
        CHECK (range_start_time IS NULL OR range_end_time IS NULL OR range_start_time <= range_end_time),
    CONSTRAINT backfill_completed_at_iff_completed CHECK ((status = 'completed') = (completed_at IS NOT NULL)),
    CONSTRAINT backfill_pause_has_reason CHECK (status <> 'paused' OR pause_reason_code <> 'none')
);
CREATE INDEX backfill_runs_by_scope
    ON backfill_runs (tenant_id, instance_id, source, mode, status, updated_at DESC);

CREATE TABLE backfill_batches (
    run_id          identifier    NOT NULL
        CONSTRAINT backfill_batches_run_fk REFERENCES backfill_runs (run_id),
    batch_seq       BIGINT        NOT NULL CONSTRAINT batch_seq_positive CHECK (batch_seq >= 1),
    topic           identifier,
    kafka_partition partition_number,
    cursor_from     TEXT,
    cursor_to       TEXT,
    item_count      INTEGER       NOT NULL CONSTRAINT item_count_not_negative CHECK (item_count >= 0),
    inserted_count  INTEGER       NOT NULL CONSTRAINT inserted_count_not_negative CHECK (inserted_count >= 0),
    existing_count  INTEGER       NOT NULL CONSTRAINT existing_count_not_negative CHECK (existing_count >= 0),
    failed_count    INTEGER       NOT NULL CONSTRAINT failed_count_not_negative CHECK (failed_count >= 0),
    bytes_read      BIGINT        NOT NULL DEFAULT 0 CONSTRAINT bytes_read_not_negative CHECK (bytes_read >= 0),
    -- SHA-256 over the batch's event ids, so a re-run can be compared with the original batch
    ids_sha256      CHAR(64)      CONSTRAINT ids_sha256_hex CHECK (ids_sha256 ~ '^[0-9a-f]{64}$'),
    is_rerun        BOOLEAN       NOT NULL DEFAULT false,
    cursor_advanced BOOLEAN       NOT NULL,
    actor           identifier    NOT NULL,
    started_at      TIMESTAMPTZ   NOT NULL,
    finished_at     TIMESTAMPTZ   NOT NULL,
    CONSTRAINT backfill_batches_pk PRIMARY KEY (run_id, batch_seq),
    CONSTRAINT batch_partition_scope_complete CHECK ((topic IS NULL) = (kafka_partition IS NULL)),
    -- the audit reconciles: every item of the batch is accounted for
    CONSTRAINT batch_counts_reconcile CHECK (inserted_count + existing_count + failed_count = item_count),
    CONSTRAINT batch_finishes_after_start CHECK (finished_at >= started_at)
);
COMMENT ON TABLE backfill_batches IS 'Audit: one row per backfill batch, never updated or deleted.';

-- ---------------------------------------------------------------------------------------------------------------
-- Source progress (cursor) and leader leases, keyed by ingest scope.
-- ---------------------------------------------------------------------------------------------------------------

CREATE TABLE source_progress (
    ingest_scope_id           identifier  NOT NULL CONSTRAINT source_progress_pk PRIMARY KEY,
    -- one source URI per ingest scope, fixed for the life of the row
    source_uri                identifier  NOT NULL,
    -- The cursor as the indexer serialised it (indexer-spec §2.5). TEXT, not JSONB: JSONB would reorder keys and
    -- drop the exact text an operator has to see (and may hand-fix) when a cursor fails to parse.
    cursor                    TEXT,
    last_batch_size           INTEGER     NOT NULL DEFAULT 0 CONSTRAINT last_batch_size_not_negative CHECK (last_batch_size >= 0),
    last_indexed_event_time   TIMESTAMPTZ,
    last_indexed_offset       stream_offset,
    last_lag_seconds          BIGINT      CONSTRAINT last_lag_not_negative CHECK (last_lag_seconds >= 0),
    processed_count           BIGINT      NOT NULL DEFAULT 0 CONSTRAINT processed_count_not_negative CHECK (processed_count >= 0),
    -- fencing epoch of the lease holder that last wrote this row; a stale leader (lower epoch) cannot write
    fencing_epoch             BIGINT      NOT NULL DEFAULT 0 CONSTRAINT progress_fencing_epoch_not_negative CHECK (fencing_epoch >= 0),
    last_observed_tenant_id   identifier,
    last_observed_instance_id identifier,
    last_observed_source      identifier,
    created_at                TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX source_progress_by_update ON source_progress (updated_at DESC);

CREATE TABLE source_leases (
    ingest_scope_id  identifier  NOT NULL CONSTRAINT source_leases_pk PRIMARY KEY,
    holder_id        identifier  NOT NULL,
    lease_expires_at TIMESTAMPTZ NOT NULL,
    -- Incremented whenever the lease changes hands; writers carry it so a deposed leader's writes are refused.
    fencing_epoch    BIGINT      NOT NULL CONSTRAINT lease_fencing_epoch_positive CHECK (fencing_epoch >= 1),
    acquired_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX source_leases_by_expiry ON source_leases (lease_expires_at DESC);

-- Fencing epochs only move forward: on the lease, and on the progress row a leader writes.
CREATE FUNCTION fencing_epoch_never_decreases() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF NEW.fencing_epoch < OLD.fencing_epoch THEN
        RAISE EXCEPTION '% of ingest scope % is fenced at epoch %; a writer at epoch % is stale',
            TG_TABLE_NAME, OLD.ingest_scope_id, OLD.fencing_epoch, NEW.fencing_epoch
            USING ERRCODE = 'check_violation', CONSTRAINT = 'fencing_epoch_never_decreases';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER source_leases_fencing
    BEFORE UPDATE ON source_leases
    FOR EACH ROW EXECUTE FUNCTION fencing_epoch_never_decreases();

CREATE TRIGGER source_progress_fencing
    BEFORE UPDATE ON source_progress
    FOR EACH ROW EXECUTE FUNCTION fencing_epoch_never_decreases();

-- The reference fails every call that pairs an ingest scope with another source URI; the row enforces it too.
CREATE FUNCTION source_uri_is_fixed() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF NEW.source_uri IS DISTINCT FROM OLD.source_uri THEN
        RAISE EXCEPTION 'ingest_scope_id/source_uri conflict: scope % is bound to %, not %',
            OLD.ingest_scope_id, OLD.source_uri, NEW.source_uri
            USING ERRCODE = 'check_violation', CONSTRAINT = 'source_uri_is_fixed';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER source_progress_uri_fixed
    BEFORE UPDATE ON source_progress
    FOR EACH ROW EXECUTE FUNCTION source_uri_is_fixed();

-- ---------------------------------------------------------------------------------------------------------------
-- Configuration overrides with validity windows (recovery-backfill §3b).
-- ---------------------------------------------------------------------------------------------------------------

CREATE TABLE config_overrides (
    override_id      BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT config_overrides_pk PRIMARY KEY,
    scope            identifier  NOT NULL,
    config_key       identifier  NOT NULL,
    config_value     TEXT        NOT NULL,
    previous_value   TEXT,
    -- the configuration version this override's apply created; its revert creates reverted_version
    config_version   BIGINT      NOT NULL CONSTRAINT config_version_positive CHECK (config_version >= 1),
    reverted_version BIGINT,
    valid_from       TIMESTAMPTZ NOT NULL,
    valid_until      TIMESTAMPTZ,
    owner_run_id     identifier  CONSTRAINT config_overrides_run_fk REFERENCES backfill_runs (run_id),
    created_by       identifier  NOT NULL,
    reason           TEXT        NOT NULL CONSTRAINT override_reason_not_blank CHECK (btrim(reason) <> ''),
    status           TEXT        NOT NULL
        CONSTRAINT override_status_valid CHECK (status IN ('active', 'expired', 'rolled_back')),
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    ended_at         TIMESTAMPTZ,
    CONSTRAINT override_window_ordered CHECK (valid_until IS NULL OR valid_until > valid_from),
    CONSTRAINT override_ended_iff_not_active CHECK ((status = 'active') = (ended_at IS NULL)),
    CONSTRAINT override_reverted_version_after_apply
        CHECK (reverted_version IS NULL OR reverted_version > config_version),
    CONSTRAINT config_overrides_version_unique UNIQUE (scope, config_version)
);
-- at most one active override per setting
CREATE UNIQUE INDEX config_overrides_one_active
    ON config_overrides (scope, config_key) WHERE status = 'active';
-- the reconciler's query: active overrides due to expire
CREATE INDEX config_overrides_due ON config_overrides (valid_until) WHERE status = 'active';
CREATE INDEX config_overrides_by_run ON config_overrides (owner_run_id) WHERE owner_run_id IS NOT NULL;

-- ---------------------------------------------------------------------------------------------------------------
-- Quarantined artifacts: poison items set aside with operator visibility instead of pinning the cursor.
-- ---------------------------------------------------------------------------------------------------------------

CREATE TABLE quarantined_artifacts (
    ingest_scope_id identifier  NOT NULL,
    manifest_key    identifier  NOT NULL,
    -- null when the manifest itself could not be read or parsed
    artifact_key    identifier,
    reason_code     identifier  NOT NULL,
    reason          TEXT        NOT NULL,
    first_seen_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    attempts        INTEGER     NOT NULL DEFAULT 1 CONSTRAINT quarantine_attempts_positive CHECK (attempts >= 1),
    next_attempt_at TIMESTAMPTZ,
    resolved_at     TIMESTAMPTZ,
    resolution      TEXT
        CONSTRAINT quarantine_resolution_valid CHECK (resolution IN ('indexed', 'skipped', 'superseded')),
    resolved_by     identifier,
    CONSTRAINT quarantined_artifacts_pk PRIMARY KEY (ingest_scope_id, manifest_key),
    CONSTRAINT quarantine_seen_ordered CHECK (last_seen_at >= first_seen_at),
    CONSTRAINT quarantine_resolution_complete CHECK ((resolved_at IS NULL) = (resolution IS NULL))
);
-- the retry scheduler: open items of a scope that are due
CREATE INDEX quarantined_artifacts_due
    ON quarantined_artifacts (ingest_scope_id, next_attempt_at) WHERE resolved_at IS NULL;
-- the operator view: open items, oldest first
CREATE INDEX quarantined_artifacts_open
    ON quarantined_artifacts (first_seen_at) WHERE resolved_at IS NULL;
