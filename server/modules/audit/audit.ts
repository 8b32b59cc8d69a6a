import type { AuditEntry } from '../../../shared/schemas.ts';
import type { Db } from '../../db/database.ts';
import { sha256Hex } from '../../lib/crypto.ts';
import { canonicalJson } from './canonical.ts';

export const GENESIS_HASH = '0'.repeat(64);
/** The chain of actions outside any meeting (member import, weight scheme). */
export const GLOBAL_CHAIN = 0;

/** Who did it: `admin`, `kiosk:<id>`, `cli`, `system`. */
export type Actor = string;

interface AuditRow {
  meeting_id: number;
  seq: number;
  at: string;
  actor: string;
  action: string;
  data: string;
  prev_hash: string;
  hash: string;
}

export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  return sha256Hex(entry.prevHash + canonicalJson(entry));
}

function toEntry(row: AuditRow): AuditEntry {
  return { seq: row.seq, at: row.at, actor: row.actor, action: row.action, data: JSON.parse(row.data), prevHash: row.prev_hash, hash: row.hash };
}

export type Audit = ReturnType<typeof createAudit>;

export function createAudit(db: Db, now: () => string) {
  const headStmt = db.prepare('SELECT seq, hash FROM audit_log WHERE meeting_id = ? ORDER BY seq DESC LIMIT 1');
  const insertStmt = db.prepare(
    'INSERT INTO audit_log (meeting_id, seq, at, actor, action, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const allStmt = db.prepare('SELECT * FROM audit_log WHERE meeting_id = ? ORDER BY seq');

  function head(chain: number): { seq: number; hash: string } {
    return (headStmt.get(chain) as { seq: number; hash: string } | undefined) ?? { seq: 0, hash: GENESIS_HASH };
  }

  return {
    head,
    /** Appends one entry; call inside the transaction of the change it records. Returns its hash. */
    append(chain: number, actor: Actor, action: string, data: Record<string, unknown>): string {
      const prev = head(chain);
      const seq = prev.seq + 1;
      const at = now();
      const dataJson = canonicalJson(data);
      // The canonical JSON of the entry, keys in sorted order, reusing the data's canonical form.
      const entryJson = `{"action":${JSON.stringify(action)},"actor":${JSON.stringify(actor)},"at":${JSON.stringify(at)},"data":${dataJson},"prevHash":${JSON.stringify(prev.hash)},"seq":${seq}}`;
      const hash = sha256Hex(prev.hash + entryJson);
      insertStmt.run(chain, seq, at, actor, action, dataJson, prev.hash, hash);
      return hash;
    },
    *entries(chain: number): Generator<AuditEntry> {
      for (const row of allStmt.iterate(chain) as Iterable<AuditRow>) yield toEntry(row);
    },
    /** Recomputes the chain; the first entry whose link or hash does not match breaks it. */
    verifyChain(chain: number): { ok: true; entries: number; head: string } | { ok: false; brokenAt: number; entries: number } {
      let prevHash = GENESIS_HASH;
      let expectedSeq = 1;
      let count = 0;
      for (const row of allStmt.iterate(chain) as Iterable<AuditRow>) {
        count++;
        let ok = row.seq === expectedSeq && row.prev_hash === prevHash;
        if (ok) {
          try {
            const { hash, ...rest } = toEntry(row);
            ok = entryHash(rest) === hash;
          } catch {
            ok = false;
          }
        }
        if (!ok) return { ok: false, brokenAt: row.seq, entries: count };
        prevHash = row.hash;
        expectedSeq++;
      }
      return { ok: true, entries: count, head: prevHash };
    },
  };
}
