-- Overrides with validity windows (issue 16 item 5, recovery-backfill §3b "Override windows"). config_overrides (V1)
-- holds the overrides themselves; this migration adds what versioning and auditing them needs:
--   * config_versions: one counter per override scope. Every apply and every revert takes the next number, so the
--     counter row is also the lock that orders concurrent changes of one scope: every writer locks it first, before
--     any override row, so writers of one scope queue instead of deadlocking (0: the scope exists, nothing applied).
--   * config_override_changes: the audit trail, one row per config version: which override was applied or ended,
--     how, by whom, why and when. Append-only for the indexer role, like backfill_batches.

SET search_path TO rez_restore_index;

CREATE TABLE config_versions (
    scope           identifier  NOT NULL CONSTRAINT config_versions_pk PRIMARY KEY,
    current_version BIGINT      NOT NULL CONSTRAINT config_current_version_not_negative CHECK (current_version >= 0),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE config_override_changes (
    change_id      BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT config_override_changes_pk PRIMARY KEY,
    scope          identifier  NOT NULL,
    config_version BIGINT      NOT NULL CONSTRAINT change_version_positive CHECK (config_version >= 1),
    override_id    BIGINT      NOT NULL
        CONSTRAINT config_override_changes_override_fk REFERENCES config_overrides (override_id),
    config_key     identifier  NOT NULL,
    -- applied: the override took effect; expired: its valid_until passed; run_ended: its owning backfill run ended;
    -- rolled_back: an operator reverted it; replaced: a newer override of the same key took its place
    action         TEXT        NOT NULL
        CONSTRAINT change_action_valid CHECK (action IN ('applied', 'expired', 'run_ended', 'rolled_back', 'replaced')),
    -- the key's override value before and after this version (null: the baseline, i.e. no override)
    value_before   TEXT,
    value_after    TEXT,
    actor          identifier  NOT NULL,
    reason         TEXT        NOT NULL CONSTRAINT change_reason_not_blank CHECK (btrim(reason) <> ''),
    -- the caller's clock (controlled in tests); recorded_at is the database's
    changed_at     TIMESTAMPTZ NOT NULL,
    recorded_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- a version is one change: two writers can never both claim it
    CONSTRAINT config_override_changes_version_unique UNIQUE (scope, config_version)
);
CREATE INDEX config_override_changes_by_override ON config_override_changes (override_id, config_version);

-- The audit is append-only for the indexer (the grants of V2 gave it every DML right on new tables).
REVOKE UPDATE, DELETE ON TABLE config_override_changes FROM rez_restore_indexer_rw;
