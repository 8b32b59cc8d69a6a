-- Secret ballots in two tables (issue 12, point 3).
--
-- While a secret round is open its ballots are in `secret_ballots_open`, with the voter's weight (a
-- restart recounts them), keyed by receipt. When the round closes or is cancelled they move, in one
-- transaction, to `secret_ballots`, written in receipt order (receipts are random, so nothing of the
-- order of voting), without weight (weights are nearly unique per member, and `participations`
-- names who voted with which weight), and the open rows are deleted with secure_delete on (their
-- bytes zeroed).
-- Nothing stored after the round then orders its ballots by when they were cast or ties one to a
-- member; the weighted totals are the result recorded at close and in the audit chain.

CREATE TABLE secret_ballots_open (
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  receipt  TEXT NOT NULL,
  weight   INTEGER NOT NULL,
  choices  TEXT NOT NULL,
  PRIMARY KEY (round_id, receipt)
) WITHOUT ROWID;

CREATE TABLE secret_ballots_sealed (
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  receipt  TEXT NOT NULL,
  choices  TEXT NOT NULL,
  PRIMARY KEY (round_id, receipt)
) WITHOUT ROWID;

INSERT INTO secret_ballots_open (round_id, receipt, weight, choices)
  SELECT s.round_id, s.receipt, s.weight, s.choices FROM secret_ballots s
  JOIN rounds r ON r.id = s.round_id WHERE r.state = 'open';
INSERT INTO secret_ballots_sealed (round_id, receipt, choices)
  SELECT s.round_id, s.receipt, s.choices FROM secret_ballots s
  JOIN rounds r ON r.id = s.round_id WHERE r.state <> 'open' ORDER BY s.round_id, s.receipt;

DROP TABLE secret_ballots;
ALTER TABLE secret_ballots_sealed RENAME TO secret_ballots;

CREATE TRIGGER secret_ballots_no_update BEFORE UPDATE ON secret_ballots BEGIN SELECT RAISE(ABORT, 'ballots are append-only'); END;
CREATE TRIGGER secret_ballots_no_delete BEFORE DELETE ON secret_ballots BEGIN SELECT RAISE(ABORT, 'ballots are append-only'); END;
CREATE TRIGGER secret_ballots_open_no_update BEFORE UPDATE ON secret_ballots_open BEGIN SELECT RAISE(ABORT, 'ballots are append-only'); END;
-- Deleted only when they move to secret_ballots, in the transaction that ends their round.
CREATE TRIGGER secret_ballots_open_no_delete BEFORE DELETE ON secret_ballots_open
  WHEN (SELECT state FROM rounds WHERE id = OLD.round_id) IN ('draft', 'open')
  BEGIN SELECT RAISE(ABORT, 'the ballots of an open round are append-only'); END;
