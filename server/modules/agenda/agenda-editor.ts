/**
 * The chair's edits of the agenda (docs/api.md, "Motions, agenda and the projector"): change or
 * remove a motion or an agenda item that was never voted on. A motion counts as voted on once it
 * was in a round that opened, or when its result was recorded by hand; after that it belongs to
 * the minutes and stays as it was. Every edit is audited.
 */
import { ApiError } from '../../../shared/errors.ts';
import { AgendaItemPatchSchema, MotionPatchSchema, type AgendaItem, type Motion } from '../../../shared/schemas.ts';
import type { Actor } from '../audit/audit.ts';
import { inTransaction, type DomainContext } from '../context.ts';
import type { RoundsService } from '../rounds/rounds.service.ts';
import { amendsProblem, zodMessage, type MeetingsService } from '../meetings/meetings.service.ts';

export type AgendaEditor = ReturnType<typeof createAgendaEditor>;

type StoredMotion = ReturnType<MeetingsService['motion']>;

/** The fields of `PATCH /api/motions/:id` in the order they are compared and audited. */
const EDITABLE = ['ref', 'kind', 'title', 'submitters', 'supporters', 'submittedOn', 'summary', 'text', 'boardAdvice', 'boardAdviceText', 'amends'] as const;

export function createAgendaEditor(ctx: DomainContext, deps: { meetings: MeetingsService; rounds: RoundsService }) {
  const { db, audit, events } = ctx;
  const { meetings, rounds } = deps;

  /** Throws 409 when the motion was in a round that opened, or decided by hand. */
  function assertNeverVoted(m: StoredMotion, what: { nl: string; en: string }): void {
    const opened = rounds.roundsOfMotion(m.id).find((r) => r.opened);
    if (opened) {
      throw new ApiError('invalid_state', {
        nl: `${m.ref} is in stemming gebracht (stemronde ${opened.id}) en kan niet meer worden ${what.nl}.`,
        en: `${m.ref} was put to the vote (round ${opened.id}) and can no longer be ${what.en}.`,
      });
    }
    if (m.manualResult) {
      throw new ApiError('invalid_state', {
        nl: `Over ${m.ref} is een uitslag vastgelegd; het kan niet meer worden ${what.nl}.`,
        en: `A result was recorded for ${m.ref}; it can no longer be ${what.en}.`,
      });
    }
  }

  function validation(issues: { path: PropertyKey[]; message: string }[]): ApiError {
    return new ApiError('validation', { nl: zodMessage(issues), en: zodMessage(issues) });
  }

  /** Announces what an edit changed: inside its transaction, so the bus delivers it after the commit. */
  function announce(meetingId: number, changedRounds: number[], projectorReset: boolean): void {
    events.emit('meeting-changed', { meetingId });
    for (const roundId of changedRounds) events.emit('round-changed', { meetingId, roundId, cause: 'edited' });
    if (projectorReset) events.emit('projector-changed', { meetingId });
  }

  function draftRoundsOf(motionId: number): number[] {
    return rounds
      .roundsOfMotion(motionId)
      .filter((r) => r.state === 'draft')
      .map((r) => r.id);
  }

  /** Deletes motions inside the caller's transaction; returns the rounds changed and whether a projector went back to auto. */
  function removeMotions(list: StoredMotion[], actor: Actor): { changedRounds: number[]; projectorReset: boolean } {
    const changedRounds = new Set<number>();
    let projectorReset = false;
    // Amendments first: they point at their proposal.
    const ordered = [...list].sort((a, b) => Number(b.kind === 'amendment') - Number(a.kind === 'amendment'));
    for (const m of ordered) {
      for (const roundId of rounds.releaseMotion(m.id, actor)) changedRounds.add(roundId);
      if (meetings.removeMotion(m.id).length > 0) projectorReset = true;
    }
    return { changedRounds: [...changedRounds], projectorReset };
  }

  return {
    /** `PATCH /api/motions/:id`. */
    patchMotion(motionId: number, input: unknown, actor: Actor): Motion {
      const m = meetings.motion(motionId);
      const parsed = MotionPatchSchema.safeParse(input ?? {});
      if (!parsed.success) throw validation(parsed.error.issues);
      const patch = parsed.data;
      assertNeverVoted(m, { nl: 'gewijzigd', en: 'changed' });

      const next: StoredMotion = { ...m };
      for (const key of EDITABLE) {
        const value = patch[key];
        if (value !== undefined) (next as Record<string, unknown>)[key] = value;
      }
      // An amendment that becomes another kind leaves its proposal, unless amends is sent as well.
      if (patch.kind !== undefined && patch.kind !== 'amendment' && patch.amends === undefined) next.amends = null;
      const invalid = (nl: string, en: string) => new ApiError('validation', { nl, en });
      if (next.ref !== m.ref && meetings.motionByRef(m.meetingId, next.ref)) throw invalid(`ref: ${next.ref} komt al voor in deze vergadering`, `ref: ${next.ref} is already used in this meeting`);
      const target = next.amends ? meetings.motionByRef(m.meetingId, next.amends) : undefined;
      if (target?.id === m.id) throw invalid(`amends: ${next.ref} kan zichzelf niet wijzigen`, `amends: ${next.ref} cannot amend itself`);
      const problem = amendsProblem(next.ref, next.kind, next.amends, target?.kind);
      if (problem) throw problem;
      next.amendsMotionId = target?.id ?? null;
      if (next.kind !== 'proposal' && next.kind !== 'resolution') {
        const amendments = meetings.amendmentsOf(m.id);
        if (amendments.length > 0) {
          throw invalid(
            `kind: ${amendments.join(', ')} ${amendments.length === 1 ? 'wijzigt' : 'wijzigen'} ${m.ref}; alleen een voorstel of resolutie kan worden geamendeerd`,
            `kind: ${amendments.join(', ')} ${amendments.length === 1 ? 'amends' : 'amend'} ${m.ref}; only a proposal or resolution can be amended`,
          );
        }
      }

      const changes: Record<string, unknown> = {};
      for (const key of EDITABLE) if (JSON.stringify(next[key]) !== JSON.stringify(m[key])) changes[key] = next[key];
      if (Object.keys(changes).length === 0) return m;
      const drafts = draftRoundsOf(m.id);
      inTransaction(db, () => {
        meetings.writeMotion(next);
        // A draft round on this motion must still be one that can be held (practice apart, amendment
        // apart from its proposal).
        rounds.checkDraftsOf(m.id);
        audit.append(m.meetingId, actor, 'motion.updated', { motionId: m.id, ref: m.ref, changes });
        announce(m.meetingId, drafts, false);
      });
      return meetings.motion(motionId);
    },

    /** `DELETE /api/motions/:id`: also takes it out of draft rounds (a draft left empty is cancelled). */
    deleteMotion(motionId: number, actor: Actor): void {
      const m = meetings.motion(motionId);
      assertNeverVoted(m, { nl: 'verwijderd', en: 'deleted' });
      const amendments = meetings.amendmentsOf(m.id);
      if (amendments.length > 0) {
        throw new ApiError('invalid_state', {
          nl: `${amendments.join(', ')} ${amendments.length === 1 ? 'wijzigt' : 'wijzigen'} ${m.ref}; verwijder die eerst of laat ze een ander voorstel wijzigen.`,
          en: `${amendments.join(', ')} ${amendments.length === 1 ? 'amends' : 'amend'} ${m.ref}; delete them first or let them amend another proposal.`,
        });
      }
      inTransaction(db, () => {
        const effects = removeMotions([m], actor);
        audit.append(m.meetingId, actor, 'motion.deleted', { motionId: m.id, ref: m.ref, title: m.title });
        announce(m.meetingId, effects.changedRounds, effects.projectorReset);
      });
    },

    /** `PATCH /api/agenda-items/:id`: its number or title, while none of its motions was voted on. */
    patchItem(itemId: number, input: unknown, actor: Actor): AgendaItem {
      const item = meetings.item(itemId);
      const parsed = AgendaItemPatchSchema.safeParse(input ?? {});
      if (!parsed.success) throw validation(parsed.error.issues);
      const motions = item.motionIds.map((id) => meetings.motion(id));
      for (const m of motions) assertNeverVoted(m, { nl: 'gewijzigd (agendapunt)', en: 'changed (agenda item)' });
      const number = parsed.data.number ?? item.number;
      const title = parsed.data.title ?? item.title;
      if (number !== item.number || title !== item.title) {
        inTransaction(db, () => {
          meetings.writeItem(itemId, number, title);
          audit.append(item.meetingId, actor, 'agenda.item_updated', { itemId, number, title, was: { number: item.number, title: item.title } });
          announce(item.meetingId, [], false);
        });
      }
      return meetings.agenda(item.meetingId).find((i) => i.id === itemId)!;
    },

    /** `DELETE /api/agenda-items/:id`: the item with its motions, while none was voted on. */
    deleteItem(itemId: number, actor: Actor): void {
      const item = meetings.item(itemId);
      const motions = item.motionIds.map((id) => meetings.motion(id));
      for (const m of motions) assertNeverVoted(m, { nl: 'verwijderd (agendapunt)', en: 'deleted (agenda item)' });
      const inItem = new Set(item.motionIds);
      for (const m of motions) {
        const outside = meetings.amendmentsOf(m.id).filter((ref) => !inItem.has(meetings.motionByRef(item.meetingId, ref)!.id));
        if (outside.length > 0) {
          throw new ApiError('invalid_state', {
            nl: `${outside.join(', ')} (op een ander agendapunt) ${outside.length === 1 ? 'wijzigt' : 'wijzigen'} ${m.ref}; verwijder die eerst.`,
            en: `${outside.join(', ')} (under another agenda item) ${outside.length === 1 ? 'amends' : 'amend'} ${m.ref}; delete them first.`,
          });
        }
      }
      inTransaction(db, () => {
        const effects = removeMotions(motions, actor);
        meetings.removeItem(itemId);
        audit.append(item.meetingId, actor, 'agenda.item_deleted', { itemId, number: item.number, title: item.title, refs: motions.map((m) => m.ref) });
        announce(item.meetingId, effects.changedRounds, effects.projectorReset);
      });
    },
  };
}
