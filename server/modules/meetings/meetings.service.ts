import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../../../shared/errors.ts';
import {
  AgendaInputSchema,
  MeetingCreateSchema,
  ProjectorSchema,
  type AgendaItem,
  type ManualResult,
  type Meeting,
  type Motion,
  type MotionKind,
  type MotionStatus,
  type Projector,
} from '../../../shared/schemas.ts';
import type { Actor } from '../audit/audit.ts';
import { inTransaction } from '../../db/transaction.ts';
import { parseJsonArray, type DomainContext } from '../context.ts';

interface MeetingRow {
  id: number;
  title: string;
  date: string;
  venue: string | null;
  require_check_in: number;
  allow_split: number;
  secret_min_ballots: number;
  kiosk_pin_hash: string | null;
  time_zone: string;
  projector_motion_id: number | null;
  weights_frozen_at: string | null;
  created_at: string;
  proxies_allowed: number;
  proxies_max_per_holder: number;
}

export interface MotionRow {
  id: number;
  meeting_id: number;
  item_id: number;
  ref: string;
  kind: Motion['kind'];
  title: string;
  submitters: string;
  supporters: string;
  submitted_on: string | null;
  summary: string | null;
  text: string | null;
  board_advice: Motion['boardAdvice'];
  board_advice_text: string | null;
  amends_motion_id: number | null;
  amends_ref: string | null;
  status: MotionStatus;
  manual_result: string | null;
  position: number;
}

export const toMeeting = (r: MeetingRow): Meeting => ({
  id: r.id,
  title: r.title,
  date: r.date,
  venue: r.venue,
  requireCheckIn: r.require_check_in === 1,
  allowSplit: r.allow_split === 1,
  secretMinBallots: r.secret_min_ballots,
  timeZone: r.time_zone,
  weightsFrozen: r.weights_frozen_at !== null,
  createdAt: r.created_at,
  proxies: { allowed: r.proxies_allowed === 1, maxPerHolder: r.proxies_max_per_holder },
});

export const toMotion = (r: MotionRow): Motion => ({
  id: r.id,
  ref: r.ref,
  kind: r.kind,
  title: r.title,
  submitters: parseJsonArray<string>(r.submitters),
  supporters: parseJsonArray<string>(r.supporters),
  submittedOn: r.submitted_on,
  summary: r.summary,
  text: r.text,
  boardAdvice: r.board_advice,
  boardAdviceText: r.board_advice_text,
  amends: r.amends_ref,
  status: r.status,
  manualResult: r.manual_result ? (JSON.parse(r.manual_result) as ManualResult) : null,
});

const MOTION_SELECT = `SELECT m.*, a.ref AS amends_ref FROM motions m LEFT JOIN motions a ON a.id = m.amends_motion_id`;

/**
 * Why a motion's `amends` is not right, or null: an amendment names a proposal or resolution of its
 * meeting (`targetKind` is that motion's kind, undefined when no motion has the ref), nothing else
 * names one.
 */
export function amendsProblem(ref: string, kind: MotionKind, amends: string | null | undefined, targetKind: MotionKind | undefined): ApiError | null {
  const invalid = (nl: string, en: string) => new ApiError('validation', { nl, en });
  if (kind !== 'amendment') return amends ? invalid(`${ref}: alleen een amendement kan amends hebben`, `${ref}: only an amendment can have amends`) : null;
  if (!amends) return invalid(`${ref}: een amendement moet het voorstel noemen dat het wijzigt (amends)`, `${ref}: an amendment must name the proposal it amends (amends)`);
  if (!targetKind) return invalid(`${ref}: amends ${amends} bestaat niet in deze vergadering`, `${ref}: amends ${amends} does not exist in this meeting`);
  if (targetKind !== 'proposal' && targetKind !== 'resolution') return invalid(`${ref}: amends moet een voorstel of resolutie noemen`, `${ref}: amends must name a proposal or resolution`);
  return null;
}

