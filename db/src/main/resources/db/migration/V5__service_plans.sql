-- Schema rez_restore: dry-run plans (service-spec §3.3, §4.6, §4.9, §4.10) as rows, replacing the reference's
-- whole-state `plan_state` JSON snapshot (§10.1), which rewrote every plan on every change and held them all in
-- memory. A plan is a header (`plans`) and one row per restored record (`plan_rows`, up to ~100,000 per plan).
--   * Keyed per tenant scope (tenant_id, instance_id, source, plan_id), a deliberate deviation from the reference's
--     global plan_id namespace (§4.10): one tenant reusing an id can neither see nor block another tenant's plan.
--     No foreign key to source_registry: with an auth control plane configured the registry table is not
--     authoritative and may be empty, and a plan must outlive a later change of the mapping.
--   * Drafts and finalised plans share both tables, told apart by `reconciliation_state`, rather than a separate
--     `plan_drafts` table: finalising (§4.6) changes only each row's action and precondition hash, so it is an
--     in-place UPDATE of the draft's rows and header in one transaction, instead of copying 100,000 rows into
--     another table and deleting the originals. One key also means one plan_id is either a draft or a plan, never
--     both, without a cross-table check.
--   * `pit_resolutions` and `target_reconciliation_records` are not stored: both are projections of the rows
--     (row id, table, record, source operation, winner tuple, draft action), so they are rebuilt while streaming
--     `plan_rows`; their count is `row_count`. Likewise `plan_hash_input` is stored without its `rows` array
--     (`plan_hash_input_head`): the rows are `plan_rows` in row_id order.
--   * JSON is JSONB: validated on the way in and queryable. JSONB does not keep key order or number spelling;
--     nothing depends on either, since plan_hash is computed over canonical JSON (sorted keys, JS number text).
--   * Identifiers compare byte-wise (COLLATE "C", the `identifier` domain of V4): row ids are ordered as the
--     plan_hash orders them, whatever the database's default collation is.

SET search_path TO rez_restore;

-- A lower-case hex SHA-256, the form of plan_hash, request fingerprints and precondition hashes.
CREATE DOMAIN sha256_hex AS CHAR(64)
    CONSTRAINT sha256_hex_format CHECK (VALUE ~ '^[0-9a-f]{64}$');

CREATE TABLE plans (
    tenant_id            identifier  NOT NULL,
    instance_id          identifier  NOT NULL,
    source               identifier  NOT NULL,
    plan_id              identifier  NOT NULL,
    reconciliation_state TEXT        NOT NULL
        CONSTRAINT plans_state_valid CHECK (reconciliation_state IN ('draft', 'finalized')),
    -- a draft's hash is its preview hash (un-reconciled rows); finalising replaces it
    plan_hash            sha256_hex  NOT NULL,
    -- identifies the dry-run request's inputs, so a reuse of the plan_id with other inputs can be recognised
    request_fingerprint  sha256_hex  NOT NULL,
    requested_by         identifier  NOT NULL,
    finalized_by         identifier,
    row_count            INTEGER     NOT NULL CONSTRAINT plans_row_count_not_negative CHECK (row_count >= 0),
    -- the RestorePlan object (§4.9)
    plan                 JSONB       NOT NULL CONSTRAINT plans_plan_is_object CHECK (jsonb_typeof(plan) = 'object'),
    plan_hash_input_head JSONB       NOT NULL
        CONSTRAINT plans_hash_input_head_is_object CHECK (jsonb_typeof(plan_hash_input_head) = 'object')
        -- the rows live in plan_rows only: two copies could disagree
        CONSTRAINT plans_hash_input_head_has_no_rows CHECK (NOT plan_hash_input_head ? 'rows'),
    gate                 JSONB       NOT NULL CONSTRAINT plans_gate_is_object CHECK (jsonb_typeof(gate) = 'object'),
    delete_candidates    JSONB       NOT NULL
        CONSTRAINT plans_delete_candidates_is_array CHECK (jsonb_typeof(delete_candidates) = 'array'),
    media_candidates     JSONB       NOT NULL
        CONSTRAINT plans_media_candidates_is_array CHECK (jsonb_typeof(media_candidates) = 'array'),
    -- the authoritative watermarks captured at draft time; finalising keeps them (§4.6)
    watermarks           JSONB       NOT NULL
        CONSTRAINT plans_watermarks_is_array CHECK (jsonb_typeof(watermarks) = 'array'),
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL,
    finalized_at         TIMESTAMPTZ,
    CONSTRAINT plans_pk PRIMARY KEY (tenant_id, instance_id, source, plan_id),
    -- a finalised plan says who finalised it and when; a draft says neither
    CONSTRAINT plans_finalized_by_iff_finalized
        CHECK ((reconciliation_state = 'finalized') = (finalized_by IS NOT NULL)),
    CONSTRAINT plans_finalized_at_iff_finalized
        CHECK ((reconciliation_state = 'finalized') = (finalized_at IS NOT NULL)),
    CONSTRAINT plans_updated_after_created CHECK (updated_at >= created_at),
    CONSTRAINT plans_finalized_after_created CHECK (finalized_at IS NULL OR finalized_at >= created_at)
);
COMMENT ON TABLE plans IS
    'Dry-run plan headers, drafts and finalised plans, keyed per tenant scope; rows are in plan_rows.';

