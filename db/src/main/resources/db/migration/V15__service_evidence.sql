-- Signed evidence packages (service-spec §3.6, §7; architecture §5 item 8).
--
-- One package per job, written once in the transaction that generates it and never changed afterwards: the record
-- as signed (its JSON text, so the bytes an auditor gets are the bytes that were verified), the facts admin views and
-- retention query as columns, the artifact hashes as rows, and each artifact's canonical JSON in parts of at most
-- 1 MiB (a 100,000-row restore's artifacts are hundreds of megabytes; parts are written and read one at a time).
-- Triggers refuse any change to what was signed; only where the package was copied in the object store may be
-- recorded later.
SET search_path TO rez_restore;

CREATE TABLE evidence_packages (
    evidence_id              identifier  NOT NULL,
    job_id                   identifier  NOT NULL,
    tenant_id                identifier  NOT NULL,
    instance_id              identifier  NOT NULL,
    source                   identifier  NOT NULL,
    plan_hash                sha256_hex  NOT NULL,
    report_hash              sha256_hex  NOT NULL,
    manifest_sha256          sha256_hex  NOT NULL,
    signature_algorithm      TEXT        NOT NULL
        CONSTRAINT evidence_signature_algorithm_known CHECK (signature_algorithm IN ('ed25519', 'rsa-pss-sha256')),
    signer_key_id            identifier  NOT NULL,
    generated_at             TIMESTAMPTZ NOT NULL,
    -- the evidence record and the manifest payload exactly as generated and signed
    evidence_record          TEXT        NOT NULL,
    manifest_payload         TEXT        NOT NULL,
    -- the verification made at generation (GET answers it; it is not re-run on read, service-spec §3.6)
    signature_verification   TEXT        NOT NULL
        CONSTRAINT evidence_verification_known CHECK (signature_verification IN ('verified', 'verification_failed')),
    verification_reason_code TEXT        NOT NULL,
    report_hash_matches      BOOLEAN     NOT NULL,
    artifact_hashes_match    BOOLEAN     NOT NULL,
    signature_valid          BOOLEAN     NOT NULL,
    verified_at              TIMESTAMPTZ NOT NULL,
    worm_enabled             BOOLEAN     NOT NULL,
    retention_class          TEXT        NOT NULL,
    rows_applied             BIGINT      NOT NULL,
    rows_skipped             BIGINT      NOT NULL,
    rows_failed              BIGINT      NOT NULL,
    -- the object-store copy: where it is, and when it was completely written (null until then)
    storage_key_prefix       TEXT,
    stored_at                TIMESTAMPTZ,
    storage_detail           TEXT,
    CONSTRAINT evidence_packages_pk PRIMARY KEY (evidence_id),
    CONSTRAINT evidence_packages_one_per_job UNIQUE (job_id),
    CONSTRAINT evidence_packages_execution_fk FOREIGN KEY (job_id) REFERENCES executions (job_id)
);
COMMENT ON TABLE evidence_packages IS 'Signed evidence packages, one per job, immutable once written (service-spec §7).';

CREATE INDEX evidence_packages_scope_idx ON evidence_packages (tenant_id, instance_id, source, generated_at);

CREATE TABLE evidence_artifacts (
    evidence_id identifier NOT NULL,
    artifact_id identifier NOT NULL,
    sha256      sha256_hex NOT NULL,
    bytes       BIGINT     NOT NULL CONSTRAINT evidence_artifact_not_empty CHECK (bytes > 0),
    parts       INTEGER    NOT NULL CONSTRAINT evidence_artifact_has_parts CHECK (parts > 0),
    CONSTRAINT evidence_artifacts_pk PRIMARY KEY (evidence_id, artifact_id),
    CONSTRAINT evidence_artifacts_package_fk FOREIGN KEY (evidence_id) REFERENCES evidence_packages (evidence_id)
        DEFERRABLE INITIALLY DEFERRED
);
COMMENT ON TABLE evidence_artifacts IS 'The artifact hashes of each evidence package (its artifact_hashes).';

-- parts are written while the artifact is still being hashed, before its package row exists: hence the deferred keys
CREATE TABLE evidence_artifact_parts (
    evidence_id identifier NOT NULL,
    artifact_id identifier NOT NULL,
    part_no     INTEGER    NOT NULL CONSTRAINT evidence_part_no_valid CHECK (part_no >= 0),
    content     BYTEA      NOT NULL CONSTRAINT evidence_part_size CHECK (octet_length(content) BETWEEN 1 AND 1048576),
    CONSTRAINT evidence_artifact_parts_pk PRIMARY KEY (evidence_id, artifact_id, part_no),
    CONSTRAINT evidence_artifact_parts_artifact_fk FOREIGN KEY (evidence_id, artifact_id)
        REFERENCES evidence_artifacts (evidence_id, artifact_id) DEFERRABLE INITIALLY DEFERRED
);
COMMENT ON TABLE evidence_artifact_parts IS 'Each artifact''s canonical JSON (UTF-8), in consecutive parts of at most 1 MiB.';
-- stored out of line without compression: most of an artifact is base64 ciphertext, which pglz barely shrinks, and
-- trying cost a 100,000-row restore's package seconds of database CPU
ALTER TABLE evidence_artifact_parts ALTER COLUMN content SET STORAGE EXTERNAL;

CREATE FUNCTION evidence_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'evidence is immutable: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;

-- a package row may only gain its object-store location; everything signed or verified stays as written
CREATE FUNCTION evidence_package_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (to_jsonb(NEW) - ARRAY['storage_key_prefix', 'stored_at', 'storage_detail'])
            IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['storage_key_prefix', 'stored_at', 'storage_detail'])
            OR OLD.stored_at IS NOT NULL THEN
        RAISE EXCEPTION 'evidence is immutable: % of package % refused', TG_OP, OLD.evidence_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER evidence_packages_immutable BEFORE UPDATE OR DELETE ON evidence_packages
    FOR EACH ROW EXECUTE FUNCTION evidence_package_guard();
CREATE TRIGGER evidence_artifacts_immutable BEFORE UPDATE OR DELETE ON evidence_artifacts
    FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change();
CREATE TRIGGER evidence_artifact_parts_immutable BEFORE UPDATE OR DELETE ON evidence_artifact_parts
    FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change();

GRANT SELECT, INSERT, UPDATE ON TABLE evidence_packages TO rez_restore_service_rw;
GRANT SELECT, INSERT ON TABLE evidence_artifacts, evidence_artifact_parts TO rez_restore_service_rw;