export function zodMessage(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`).join('; ');
}

export type MeetingsService = ReturnType<typeof createMeetings>;

export function createMeetings(ctx: DomainContext) {
  const { db, audit, events, now } = ctx;
  const getStmt = db.prepare('SELECT * FROM meetings WHERE id = ?');
  const listStmt = db.prepare('SELECT * FROM meetings ORDER BY date DESC, id DESC');
  const insertMeeting = db.prepare('INSERT INTO meetings (title, date, venue, require_check_in, allow_split, secret_min_ballots, time_zone, created_at, proxies_allowed, proxies_max_per_holder) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const itemsStmt = db.prepare('SELECT * FROM agenda_items WHERE meeting_id = ? ORDER BY position, id');
  const motionsOfMeeting = db.prepare(`${MOTION_SELECT} WHERE m.meeting_id = ? ORDER BY m.position, m.id`);
  const motionStmt = db.prepare(`${MOTION_SELECT} WHERE m.id = ?`);
  const motionByRef = db.prepare('SELECT id, kind FROM motions WHERE meeting_id = ? AND ref = ?');
  const maxItemPos = db.prepare('SELECT COALESCE(MAX(position), 0) FROM agenda_items WHERE meeting_id = ?').pluck();
  const maxMotionPos = db.prepare('SELECT COALESCE(MAX(position), 0) FROM motions WHERE meeting_id = ?').pluck();
  const insertItem = db.prepare('INSERT INTO agenda_items (meeting_id, number, title, position) VALUES (?, ?, ?, ?)');
  const insertMotion = db.prepare(`INSERT INTO motions (meeting_id, item_id, ref, kind, title, submitters, supporters,
    submitted_on, summary, text, board_advice, board_advice_text, amends_motion_id, position)
    VALUES (@meeting_id, @item_id, @ref, @kind, @title, @submitters, @supporters, @submitted_on, @summary, @text,
    @board_advice, @board_advice_text, @amends_motion_id, @position)`);
  const setStatusStmt = db.prepare('UPDATE motions SET status = ? WHERE id = ?');
  const updateMotionStmt = db.prepare(`UPDATE motions SET ref = @ref, kind = @kind, title = @title, submitters = @submitters,
    supporters = @supporters, submitted_on = @submitted_on, summary = @summary, text = @text, board_advice = @board_advice,
    board_advice_text = @board_advice_text, amends_motion_id = @amends_motion_id WHERE id = @id`);
  const deleteMotionStmt = db.prepare('DELETE FROM motions WHERE id = ?');
  const amendmentsOfStmt = db.prepare('SELECT ref FROM motions WHERE amends_motion_id = ? ORDER BY position, id').pluck();
  const itemStmt = db.prepare('SELECT * FROM agenda_items WHERE id = ?');
  const motionIdsOfItem = db.prepare('SELECT id FROM motions WHERE item_id = ? ORDER BY position, id').pluck();
  const updateItemStmt = db.prepare('UPDATE agenda_items SET number = ?, title = ? WHERE id = ?');
  const deleteItemStmt = db.prepare('DELETE FROM agenda_items WHERE id = ?');
  const markDemoStmt = db.prepare('UPDATE meetings SET demo = 1 WHERE id = ?');
  const demoMeetingStmt = db.prepare('SELECT id FROM meetings WHERE demo = 1 ORDER BY id LIMIT 1').pluck();
  const setProjectorStmt = db.prepare('UPDATE meetings SET projector_motion_id = ? WHERE id = ?');
  const projectorShowing = db.prepare('SELECT id FROM meetings WHERE projector_motion_id = ?').pluck();
  const setProxyRuleStmt = db.prepare('UPDATE meetings SET proxies_allowed = ?, proxies_max_per_holder = ? WHERE id = ?');
  const setManualStmt = db.prepare('UPDATE motions SET status = ?, manual_result = ? WHERE id = ?');
  const setKioskPinStmt = db.prepare('UPDATE meetings SET kiosk_pin_hash = ? WHERE id = ?');

  function getRow(id: number): MeetingRow {
    const row = getStmt.get(id) as MeetingRow | undefined;
    if (!row) throw new ApiError('not_found', { nl: `Vergadering ${id} bestaat niet.`, en: `Meeting ${id} does not exist.` });
    return row;
  }

  function motion(id: number): Motion & { meetingId: number; amendsMotionId: number | null } {
    const row = motionStmt.get(id) as MotionRow | undefined;
    if (!row) throw new ApiError('not_found', { nl: `Motie ${id} bestaat niet.`, en: `Motion ${id} does not exist.` });
    return { ...toMotion(row), meetingId: row.meeting_id, amendsMotionId: row.amends_motion_id };
  }

  return {
    /** Whether the kiosks of the meeting ask a staff PIN before their Beheer settings. */
    kioskPinSet: (id: number): boolean => getRow(id).kiosk_pin_hash !== null,
    /** Sets (4 to 8 digits) or removes (null) the staff PIN of the meeting's kiosks; stored hashed (scrypt). */
    setKioskPin(id: number, pin: string | null, actor: Actor): void {
      getRow(id);
      inTransaction(db, () => {
        setKioskPinStmt.run(pin === null ? null : hashPin(pin), id);
        audit.append(id, actor, 'meeting.kiosk_pin', { meetingId: id, set: pin !== null });
      });
    },
    /** True when no PIN is set or `pin` is the meeting's staff PIN. */
    kioskPinMatches(id: number, pin: string): boolean {
      const stored = getRow(id).kiosk_pin_hash;
      return stored === null || pinMatches(stored, pin);
    },
    get: (id: number): Meeting => toMeeting(getRow(id)),
    list: (): Meeting[] => (listStmt.all() as MeetingRow[]).map(toMeeting),
    exists: (id: number): boolean => getStmt.get(id) !== undefined,
    /** Marks the meeting the demo loaded (the start-up line about the demo names only such a database). */
    markDemo: (id: number): void => void markDemoStmt.run(id),
    /** The meeting the demo loaded into this database, if any. */
    demoMeetingId: (): number | undefined => demoMeetingStmt.get() as number | undefined,
    weightsFrozen: (id: number): boolean => getRow(id).weights_frozen_at !== null,
    /** The write of a new proxy rule; the proxies module decides when it may change, inside its transaction. */
    writeProxyRule(id: number, rule: { allowed: boolean; maxPerHolder: number }): void {
      setProxyRuleStmt.run(rule.allowed ? 1 : 0, rule.maxPerHolder, id);
      events.emit('meeting-changed', { meetingId: id });
    },
    motion,
    motions: (meetingId: number): Motion[] => (motionsOfMeeting.all(meetingId) as MotionRow[]).map(toMotion),

    agenda(meetingId: number): AgendaItem[] {
      const motions = motionsOfMeeting.all(meetingId) as MotionRow[];
      return (itemsStmt.all(meetingId) as { id: number; number: string; title: string }[]).map((item) => ({
        id: item.id,
        number: item.number,
        title: item.title,
        motions: motions.filter((m) => m.item_id === item.id).map(toMotion),
      }));
    },

    create(input: unknown, actor: Actor): Meeting {
      const parsed = MeetingCreateSchema.safeParse(input);
      if (!parsed.success) throw new ApiError('validation', { nl: zodMessage(parsed.error.issues), en: zodMessage(parsed.error.issues) });
      const m = parsed.data;
      const id = inTransaction(db, () => {
        const proxies = m.proxies ?? { allowed: false, maxPerHolder: 1 };
        const id = Number(insertMeeting.run(m.title, m.date, m.venue ?? null, m.requireCheckIn ? 1 : 0, m.allowSplit ? 1 : 0, m.secretMinBallots, m.timeZone, now(), proxies.allowed ? 1 : 0, proxies.maxPerHolder).lastInsertRowid);
        audit.append(id, actor, 'meeting.created', {
          meetingId: id,
          title: m.title,
          date: m.date,
          venue: m.venue ?? null,
          requireCheckIn: m.requireCheckIn,
          allowSplit: m.allowSplit,
          secretMinBallots: m.secretMinBallots,
          timeZone: m.timeZone,
          ...(proxies.allowed ? { proxies } : {}),
        });
        events.emit('meeting-changed', { meetingId: id });
        return id;
      });
      return toMeeting(getRow(id));
    },

    addAgenda(meetingId: number, input: unknown, actor: Actor): AgendaItem[] {
      getRow(meetingId);
      const parsed = AgendaInputSchema.safeParse(input);
      if (!parsed.success) throw new ApiError('validation', { nl: zodMessage(parsed.error.issues), en: zodMessage(parsed.error.issues) });
      const items = parsed.data.items;
      const invalid = (nl: string, en: string) => new ApiError('validation', { nl, en });
      // Refs must be unique in the meeting, and an amendment must name a proposal of the meeting.
      const newRefs = new Map<string, MotionKind>();
      for (const item of items) {
        for (const mo of item.motions) {
          if (newRefs.has(mo.ref) || motionByRef.get(meetingId, mo.ref)) throw invalid(`ref ${mo.ref} komt al voor in deze vergadering`, `ref ${mo.ref} is already used in this meeting`);
          newRefs.set(mo.ref, mo.kind);
        }
      }
      for (const item of items) {
        for (const mo of item.motions) {
          const target = mo.amends ? ((motionByRef.get(meetingId, mo.amends) as { kind: MotionKind } | undefined)?.kind ?? newRefs.get(mo.amends)) : undefined;
          const problem = amendsProblem(mo.ref, mo.kind, mo.amends, target);
          if (problem) throw problem;
        }
      }
      const created = inTransaction(db, () => {
        let itemPos = maxItemPos.get(meetingId) as number;
        let motionPos = maxMotionPos.get(meetingId) as number;
        const ids: number[] = [];
        const pendingAmends: { id: number; ref: string }[] = [];
        for (const item of items) {
          const itemId = Number(insertItem.run(meetingId, item.number, item.title, ++itemPos).lastInsertRowid);
          ids.push(itemId);
          for (const mo of item.motions) {
            const id = Number(
              insertMotion.run({
                meeting_id: meetingId,
                item_id: itemId,
                ref: mo.ref,
                kind: mo.kind,
                title: mo.title,
                submitters: JSON.stringify(mo.submitters),
                supporters: JSON.stringify(mo.supporters),
                submitted_on: mo.submittedOn ?? null,
                summary: mo.summary ?? null,
                text: mo.text ?? null,
                board_advice: mo.boardAdvice,
                board_advice_text: mo.boardAdviceText ?? null,
                amends_motion_id: null,
                position: ++motionPos,
              }).lastInsertRowid,
            );
            if (mo.amends) pendingAmends.push({ id, ref: mo.amends });
          }
        }
        const link = db.prepare('UPDATE motions SET amends_motion_id = ? WHERE id = ?');
        for (const a of pendingAmends) link.run((motionByRef.get(meetingId, a.ref) as { id: number }).id, a.id);
        audit.append(meetingId, actor, 'agenda.added', { items: items.map((i) => ({ number: i.number, title: i.title, refs: i.motions.map((m) => m.ref) })) });
        events.emit('meeting-changed', { meetingId });
        return ids;
      });
      const all = this.agenda(meetingId);
      return all.filter((i) => created.includes(i.id));
    },

    motionByRef(meetingId: number, ref: string): { id: number; kind: MotionKind } | undefined {
      return motionByRef.get(meetingId, ref) as { id: number; kind: MotionKind } | undefined;
    },
    /** The refs of the amendments of a motion. */
    amendmentsOf: (motionId: number): string[] => amendmentsOfStmt.all(motionId) as string[],
    item(itemId: number): { id: number; meetingId: number; number: string; title: string; motionIds: number[] } {
      const row = itemStmt.get(itemId) as { id: number; meeting_id: number; number: string; title: string } | undefined;
      if (!row) throw new ApiError('not_found', { nl: `Agendapunt ${itemId} bestaat niet.`, en: `Agenda item ${itemId} does not exist.` });
      return { id: row.id, meetingId: row.meeting_id, number: row.number, title: row.title, motionIds: motionIdsOfItem.all(itemId) as number[] };
    },

    /** Writes a motion's editable fields inside the caller's transaction (the agenda editor checks them). */
    writeMotion(m: Motion & { amendsMotionId: number | null }): void {
      updateMotionStmt.run({
        id: m.id,
        ref: m.ref,
        kind: m.kind,
        title: m.title,
        submitters: JSON.stringify(m.submitters),
        supporters: JSON.stringify(m.supporters),
        submitted_on: m.submittedOn,
        summary: m.summary,
        text: m.text,
        board_advice: m.boardAdvice,
        board_advice_text: m.boardAdviceText,
        amends_motion_id: m.amendsMotionId,
      });
    },
    /** Removes a motion row inside the caller's transaction; a projector that showed it goes back to auto. */
    removeMotion(motionId: number): number[] {
      const meetingsShowing = projectorShowing.all(motionId) as number[];
      for (const meetingId of meetingsShowing) setProjectorStmt.run(null, meetingId);
      deleteMotionStmt.run(motionId);
      return meetingsShowing;
    },
    writeItem(itemId: number, number: string, title: string): void {
      updateItemStmt.run(number, title, itemId);
    },
    removeItem(itemId: number): void {
      deleteItemStmt.run(itemId);
    },

    /** What the projector of a meeting shows. */
    projector(meetingId: number): Projector {
      const motionId = getRow(meetingId).projector_motion_id;
      return motionId === null ? { show: 'auto' } : { show: 'motion', motionId };
    },
    /** `PUT /api/meetings/:id/projector`: audited; announced only when it changed. */
    setProjector(meetingId: number, input: unknown, actor: Actor): Projector {
      const current = getRow(meetingId).projector_motion_id;
      const parsed = ProjectorSchema.safeParse(input);
      if (!parsed.success) throw new ApiError('validation', { nl: zodMessage(parsed.error.issues), en: zodMessage(parsed.error.issues) });
      const wanted = parsed.data;
      const motionId = wanted.show === 'motion' ? wanted.motionId : null;
      if (motionId !== null) {
        const m = motion(motionId);
        if (m.meetingId !== meetingId) throw new ApiError('not_found', { nl: `Motie ${motionId} hoort niet bij deze vergadering.`, en: `Motion ${motionId} does not belong to this meeting.` });
      }
      if (motionId === current) return wanted;
      inTransaction(db, () => {
        setProjectorStmt.run(motionId, meetingId);
        audit.append(meetingId, actor, 'projector.changed', motionId === null ? { show: 'auto' } : { show: 'motion', motionId, ref: motion(motionId).ref });
        events.emit('projector-changed', { meetingId });
      });
      return wanted;
    },

    /** Sets statuses inside the caller's transaction (rounds open/close/cancel). */
    setStatus(motionId: number, status: MotionStatus): void {
      setStatusStmt.run(status, motionId);
    },
    setManualResult(motionId: number, status: MotionStatus, result: ManualResult | null): void {
      setManualStmt.run(status, result ? JSON.stringify(result) : null, motionId);
    },

    withdraw(motionId: number, actor: Actor): Motion {
      const m = motion(motionId);
      if (m.status === 'in_vote') throw new ApiError('invalid_state', { nl: 'Een motie in een geopende stemming kan niet worden ingetrokken.', en: 'A motion in an open round cannot be withdrawn.' });
      if (m.status !== 'submitted') throw new ApiError('invalid_state', { nl: `Motie ${m.ref} is al ${m.status === 'withdrawn' ? 'ingetrokken' : 'in stemming gebracht'}.`, en: `Motion ${m.ref} is already ${m.status}.` });
      inTransaction(db, () => {
        setStatusStmt.run('withdrawn', motionId);
        audit.append(m.meetingId, actor, 'motion.withdrawn', { motionId, ref: m.ref });
        events.emit('meeting-changed', { meetingId: m.meetingId });
      });
      return motion(motionId);
    },
  };
}

/** A staff PIN as stored: `salt:hash` in hex, scrypt (N 2^14), so the file does not give it away at a glance. */
function hashPin(pin: string): string {
  const salt = randomBytes(16);
  return `${salt.toString('hex')}:${scryptSync(pin, salt, 32).toString('hex')}`;
}

function pinMatches(stored: string, pin: string): boolean {
  const [salt, hash] = stored.split(':');
  const expected = Buffer.from(hash, 'hex');
  const actual = scryptSync(pin, Buffer.from(salt, 'hex'), expected.length);
  return timingSafeEqual(actual, expected);
}
