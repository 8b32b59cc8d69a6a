import { ApiError } from '../../../shared/errors.ts';
import { KioskCreateSchema, type Kiosk, type KioskMode } from '../../../shared/schemas.ts';
import { randomToken, sha256 } from '../../lib/crypto.ts';
import type { Actor } from '../audit/audit.ts';
import { afterCommit, inOpenTransaction, inTransaction } from '../../db/transaction.ts';
import type { DomainContext } from '../context.ts';
import { zodMessage, type MeetingsService } from '../meetings/meetings.service.ts';

interface KioskRow {
  id: number;
  meeting_id: number;
  name: string;
  mode: KioskMode;
  created_at: string;
  revoked_at: string | null;
  last_seen_at: string | null;
}

const toKiosk = (r: KioskRow): Kiosk => ({ id: r.id, meetingId: r.meeting_id, name: r.name, mode: r.mode, createdAt: r.created_at, revokedAt: r.revoked_at, lastSeenAt: r.last_seen_at });

/** A kiosk's last use is written at most this often (ms): it is for `kiosks list`, not for timing. */
const SEEN_EVERY_MS = 60_000;

export type KiosksService = ReturnType<typeof createKiosks>;

/** `baseUrl` is read when a kiosk is paired: the address the server really listens on is known only then. */
export function createKiosks(ctx: DomainContext, meetings: MeetingsService, baseUrl: () => string) {
  const { db, audit, events, now } = ctx;
  const insert = db.prepare('INSERT INTO kiosks (meeting_id, name, mode, token_hash, created_at) VALUES (?, ?, ?, ?, ?)');
  const byId = db.prepare('SELECT * FROM kiosks WHERE id = ?');
  const byToken = db.prepare('SELECT * FROM kiosks WHERE token_hash = ?');
  const ofMeeting = db.prepare('SELECT * FROM kiosks WHERE meeting_id = ? ORDER BY id');
  const revokeStmt = db.prepare('UPDATE kiosks SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const seenStmt = db.prepare('UPDATE kiosks SET last_seen_at = ? WHERE id = ?');
  /** Per kiosk id: when its last use was written (ms). */
  const seenWritten = new Map<number, number>();
  function seen(kioskId: number): void {
    if (inOpenTransaction(db)) return;
    const at = Date.parse(now());
    const last = seenWritten.get(kioskId);
    if (last !== undefined && at - last < SEEN_EVERY_MS) return;
    seenWritten.set(kioskId, at);
    seenStmt.run(new Date(at).toISOString(), kioskId);
  }
  /**
   * Paired, not revoked kiosks by the hex of their token hash: remembered on first authentication
   * (outside a transaction), forgotten after the commit of their revocation.
   */
  const paired = new Map<string, Kiosk>();

  return {
    /** Pairs a kiosk; the token is returned once (in the URL's fragment, so it never reaches a log). */
    pair(meetingId: number, input: unknown, actor: Actor): Kiosk & { token: string; url: string } {
      meetings.get(meetingId);
      const parsed = KioskCreateSchema.safeParse(input);
      if (!parsed.success) throw new ApiError('validation', { nl: zodMessage(parsed.error.issues), en: zodMessage(parsed.error.issues) });
      const token = randomToken(32);
      const id = inTransaction(db, () => {
        const id = Number(insert.run(meetingId, parsed.data.name, parsed.data.mode, sha256(token), now()).lastInsertRowid);
        audit.append(meetingId, actor, 'kiosk.paired', { kioskId: id, name: parsed.data.name, mode: parsed.data.mode });
        return id;
      });
      const kiosk = toKiosk(byId.get(id) as KioskRow);
      return { ...kiosk, token, url: `${baseUrl().replace(/\/$/, '')}/kiosk/#token=${token}` };
    },
    list(meetingId: number): Kiosk[] {
      meetings.get(meetingId);
      return (ofMeeting.all(meetingId) as KioskRow[]).map(toKiosk);
    },
    get(id: number): Kiosk {
      const row = byId.get(id) as KioskRow | undefined;
      if (!row) throw new ApiError('not_found', { nl: `Kiosk ${id} bestaat niet.`, en: `Kiosk ${id} does not exist.` });
      return toKiosk(row);
    },
    /**
     * The kiosk a token belongs to; null when unknown or revoked. Looked up by hash, and paired
     * kiosks are remembered: every ballot is authenticated, and a kiosk is a handful of rows.
     */
    authenticate(token: string): Kiosk | null {
      const hash = sha256(token);
      const key = hash.toString('hex');
      const known = paired.get(key);
      if (known) {
        seen(known.id);
        return known;
      }
      const row = byToken.get(hash) as KioskRow | undefined;
      if (!row || row.revoked_at) return null;
      seen(row.id);
      const kiosk = toKiosk(row);
      if (!inOpenTransaction(db)) paired.set(key, kiosk);
      return kiosk;
    },
    revoke(id: number, actor: Actor): Kiosk {
      const kiosk = this.get(id);
      if (!kiosk.revokedAt) {
        inTransaction(db, () => {
          revokeStmt.run(now(), id);
          audit.append(kiosk.meetingId, actor, 'kiosk.revoked', { kioskId: id });
          afterCommit(db, () => {
            for (const [key, k] of paired) if (k.id === id) paired.delete(key);
          });
          events.emit('kiosk-revoked', { meetingId: kiosk.meetingId, kioskId: id });
        });
      }
      return this.get(id);
    },
  };
}
