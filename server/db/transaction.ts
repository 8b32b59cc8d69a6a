/**
 * Transactions whose side effects wait for the commit (STYLE.md 16; Django's `on_commit`).
 *
 * Memory updates, emits and backups caused by a transaction are queued with `afterCommit` and run
 * only once the outermost transaction has committed, in the order they were queued; a rollback
 * drops them (a savepoint that rolls back drops those queued inside it). Outside a transaction
 * `afterCommit` runs its function at once. So memory never runs ahead of the database: whatever
 * the process holds in memory describes committed rows only.
 *
 * Every write transaction of the server goes through `inTransaction`; a transaction begun with
 * `db.transaction` directly around it would let queued effects run before the real commit, so
 * that is refused.
 */
import type { Transaction } from 'better-sqlite3';
import type { Db } from './database.ts';

type Effect = () => void;

const OUTSIDE = 'a transaction was begun outside inTransaction (server/db/transaction.ts): its effects could run before its commit';

class TransactionScope {
  /** The effects queued by the outermost transaction running now; null outside a transaction. */
  queue: Effect[] | null = null;
  readonly run: Transaction<(fn: () => unknown) => unknown>;
  constructor(readonly db: Db) {
    // One better-sqlite3 transaction function for everything: BEGIN IMMEDIATE when outermost
    // (`.immediate`), a SAVEPOINT when nested; it rolls back when `fn` or the COMMIT throws.
    this.run = db.transaction((fn: () => unknown) => fn());
  }
}

const scopes = new WeakMap<Db, TransactionScope>();
function scopeOf(db: Db): TransactionScope {
  let scope = scopes.get(db);
  if (!scope) {
    scope = new TransactionScope(db);
    scopes.set(db, scope);
  }
  return scope;
}

/**
 * Runs `fn` in one IMMEDIATE transaction, or in a savepoint when a transaction is running already.
 * Effects queued inside run after the outermost commit; when `fn` or the commit throws, the
 * transaction (or savepoint) rolls back, its effects are dropped, and the error is rethrown.
 */
export function inTransaction<T>(db: Db, fn: () => T): T {
  const scope = scopeOf(db);
  const queue = scope.queue;
  if (queue) {
    const mark = queue.length;
    try {
      return scope.run(fn) as T;
    } catch (err) {
      queue.length = mark;
      throw err;
    }
  }
  if (db.inTransaction) throw new Error(OUTSIDE);
  const effects: Effect[] = [];
  scope.queue = effects;
  let result: T;
  try {
    result = scope.run.immediate(fn) as T;
  } finally {
    scope.queue = null;
  }
  runEffects(effects);
  return result;
}

/** Queues `effect` to run after the outermost transaction commits (at once outside a transaction). */
export function afterCommit(db: Db, effect: Effect): void {
  const queue = scopeOf(db).queue;
  if (queue) queue.push(effect);
  else if (db.inTransaction) throw new Error(OUTSIDE);
  else effect();
}

/** True while a transaction begun by `inTransaction` runs: rows read now may not be committed. */
export function inOpenTransaction(db: Db): boolean {
  return scopeOf(db).queue !== null;
}

/**
 * Runs every effect even when one throws (the others are as committed as it is), then rethrows
 * the first error: an effect that fails is a bug, never a reason to skip the rest.
 */
function runEffects(effects: Effect[]): void {
  let first: { error: unknown } | null = null;
  for (const effect of effects) {
    try {
      effect();
    } catch (error) {
      first ??= { error };
    }
  }
  if (first) throw first.error;
}
