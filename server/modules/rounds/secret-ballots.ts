/**
 * The ballots of secret rounds, and the one place that writes them (migrations/003).
 *
 * While the round is open a ballot is a row of `secret_ballots_open`: its weight (a restart recounts
 * the round from these rows), receipt and choices. That is as far as an open round can hide it:
 * whoever copies the files while the round is open sees each commit in the WAL (docs/security.md).
 *
 * When the round closes, `seal` moves its ballots, inside that transaction, to
 * `secret_ballots`: round, receipt and choices only, inserted in receipt order (receipts are random)
 * into a table whose key is that order, and deletes the open rows (the connection runs with
 * secure_delete, so their bytes become zeros). After the commit the round's owner truncates the WAL
 * (server/db/database.ts `truncateWalSoon`). What is left says nothing of who voted when, nor with
 * which weight: the weighted totals are the result recorded at close and in the audit chain.
 *
 * When the round is cancelled, `discard` deletes its ballots in the cancel's transaction: a cancelled
 * round counts for nothing, so it keeps who voted (`participations`, the audit log) and no choice.
 */
import type { Db } from '../../db/database.ts';

/** A ballot of an open secret round, as stored until the round ends. */
export interface OpenSecretBallot {
  weight: number;
  choices: string;
  receipt: string;
}

/** A sealed secret ballot: what is kept of it after its round ended. */
export interface SealedSecretBallot {
  receipt: string;
  choices: string;
}

export type SecretBallots = ReturnType<typeof createSecretBallots>;

export function createSecretBallots(db: Db) {
  const insertOpen = db.prepare('INSERT INTO secret_ballots_open (round_id, receipt, weight, choices) VALUES (?, ?, ?, ?)');
  const openRows = db.prepare('SELECT weight, choices, receipt FROM secret_ballots_open WHERE round_id = ?');
  // In key order, which is receipt order: one pass in SQLite, no sort (SQLite's sorter could spill
  // ballots to a temporary file at 100,000 of them).
  const sealRows = db.prepare('INSERT INTO secret_ballots (round_id, receipt, choices) SELECT round_id, receipt, choices FROM secret_ballots_open WHERE round_id = ? ORDER BY round_id, receipt');
  const deleteOpen = db.prepare('DELETE FROM secret_ballots_open WHERE round_id = ?');
  const sealedRows = db.prepare('SELECT receipt, choices FROM secret_ballots WHERE round_id = ? ORDER BY receipt');

  return {
    /** Stores a ballot of an open round; inside the ballot's transaction. */
    add(roundId: number, ballot: OpenSecretBallot): void {
      insertOpen.run(roundId, ballot.receipt, ballot.weight, ballot.choices);
    },

    /** The ballots of an open round, with their weights (to count it). */
    eachOpen(roundId: number): IterableIterator<OpenSecretBallot> {
      return openRows.iterate(roundId) as IterableIterator<OpenSecretBallot>;
    },

    /** The sealed ballots of a round that ended, sorted by receipt. */
    eachSealed(roundId: number): IterableIterator<SealedSecretBallot> {
      return sealedRows.iterate(roundId) as IterableIterator<SealedSecretBallot>;
    },

    /**
     * Moves the round's ballots to their sealed form; call inside the transaction that closes or
     * cancels the round, after its state changed (the trigger keeps an open round's rows).
     */
    seal(roundId: number): number {
      const moved = sealRows.run(roundId).changes;
      deleteOpen.run(roundId);
      return moved;
    },

    /** Deletes the round's ballots; call inside the transaction that cancels the round, after its state changed. */
    discard(roundId: number): void {
      deleteOpen.run(roundId);
    },
  };
}
