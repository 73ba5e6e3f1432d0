-- Schema rez_restore: what each commit reads of an execution's outcome history, found without walking all of it.
--
-- Every commit recomputes the chunks it touched from each row's latest outcome (the row_outcomes entry of its
-- (job_id, position) with the highest seq) and counts the distinct conflict ids of the job for its summary. With only
-- (job_id, seq) to go by, both walked the job's whole outcome history, so a commit cost more the more rows were
-- committed before it (scripts/bench execute, 20,000 rows in 1,000-row claims: commits went from 0.9 s to 3.6 s).

SET search_path TO rez_restore;

CREATE INDEX row_outcomes_job_position_idx ON row_outcomes (job_id, position, seq);

CREATE INDEX row_outcomes_job_conflict_idx ON row_outcomes (job_id, conflict_id) WHERE conflict_id IS NOT NULL;
