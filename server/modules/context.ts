import type { DomainEvents } from '../../shared/events.ts';
import type { Db } from '../db/database.ts';
import { TypedEmitter } from '../lib/emitter.ts';
import type { Audit } from './audit/audit.ts';

/** What every domain service gets injected: the database, the audit log, the clock and the bus. */
export interface DomainContext {
  db: Db;
  audit: Audit;
  events: TypedEmitter<DomainEvents>;
  now: () => string;
}

/** Runs `fn` in one IMMEDIATE transaction (a savepoint when already inside one). */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.inTransaction ? db.transaction(fn)() : db.transaction(fn).immediate();
}

export function parseJsonArray<T>(text: string | null): T[] {
  return text ? (JSON.parse(text) as T[]) : [];
}