CREATE TABLE plan_rows (
    tenant_id         identifier NOT NULL,
    instance_id       identifier NOT NULL,
    source            identifier NOT NULL,
    plan_id           identifier NOT NULL,
    row_id            identifier NOT NULL,
    table_name        identifier NOT NULL,
    record_sys_id     identifier NOT NULL,
    action            TEXT       NOT NULL
        CONSTRAINT plan_rows_action_valid CHECK (action IN ('update', 'insert', 'delete', 'skip')),
    precondition_hash sha256_hex NOT NULL,
    -- the allow-listed envelope {allowlist_version, metadata}; never record values in clear
    metadata          JSONB      NOT NULL CONSTRAINT plan_rows_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object'),
    -- the encrypted values as read from the artifact; the service never decrypts
    row_values        JSONB      NOT NULL
        CONSTRAINT plan_rows_values_is_object CHECK (jsonb_typeof(row_values) = 'object'),
    -- where the winning version came from, and what the source did: finalising re-derives the action from these
    artifact_key      identifier NOT NULL,
    manifest_key      identifier NOT NULL,
    source_operation  TEXT       NOT NULL CONSTRAINT plan_rows_source_operation_valid CHECK (source_operation IN ('I', 'U', 'D')),
    winner_tuple      JSONB      NOT NULL
        CONSTRAINT plan_rows_winner_tuple_is_object CHECK (jsonb_typeof(winner_tuple) = 'object'),
    -- Serves "all rows of one plan in row_id order" (hashing, finalising, execution) as an index range scan, and
    -- rejects a duplicate row id in one plan.
    CONSTRAINT plan_rows_pk PRIMARY KEY (tenant_id, instance_id, source, plan_id, row_id),
    -- Deferred to commit: a draft's rows are written before its header, because the header carries the hash
    -- computed over the rows; the header and its rows then commit together or not at all.
    CONSTRAINT plan_rows_plan_fk FOREIGN KEY (tenant_id, instance_id, source, plan_id)
        REFERENCES plans (tenant_id, instance_id, source, plan_id) ON DELETE CASCADE
        DEFERRABLE INITIALLY DEFERRED
);
COMMENT ON TABLE plan_rows IS 'One row per restored record of a plan (draft or finalised), ordered by row_id.';

-- Access role for the service's own writes (NOLOGIN: deployments grant it to the service's login user, next to
-- rez_restore_service_ro). Created idempotently, as in V2: roles are cluster-wide and another database of the
-- cluster may create it first, or at this very moment.
DO
$$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'rez_restore_service_rw') THEN
        BEGIN
            CREATE ROLE rez_restore_service_rw NOLOGIN;
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN
                NULL; -- created concurrently from another database: exactly what we wanted
        END;
    END IF;
END
$$;

-- Plans are the service's working state: the writer role reads and writes them; the read-only role (which also
-- reads the indexer's schema) is given nothing here, so a reader of the index cannot see request content.
GRANT USAGE ON SCHEMA rez_restore TO rez_restore_service_rw;
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE plans, plan_rows TO rez_restore_service_rw;
