-- Schema rez_restore: capability grants (architecture §5 deviation 2). A bearer token without a `capabilities`
-- claim (the auth control plane mints none) grants nothing by itself; what its subject may do in a scope is the set
-- of rows here for (tenant, instance, source, subject). Admins manage the table with `rez grants`; the service only
-- reads it, so no request can widen what a caller may do.
--   * One row per granted capability rather than an array per subject: granting and revoking one capability is an
--     INSERT or DELETE of one row (no read-modify-write race between two admins), each capability carries its own
--     grantor and time for the audit, and the CHECK below applies to a plain column.
--   * Keyed by the full scope triple plus subject: a grant in one tenant, instance or source says nothing about
--     another, exactly as a token's triple bounds its authority (service-spec §2.2). The key's order serves the one
--     lookup the service makes (all capabilities of one subject in one scope) as an index range scan.
--   * No foreign key to source_registry: with an auth control plane configured the registry may be empty, and a
--     grant may be prepared before the mapping exists.
--   * Identifiers use V4's `identifier` domain (non-blank, compared byte-wise), as the token's claims are compared.

SET search_path TO rez_restore;

CREATE TABLE capability_grants (
    tenant_id   identifier  NOT NULL,
    instance_id identifier  NOT NULL,
    source      identifier  NOT NULL,
    -- the token's `sub`: the operator or client identity the grant is for
    subject     identifier  NOT NULL,
    -- the wire values of io.rezilient.restore.contracts.restore.Capability; `rrs.admin` opens the admin API
    capability  TEXT        NOT NULL
        CONSTRAINT capability_grants_capability_known CHECK (capability IN ('restore_execute', 'restore_delete',
            'restore_override_caps', 'restore_schema_override', 'rrs.admin')),
    -- who granted it (`rez grants --actor`, default cli:$USER): grants decide who may restore, so each one must be
    -- attributable
    granted_by  identifier  NOT NULL,
    granted_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT capability_grants_pk PRIMARY KEY (tenant_id, instance_id, source, subject, capability)
);
COMMENT ON TABLE capability_grants IS
    'Capabilities of token subjects whose tokens carry no capabilities claim, one row per (scope, subject, capability).';

-- The service reads grants with its read-only role; nothing the service runs (neither role) may write them.
GRANT SELECT ON TABLE capability_grants TO rez_restore_service_ro;
