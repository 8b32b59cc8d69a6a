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

/**
 * The canonical JSON of an entry (keys in sorted order) from its stored columns: `data` is stored in
 * its canonical form already, so neither writing nor verifying parses and re-serialises it. Equal to
 * `canonicalJson(entry)` for every entry `append` wrote; a stored `data` that was altered, even into
 * an equivalent JSON text, no longer matches its hash.
 */
function storedEntryJson(row: Omit<AuditRow, 'meeting_id' | 'hash'>): string {
  return `{"action":${JSON.stringify(row.action)},"actor":${JSON.stringify(row.actor)},"at":${JSON.stringify(row.at)},"data":${row.data},"prevHash":${JSON.stringify(row.prev_hash)},"seq":${row.seq}}`;
}

/** What a chain verification hands to its visitor, entry by entry (data still as stored). */
export interface StoredAuditEntry {
  seq: number;
  action: string;
  data: string;
  hash: string;
}

export type Audit = ReturnType<typeof createAudit>;

export function createAudit(db: Db, now: () => string) {
  const headStmt = db.prepare('SELECT seq, hash FROM audit_log WHERE meeting_id = ? ORDER BY seq DESC LIMIT 1');
  const insertStmt = db.prepare(
    'INSERT INTO audit_log (meeting_id, seq, at, actor, action, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const allStmt = db.prepare('SELECT * FROM audit_log WHERE meeting_id = ? ORDER BY seq');
  const pageStmt = db.prepare('SELECT * FROM audit_log WHERE meeting_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?');

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
      const hash = sha256Hex(prev.hash + storedEntryJson({ seq, at, actor, action, data: dataJson, prev_hash: prev.hash }));
      insertStmt.run(chain, seq, at, actor, action, dataJson, prev.hash, hash);
      return hash;
    },
    /**
     * The chain as NDJSON (one entry a line, `data` exactly as stored and hashed), in pages of
     * `pageSize` entries: one query per page, so a consumer that writes each page to a socket never
     * holds the connection between pages, and a 200,000-entry log is never one string. Entries
     * appended after the first page is read are not included.
     */
    *ndjsonPages(chain: number, pageSize = 2000): Generator<string> {
      const last = head(chain).seq;
      let after = 0;
      while (after < last) {
        const rows = pageStmt.all(chain, after, last, pageSize) as AuditRow[];
        if (rows.length === 0) return;
        let page = '';
        for (const r of rows) {
          page += `{"seq":${r.seq},"at":${JSON.stringify(r.at)},"actor":${JSON.stringify(r.actor)},"action":${JSON.stringify(r.action)},"data":${r.data},"prevHash":${JSON.stringify(r.prev_hash)},"hash":${JSON.stringify(r.hash)}}\n`;
        }
        yield page;
        after = rows[rows.length - 1].seq;
      }
    },
    /**
     * Recomputes the chain in one pass; the first entry whose link or hash does not match breaks it.
     * `visit` sees every entry that matched, in order; it must not use the database (the pass holds
     * the connection).
     */
    verifyChain(chain: number, visit?: (entry: StoredAuditEntry) => void): { ok: true; entries: number; head: string } | { ok: false; brokenAt: number; entries: number } {
      let prevHash = GENESIS_HASH;
      let expectedSeq = 1;
      let count = 0;
      for (const row of allStmt.iterate(chain) as Iterable<AuditRow>) {
        count++;
        const ok = row.seq === expectedSeq && row.prev_hash === prevHash && sha256Hex(prevHash + storedEntryJson(row)) === row.hash;
        if (!ok) return { ok: false, brokenAt: row.seq, entries: count };
        visit?.(row);
        prevHash = row.hash;
        expectedSeq++;
      }
      return { ok: true, entries: count, head: prevHash };
    },
  };
}
