-- Scale-out of one ingest scope over several indexer processes (issue 15 item 5). A scope configured with partition
-- groups is indexed as N group scopes (`<scope>#group-<i>-of-<N>`), each with its own lease, cursor and quarantine in
-- the existing tables. What the existing tables cannot tell is how many processes share the work: a process that holds
-- no group lease yet is invisible there. Each running process therefore keeps a membership row alive here, and takes
-- at most its fair share (groups / live members, rounded up) of the group leases.

SET search_path TO rez_restore_index;

CREATE TABLE indexer_members (
    ingest_scope_id identifier  NOT NULL,
    holder_id       identifier  NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    joined_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT indexer_members_pk PRIMARY KEY (ingest_scope_id, holder_id)
);

-- the question every heartbeat asks: who else is alive on this scope
CREATE INDEX indexer_members_live ON indexer_members (ingest_scope_id, expires_at);
