-- Quarantined artifacts record where they belong, so the freshness gate can fail closed for exactly the partition
-- a quarantined artifact would have moved (indexer issue: "the partition it belongs to (or, if unknown, the whole
-- source) reports freshness unknown until the quarantine is resolved"). V1 keyed quarantine by ingest scope and
-- manifest key only, which cannot name a partition.
--   * all columns are nullable: a manifest that cannot be read names nothing, one without Kafka coordinates names
--     only its source;
--   * a partition is only meaningful together with its source scope.

SET search_path TO rez_restore_index;

ALTER TABLE quarantined_artifacts
    ADD COLUMN tenant_id       identifier,
    ADD COLUMN instance_id     identifier,
    ADD COLUMN source          identifier,
    ADD COLUMN topic           identifier,
    ADD COLUMN kafka_partition partition_number,
    ADD CONSTRAINT quarantine_partition_complete CHECK ((topic IS NULL) = (kafka_partition IS NULL)),
    ADD CONSTRAINT quarantine_partition_has_source
        CHECK (topic IS NULL OR (tenant_id IS NOT NULL AND instance_id IS NOT NULL AND source IS NOT NULL));

-- the freshness gate's question: open quarantine of this source (and partition)
CREATE INDEX quarantined_artifacts_open_by_source
    ON quarantined_artifacts (tenant_id, instance_id, source, topic, kafka_partition) WHERE resolved_at IS NULL;
