-- Issue 23: a secret round's minimum of ballots, the kiosks' staff PIN, and no choices kept of a
-- cancelled secret round.

-- A secret round with fewer ballots than this is closed only when the chair confirms (409 small_secret_round).
ALTER TABLE meetings ADD COLUMN secret_min_ballots INTEGER NOT NULL DEFAULT 5;

-- The staff PIN that opens a kiosk's Beheer settings (scrypt, "salt:hash" in hex); null: none set.
ALTER TABLE meetings ADD COLUMN kiosk_pin_hash TEXT;

-- A cancelled secret round keeps who voted (participations, the audit log) but no choices: the
-- sealed ballots an earlier version kept of one are deleted (the WAL is truncated after migrations).
DROP TRIGGER secret_ballots_no_delete;
DELETE FROM secret_ballots WHERE round_id IN (SELECT id FROM rounds WHERE state = 'cancelled');
CREATE TRIGGER secret_ballots_no_delete BEFORE DELETE ON secret_ballots BEGIN SELECT RAISE(ABORT, 'ballots are append-only'); END;
