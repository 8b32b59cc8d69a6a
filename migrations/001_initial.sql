-- Stemkaart initial schema. Forward-only; applied in one transaction and recorded in schema_migrations.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE members (
  id              INTEGER PRIMARY KEY,
  code            TEXT NOT NULL UNIQUE,
  name            TEXT NOT NULL,
  province        TEXT,
  population      INTEGER NOT NULL CHECK (population >= 0),
  explicit_weight INTEGER CHECK (explicit_weight IS NULL OR explicit_weight > 0),
  weight          INTEGER NOT NULL CHECK (weight > 0)
);

CREATE TABLE meetings (
  id                INTEGER PRIMARY KEY,
  title             TEXT NOT NULL,
  date              TEXT NOT NULL,
  venue             TEXT,
  require_check_in  INTEGER NOT NULL DEFAULT 1,
  weights_frozen_at TEXT,
  created_at        TEXT NOT NULL
);

-- A meeting's weights, frozen when its first cards are issued.
CREATE TABLE meeting_members (
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  member_id  INTEGER NOT NULL REFERENCES members(id),
  weight     INTEGER NOT NULL CHECK (weight > 0),
  PRIMARY KEY (meeting_id, member_id)
);

CREATE TABLE agenda_items (
  id         INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  number     TEXT NOT NULL,
  title      TEXT NOT NULL,
  position   INTEGER NOT NULL
);
CREATE INDEX agenda_items_meeting ON agenda_items(meeting_id, position);

CREATE TABLE motions (
  id                INTEGER PRIMARY KEY,
  meeting_id        INTEGER NOT NULL REFERENCES meetings(id),
  item_id           INTEGER NOT NULL REFERENCES agenda_items(id),
  ref               TEXT NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('proposal','resolution','motion','amendment')),
  title             TEXT NOT NULL,
  submitters        TEXT NOT NULL DEFAULT '[]',
  supporters        TEXT NOT NULL DEFAULT '[]',
  submitted_on      TEXT,
  summary           TEXT,
  board_advice      TEXT NOT NULL DEFAULT 'none',
  board_advice_text TEXT,
  amends_motion_id  INTEGER REFERENCES motions(id),
  status            TEXT NOT NULL DEFAULT 'submitted'
                    CHECK (status IN ('submitted','in_vote','adopted','rejected','withdrawn')),
  manual_result     TEXT,
  position          INTEGER NOT NULL,
  UNIQUE (meeting_id, ref)
);

CREATE TABLE cards (
  id         INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  member_id  INTEGER NOT NULL REFERENCES members(id),
  code_hash  BLOB NOT NULL UNIQUE,
  issued_at  TEXT NOT NULL,
  revoked_at TEXT
);
CREATE UNIQUE INDEX cards_one_active ON cards(meeting_id, member_id) WHERE revoked_at IS NULL;

