-- Schema rez_restore: the restore service's source registry (service-spec §2.3, reference migration 0003
-- `source_registry`). It maps a (tenant, instance) to its one canonical source, the lifecycle states of tenant,
-- entitlement and instance, and the services the mapping admits. When no auth control plane (ACP) is configured
-- this table is authoritative (deviation S2); admins manage it with `rez registry` (it is not written by requests).
--   * keyed by (tenant_id, instance_id) as the reference: one instance belongs to exactly one source;
--   * (tenant_id, instance_id, source) is unique as well, so later plan/job tables can reference the full triple;
--   * states are CHECKed to the ACP's values, identifiers are non-blank and compare byte-wise (COLLATE "C"),
--     as in rez_restore_index;
--   * the service role only reads it: request handling never changes who may restore what.

SET search_path TO rez_restore;

-- A non-blank identifier, compared byte-wise (the same rule as rez_restore_index.identifier, owned by this schema
-- so the service's tables do not depend on the index schema).
CREATE DOMAIN identifier AS TEXT COLLATE "C"
    CONSTRAINT identifier_not_blank CHECK (btrim(VALUE) <> '');

-- The ACP's lifecycle states of a tenant, an entitlement and an instance.
CREATE DOMAIN lifecycle_state AS TEXT
    CONSTRAINT lifecycle_state_known CHECK (VALUE IN ('active', 'suspended', 'disabled'));

CREATE TABLE source_registry (
    tenant_id         identifier      NOT NULL,
    instance_id       identifier      NOT NULL,
    source            identifier      NOT NULL,
    tenant_state      lifecycle_state NOT NULL DEFAULT 'active',
    entitlement_state lifecycle_state NOT NULL DEFAULT 'active',
    instance_state    lifecycle_state NOT NULL DEFAULT 'active',
    -- service scopes the mapping admits ('rrs' for this service); empty admits none
    allowed_services  TEXT[]          NOT NULL DEFAULT ARRAY ['rrs'],
    created_at        TIMESTAMPTZ     NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ     NOT NULL DEFAULT now(),
    -- who made the last change (the admin actor or `rez registry --actor`): the registry decides access, so every
    -- change must be attributable
    updated_by        identifier      NOT NULL,
    CONSTRAINT source_registry_pk PRIMARY KEY (tenant_id, instance_id),
    CONSTRAINT source_registry_triple_unique UNIQUE (tenant_id, instance_id, source),
    CONSTRAINT source_registry_services_one_dimension CHECK (array_ndims(allowed_services) IS NULL
        OR array_ndims(allowed_services) = 1),
    -- array_position refuses multidimensional arrays, which the CHECK above rejects on its own
    CONSTRAINT source_registry_services_no_null CHECK (CASE WHEN array_ndims(allowed_services) = 1
        THEN array_position(allowed_services, NULL) IS NULL ELSE true END),
    CONSTRAINT source_registry_services_not_empty CHECK ('' <> ALL (allowed_services)),
    -- service names are lower-case words ('rrs', 'reg'); CHECKs cannot unnest, so the joined list is matched
    CONSTRAINT source_registry_services_are_names CHECK (array_to_string(allowed_services, ' ')
        ~ '^([a-z][a-z0-9_.-]*( [a-z][a-z0-9_.-]*)*)?$'),
    CONSTRAINT source_registry_updated_after_created CHECK (updated_at >= created_at)
);

-- The restore service reads the registry (and may see the schema); the indexer has no business here.
GRANT USAGE ON SCHEMA rez_restore TO rez_restore_service_ro;
GRANT SELECT ON TABLE source_registry TO rez_restore_service_ro;
