-- Words and numbers the minutes use (issue 24).
--
-- A round's `number`: 1, 2, … per meeting in the order of creation, practice rounds included. It is
-- stored, not counted at read time, so that it never changes once a round exists.
-- A meeting's `time_zone`: the IANA zone every time a person reads is shown in.
-- A meeting's `demo` mark: set on the meeting the demo loaded, so that the start-up line about the
-- demo is printed only for a database the demo was loaded into.
-- A kiosk's `last_seen_at`: when its token was last used (written at most once a minute), so that
-- `kiosks list` can say when each kiosk was last seen.
-- Member codes upper case (below).

ALTER TABLE rounds ADD COLUMN number INTEGER;
UPDATE rounds SET number = (SELECT COUNT(*) FROM rounds r2 WHERE r2.meeting_id = rounds.meeting_id AND r2.id <= rounds.id);
CREATE UNIQUE INDEX rounds_number ON rounds(meeting_id, number);

ALTER TABLE meetings ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Amsterdam';
ALTER TABLE meetings ADD COLUMN demo INTEGER NOT NULL DEFAULT 0;
ALTER TABLE kiosks ADD COLUMN last_seen_at TEXT;

-- Member codes in their canonical form, upper case (imports store it so from now on; a code is
-- unique regardless of case, so this changes no identity).
UPDATE members SET code = upper(code) WHERE code <> upper(code);
