-- Watermarks become a contiguous frontier (docs/indexer-watermarks.md). Layout v1 lists keys by table, day and event
-- id, so a partition's events arrive out of offset order; V1's watermark was "the highest offset seen", which made a
-- partition look indexed through offsets it did not have yet (and every event arriving below it was refused).
-- From here on, per partition and current generation:
--   indexed_from_offset    lowest indexed offset
--   indexed_through_offset highest offset O such that every offset from indexed_from_offset through O is indexed
--   indexed_through_time   latest event time among those offsets (what freshness is measured from)
--   coverage_start/_end    earliest/latest event time among those offsets
--   highest_indexed_*      the highest offset indexed at all, and the latest event time of any indexed event
--   frontier_stalled_since when the frontier stopped below highest_indexed_offset (a hole is open); null when none
-- The frontier only falls when an event below indexed_from_offset arrives across a hole, and then the trigger below
-- requires indexed_from_offset to fall with it.

SET search_path TO rez_restore_index;

ALTER TABLE partition_watermarks
    ADD COLUMN indexed_from_offset    stream_offset,
    ADD COLUMN highest_indexed_offset stream_offset,
    ADD COLUMN highest_indexed_time   TIMESTAMPTZ,
    ADD COLUMN frontier_stalled_since TIMESTAMPTZ;

-- Existing rows: recompute the contiguous run that starts at each partition's lowest offset of its generation
-- (islands: an offset minus its rank is constant along a run of consecutive offsets).
ALTER TABLE partition_watermarks DISABLE TRIGGER partition_watermarks_monotonic;

WITH offsets AS (
    SELECT e.tenant_id, e.instance_id, e.source, e.topic, e.kafka_partition, e.kafka_offset,
           max(e.event_time) AS latest, min(e.event_time) AS earliest
      FROM index_events e
      JOIN partition_watermarks w
        ON w.tenant_id = e.tenant_id AND w.instance_id = e.instance_id AND w.source = e.source
       AND w.topic = e.topic AND w.kafka_partition = e.kafka_partition AND w.generation_id = e.generation_id
     GROUP BY e.tenant_id, e.instance_id, e.source, e.topic, e.kafka_partition, e.kafka_offset
), runs AS (
    SELECT o.*, o.kafka_offset - row_number() OVER (
               PARTITION BY tenant_id, instance_id, source, topic, kafka_partition ORDER BY kafka_offset) AS run
      FROM offsets o
), first_runs AS (
    SELECT DISTINCT ON (tenant_id, instance_id, source, topic, kafka_partition)
           tenant_id, instance_id, source, topic, kafka_partition, run
      FROM runs
     ORDER BY tenant_id, instance_id, source, topic, kafka_partition, kafka_offset
), summary AS (
    SELECT r.tenant_id, r.instance_id, r.source, r.topic, r.kafka_partition,
           min(r.kafka_offset) FILTER (WHERE r.run = f.run) AS from_offset,
           max(r.kafka_offset) FILTER (WHERE r.run = f.run) AS through_offset,
           max(r.latest) FILTER (WHERE r.run = f.run)       AS through_time,
           min(r.earliest) FILTER (WHERE r.run = f.run)     AS start_time,
           max(r.kafka_offset)                              AS highest_offset,
           max(r.latest)                                    AS highest_time
      FROM runs r
      JOIN first_runs f USING (tenant_id, instance_id, source, topic, kafka_partition)
     GROUP BY r.tenant_id, r.instance_id, r.source, r.topic, r.kafka_partition
)
UPDATE partition_watermarks w
   SET indexed_from_offset    = s.from_offset,
       indexed_through_offset = s.through_offset,
       indexed_through_time   = s.through_time,
       coverage_start         = s.start_time,
       coverage_end           = s.through_time,
       highest_indexed_offset = s.highest_offset,
       highest_indexed_time   = s.highest_time,
       frontier_stalled_since = CASE WHEN s.highest_offset > s.through_offset THEN now() END
  FROM summary s
 WHERE w.tenant_id = s.tenant_id AND w.instance_id = s.instance_id AND w.source = s.source
   AND w.topic = s.topic AND w.kafka_partition = s.kafka_partition;

-- A watermark whose events are gone (never the case when the indexer wrote it) keeps its single position.
UPDATE partition_watermarks
   SET indexed_from_offset    = indexed_through_offset,
       highest_indexed_offset = indexed_through_offset,
       highest_indexed_time   = indexed_through_time
 WHERE indexed_from_offset IS NULL;

ALTER TABLE partition_watermarks ENABLE TRIGGER partition_watermarks_monotonic;

ALTER TABLE partition_watermarks
    ALTER COLUMN indexed_from_offset SET NOT NULL,
    ALTER COLUMN highest_indexed_offset SET NOT NULL,
    ALTER COLUMN highest_indexed_time SET NOT NULL,
    ADD CONSTRAINT watermark_range_ordered
        CHECK (indexed_from_offset <= indexed_through_offset AND indexed_through_offset <= highest_indexed_offset),
    ADD CONSTRAINT watermark_stalled_iff_hole
        CHECK ((frontier_stalled_since IS NOT NULL) = (highest_indexed_offset > indexed_through_offset));

COMMENT ON TABLE partition_watermarks IS
    'Contiguous indexed range per (tenant, instance, source, topic, partition) of its current generation: every '
    'offset from indexed_from_offset through indexed_through_offset is indexed; highest_indexed_offset above it means '
    'a hole is open (since frontier_stalled_since). Never moves to an older generation epoch; within one epoch the '
    'frontier falls only together with indexed_from_offset (trigger partition_watermarks_monotonic).';

