-- Pipelined claims (deviation S71): an agent may claim the rows after a claim it still holds, so it applies one
-- batch to the target while the service records the previous one. A job can then have two active claims, so the
-- one-active-claim index goes. What it guaranteed still holds, enforced under the job's row lock that every claim
-- and commit takes: active claims never share a row (a pipelined claim starts where the held one ends), there are at
-- most two, and commits are taken in row order. The index below keeps the structural part of that: no two active
-- claims of a job start at the same row.
SET search_path TO rez_restore;

DROP INDEX execution_claims_one_active_idx;
CREATE UNIQUE INDEX execution_claims_active_start_idx ON execution_claims (job_id, from_position)
    WHERE status = 'claimed';
