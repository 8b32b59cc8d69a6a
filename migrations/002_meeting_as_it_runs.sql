-- The meeting as it really runs (issue 15): practice motions, a motion's full text, split votes
-- per meeting, and what the projector shows.

-- SQLite cannot change a CHECK constraint in place: the motions table is rebuilt with `practice`
-- among the kinds and a `text` column, keeping every id (rows of other tables point at motions;
-- migrations run with foreign keys off and are checked as a whole before they commit).

CREATE TABLE motions_rebuilt (
  id                INTEGER PRIMARY KEY,
  meeting_id        INTEGER NOT NULL REFERENCES meetings(id),
  item_id           INTEGER NOT NULL REFERENCES agenda_items(id),
  ref               TEXT NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('proposal','resolution','motion','amendment','practice')),
  title             TEXT NOT NULL,
  submitters        TEXT NOT NULL DEFAULT '[]',
  supporters        TEXT NOT NULL DEFAULT '[]',
  submitted_on      TEXT,
  summary           TEXT,
  text              TEXT,
  board_advice      TEXT NOT NULL DEFAULT 'none',
  board_advice_text TEXT,
  amends_motion_id  INTEGER REFERENCES motions(id),
  status            TEXT NOT NULL DEFAULT 'submitted'
                    CHECK (status IN ('submitted','in_vote','adopted','rejected','withdrawn')),
  manual_result     TEXT,
  position          INTEGER NOT NULL,
  UNIQUE (meeting_id, ref)
);
INSERT INTO motions_rebuilt (id, meeting_id, item_id, ref, kind, title, submitters, supporters, submitted_on, summary,
  board_advice, board_advice_text, amends_motion_id, status, manual_result, position)
  SELECT id, meeting_id, item_id, ref, kind, title, submitters, supporters, submitted_on, summary,
  board_advice, board_advice_text, amends_motion_id, status, manual_result, position FROM motions;
DROP TABLE motions;
ALTER TABLE motions_rebuilt RENAME TO motions;
CREATE INDEX motions_item ON motions(item_id, position);

-- A meeting that allows split votes (shareholder meetings with nominees); off by default.
ALTER TABLE meetings ADD COLUMN allow_split INTEGER NOT NULL DEFAULT 0;
-- What the projector shows: NULL is `auto` (the open round, or the round closed last), else one motion.
ALTER TABLE meetings ADD COLUMN projector_motion_id INTEGER REFERENCES motions(id);
