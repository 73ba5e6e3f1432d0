-- The work list of an execution is rewritten in place: a claim bumps each row's attempt, the commit sets its outcome.
-- On full pages every such update writes the new row version to another page and adds an entry to each of the
-- table's indexes, and the claims and commits that follow read their range of rows through the dead versions and
-- index entries left behind — in a 100,000-row restore the claim's update and the chunk refresh grew several-fold
-- over the run (scripts/bench execute). With room left on each page, PostgreSQL keeps the new version on the same
-- page and skips the indexes (a heap-only update: no updated column is indexed, and conflict_id stays NULL in the
-- common case), and pruning reclaims the old version as the page is next read.
SET search_path TO rez_restore;

ALTER TABLE execution_rows SET (fillfactor = 60);
