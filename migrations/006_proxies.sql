-- Proxy votes (volmacht, issue 25).
--
-- A meeting may allow proxies, with a cap per holder (default: not allowed, the VNG's rule). A proxy
-- names the principal (whose vote is carried) and the holder (who carries it) by member; `ended_at`
-- is set when it is ended, and the row stays for the audit and the report. A ballot cast by proxy in
-- an open round names its holder in `by_member_id`; a secret round keeps no such link.

ALTER TABLE meetings ADD COLUMN proxies_allowed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE meetings ADD COLUMN proxies_max_per_holder INTEGER NOT NULL DEFAULT 1;

CREATE TABLE proxies (
  id           INTEGER PRIMARY KEY,
  meeting_id   INTEGER NOT NULL REFERENCES meetings(id),
  principal_id INTEGER NOT NULL REFERENCES members(id),
  holder_id    INTEGER NOT NULL REFERENCES members(id),
  reference    TEXT,
  created_at   TEXT NOT NULL,
  ended_at     TEXT,
  CHECK (principal_id <> holder_id)
);
CREATE INDEX proxies_meeting ON proxies(meeting_id, id);

ALTER TABLE ballots ADD COLUMN by_member_id INTEGER REFERENCES members(id);