CREATE OR REPLACE FUNCTION watermark_never_regresses() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF NEW.generation_epoch < OLD.generation_epoch THEN
        RAISE EXCEPTION 'watermark of %/%/%/%/% cannot move from generation epoch % (%) back to % (%)',
            OLD.tenant_id, OLD.instance_id, OLD.source, OLD.topic, OLD.kafka_partition,
            OLD.generation_epoch, OLD.generation_id, NEW.generation_epoch, NEW.generation_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'watermark_never_regresses';
    END IF;
    IF NEW.generation_epoch = OLD.generation_epoch THEN
        IF NEW.highest_indexed_offset < OLD.highest_indexed_offset THEN
            RAISE EXCEPTION 'watermark of %/%/%/%/% cannot lower its highest indexed offset from % to % within generation %',
                OLD.tenant_id, OLD.instance_id, OLD.source, OLD.topic, OLD.kafka_partition,
                OLD.highest_indexed_offset, NEW.highest_indexed_offset, OLD.generation_id
                USING ERRCODE = 'check_violation', CONSTRAINT = 'watermark_never_regresses';
        END IF;
        IF NEW.indexed_from_offset > OLD.indexed_from_offset THEN
            RAISE EXCEPTION 'watermark of %/%/%/%/% cannot raise its lowest indexed offset from % to % within generation %',
                OLD.tenant_id, OLD.instance_id, OLD.source, OLD.topic, OLD.kafka_partition,
                OLD.indexed_from_offset, NEW.indexed_from_offset, OLD.generation_id
                USING ERRCODE = 'check_violation', CONSTRAINT = 'watermark_never_regresses';
        END IF;
        -- the frontier falls only when an earlier event, arriving across a hole, lowers the range's start
        IF NEW.indexed_through_offset < OLD.indexed_through_offset
            AND NEW.indexed_from_offset >= OLD.indexed_from_offset THEN
            RAISE EXCEPTION 'watermark of %/%/%/%/% cannot move from offset % back to % within generation %',
                OLD.tenant_id, OLD.instance_id, OLD.source, OLD.topic, OLD.kafka_partition,
                OLD.indexed_through_offset, NEW.indexed_through_offset, OLD.generation_id
                USING ERRCODE = 'check_violation', CONSTRAINT = 'watermark_never_regresses';
        END IF;
    END IF;
    RETURN NEW;
END
$$;

-- The frontier walk reads a partition's offsets of one generation upward from the frontier.
DROP INDEX index_events_partition_offsets;
CREATE INDEX index_events_partition_offsets
    ON index_events (tenant_id, instance_id, source, topic, kafka_partition, generation_id, kafka_offset);

-- Events quarantined as 'watermark_invariant' by earlier builds were valid events that merely arrived out of offset
-- order; they are indexable now. Make every open one due at once, so the indexer's retry pass indexes it (and
-- resolves it as 'indexed') even where its automatic attempts were used up.
UPDATE quarantined_artifacts
   SET next_attempt_at = now()
 WHERE reason_code = 'watermark_invariant' AND resolved_at IS NULL;

-- Which sources each ingest scope has indexed events of: `rez indexer status`, the lag metrics and the gap commands
-- of one indexer look at its own sources, not at every source of a shared index.
CREATE TABLE ingest_scope_sources (
    ingest_scope_id  identifier  NOT NULL,
    tenant_id        identifier  NOT NULL,
    instance_id      identifier  NOT NULL,
    source           identifier  NOT NULL,
    first_indexed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT ingest_scope_sources_pk PRIMARY KEY (ingest_scope_id, tenant_id, instance_id, source)
);
COMMENT ON TABLE ingest_scope_sources IS
    'The sources whose events each ingest scope has indexed; written in the batch transaction that first indexes one.';

-- earlier builds recorded only the last source a scope observed
INSERT INTO ingest_scope_sources (ingest_scope_id, tenant_id, instance_id, source)
SELECT ingest_scope_id, last_observed_tenant_id, last_observed_instance_id, last_observed_source
  FROM source_progress
 WHERE last_observed_tenant_id IS NOT NULL AND last_observed_instance_id IS NOT NULL
   AND last_observed_source IS NOT NULL
ON CONFLICT DO NOTHING;

-- Offsets an operator declared missing for good (`rez indexer gaps skip`): the frontier moved over them. Audit only;
-- never updated or deleted. An event that arrives for such an offset later is still indexed.
CREATE TABLE skipped_offsets (
    tenant_id       identifier       NOT NULL,
    instance_id     identifier       NOT NULL,
    source          identifier       NOT NULL,
    topic           identifier       NOT NULL,
    kafka_partition partition_number NOT NULL,
    generation_id   identifier       NOT NULL,
    first_offset    stream_offset    NOT NULL,
    last_offset     stream_offset    NOT NULL,
    reason          TEXT             NOT NULL CONSTRAINT skip_reason_not_blank CHECK (btrim(reason) <> ''),
    skipped_by      identifier       NOT NULL,
    skipped_at      TIMESTAMPTZ      NOT NULL DEFAULT now(),
    CONSTRAINT skipped_offsets_pk
        PRIMARY KEY (tenant_id, instance_id, source, topic, kafka_partition, generation_id, first_offset),
    CONSTRAINT skipped_offsets_ordered CHECK (first_offset <= last_offset),
    CONSTRAINT skipped_offsets_generation_fk
        FOREIGN KEY (tenant_id, instance_id, source, topic, kafka_partition, generation_id)
        REFERENCES partition_generations (tenant_id, instance_id, source, topic, kafka_partition, generation_id)
);

-- (V2's default privileges grant both roles their usual rights on the new tables.) The skip audit is append-only.
REVOKE UPDATE, DELETE ON skipped_offsets FROM rez_restore_indexer_rw;
