-- Schema rez_restore: a queued job may wait for its source mapping as well as for its scope locks (deviations S14,
-- S44). When a lock change would start a queued job but the source-mapping check refuses (a suspended or disabled
-- tenant, entitlement or instance, no mapping, or a registry outage), the job stays queued with the check's reason
-- code, so an operator reads on GET /v1/jobs/{id} why it has not started; it starts at the next lock change of its
-- source once the check passes. V7 allowed only queued_scope_lock for a queued job.

SET search_path TO rez_restore;

ALTER TABLE jobs DROP CONSTRAINT jobs_queued_reason;
ALTER TABLE jobs ADD CONSTRAINT jobs_queued_reason
    CHECK (status <> 'queued'
        OR status_reason_code IN ('queued_scope_lock', 'blocked_unknown_source_mapping',
                                  'blocked_auth_control_plane_outage'));
