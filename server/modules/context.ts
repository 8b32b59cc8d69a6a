import type { DomainEvents } from '../events.ts';
import type { Db } from '../db/database.ts';
import type { TypedEmitter } from '../lib/emitter.ts';
import type { Audit } from './audit/audit.ts';

export { afterCommit, inTransaction } from '../db/transaction.ts';

/**
 * What every domain service gets injected: the database, the audit log, the clock and the bus.
 * The bus delivers after commit: an `emit` inside a transaction waits for its outermost commit and
 * is dropped on rollback (server/db/transaction.ts).
 */
export interface DomainContext {
  db: Db;
  audit: Audit;
  events: TypedEmitter<DomainEvents>;
  now: () => string;
}

export function parseJsonArray<T>(text: string | null): T[] {
  return text ? (JSON.parse(text) as T[]) : [];
}
