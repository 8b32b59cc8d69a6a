import type { DomainEvents } from '../events.ts';
import type { Db, WalLog } from '../db/database.ts';
import type { TypedEmitter } from '../lib/emitter.ts';
import type { Audit } from './audit/audit.ts';

export { afterCommit, inTransaction } from '../db/transaction.ts';

/**
 * What every domain service gets injected: the database, the audit log, the clock, the bus and the
 * log (warnings of the storage that no request answers, such as a WAL that could not be truncated).
 * The bus delivers after commit: an `emit` inside a transaction waits for its outermost commit and
 * is dropped on rollback (server/db/transaction.ts).
 */
export interface DomainContext {
  db: Db;
  audit: Audit;
  events: TypedEmitter<DomainEvents>;
  now: () => string;
  log: WalLog;
}

export function parseJsonArray<T>(text: string | null): T[] {
  return text ? (JSON.parse(text) as T[]) : [];
}