CREATE TABLE kiosks (
  id         INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  name       TEXT NOT NULL,
  mode       TEXT NOT NULL CHECK (mode IN ('checkin','voting')),
  token_hash BLOB NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

CREATE TABLE admin_sessions (
  token_hash BLOB PRIMARY KEY,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

-- Presence is an append-only list of check-ins and check-outs; the current state is the last one.
CREATE TABLE presence_events (
  id         INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  member_id  INTEGER NOT NULL REFERENCES members(id),
  direction  TEXT NOT NULL CHECK (direction IN ('in','out')),
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL
);
CREATE INDEX presence_events_meeting ON presence_events(meeting_id, member_id, id);

CREATE TABLE rounds (
  id                INTEGER PRIMARY KEY,
  meeting_id        INTEGER NOT NULL REFERENCES meetings(id),
  state             TEXT NOT NULL CHECK (state IN ('draft','open','closed','cancelled')),
  secret            INTEGER NOT NULL,
  allow_change      INTEGER NOT NULL,
  show_live         INTEGER NOT NULL,
  majority          TEXT NOT NULL CHECK (majority IN ('simple','two_thirds')),
  quorum_percent    INTEGER NOT NULL,
  created_at        TEXT NOT NULL,
  opened_at         TEXT,
  closed_at         TEXT,
  cancelled_at      TEXT,
  cancel_reason     TEXT,
  head_hash         TEXT,
  CHECK (NOT (secret AND allow_change))
);
CREATE UNIQUE INDEX rounds_one_open ON rounds(meeting_id) WHERE state = 'open';

CREATE TABLE round_motions (
  round_id  INTEGER NOT NULL REFERENCES rounds(id),
  motion_id INTEGER NOT NULL REFERENCES motions(id),
  position  INTEGER NOT NULL,
  PRIMARY KEY (round_id, motion_id)
);

-- The outcome recorded at close, per motion, with the present weight frozen at that moment.
CREATE TABLE round_results (
  round_id        INTEGER NOT NULL REFERENCES rounds(id),
  motion_id       INTEGER NOT NULL REFERENCES motions(id),
  tally           TEXT NOT NULL,
  PRIMARY KEY (round_id, motion_id)
);

-- Ballots of open (roll-call) rounds. Append-only: a changed vote is a new row, and the member's
-- ballot is its latest row in the round.
CREATE TABLE ballots (
  id        INTEGER PRIMARY KEY,
  round_id  INTEGER NOT NULL REFERENCES rounds(id),
  member_id INTEGER NOT NULL REFERENCES members(id),
  weight    INTEGER NOT NULL,
  choices   TEXT NOT NULL,
  nonce     TEXT NOT NULL,
  receipt   TEXT NOT NULL,
  cast_at   TEXT NOT NULL,
  UNIQUE (round_id, member_id, nonce)
);
CREATE INDEX ballots_round_member ON ballots(round_id, member_id, id);

-- Secret rounds keep who voted apart from what was chosen. The ballot row has no member, no time
-- and a random key (WITHOUT ROWID: rows are stored in key order, not in arrival order).
CREATE TABLE secret_ballots (
  ballot_key TEXT PRIMARY KEY,
  round_id   INTEGER NOT NULL REFERENCES rounds(id),
  weight     INTEGER NOT NULL,
  choices    TEXT NOT NULL,
  receipt    TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX secret_ballots_round ON secret_ballots(round_id);

-- Who voted in a secret round. The receipt is sealed with a key derived from the kiosk's nonce,
-- so that only a resend of the same ballot can recover it.
CREATE TABLE participations (
  round_id       INTEGER NOT NULL REFERENCES rounds(id),
  member_id      INTEGER NOT NULL REFERENCES members(id),
  nonce_hash     BLOB NOT NULL,
  sealed_receipt BLOB NOT NULL,
  cast_at        TEXT NOT NULL,
  PRIMARY KEY (round_id, member_id)
);

-- Hash-chained audit log, one chain per meeting (meeting_id 0: actions outside a meeting).
CREATE TABLE audit_log (
  meeting_id INTEGER NOT NULL,
  seq        INTEGER NOT NULL,
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL,
  action     TEXT NOT NULL,
  data       TEXT NOT NULL,
  prev_hash  TEXT NOT NULL,
  hash       TEXT NOT NULL,
  PRIMARY KEY (meeting_id, seq)
);

-- Append-only in the database itself.
CREATE TRIGGER ballots_no_update BEFORE UPDATE ON ballots BEGIN SELECT RAISE(ABORT, 'ballots are append-only'); END;
CREATE TRIGGER ballots_no_delete BEFORE DELETE ON ballots BEGIN SELECT RAISE(ABORT, 'ballots are append-only'); END;
CREATE TRIGGER secret_ballots_no_update BEFORE UPDATE ON secret_ballots BEGIN SELECT RAISE(ABORT, 'ballots are append-only'); END;
CREATE TRIGGER secret_ballots_no_delete BEFORE DELETE ON secret_ballots BEGIN SELECT RAISE(ABORT, 'ballots are append-only'); END;
CREATE TRIGGER participations_no_update BEFORE UPDATE ON participations BEGIN SELECT RAISE(ABORT, 'participations are append-only'); END;
CREATE TRIGGER participations_no_delete BEFORE DELETE ON participations BEGIN SELECT RAISE(ABORT, 'participations are append-only'); END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER presence_no_update BEFORE UPDATE ON presence_events BEGIN SELECT RAISE(ABORT, 'presence events are append-only'); END;
CREATE TRIGGER presence_no_delete BEFORE DELETE ON presence_events BEGIN SELECT RAISE(ABORT, 'presence events are append-only'); END;
