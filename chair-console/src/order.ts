/**
 * Agenda order and the usual voting order: an amendment is shown under the proposal it amends,
 * and voted before it. Pure functions over the meeting's agenda, no DOM.
 */
import { isAdopted } from '../../shared/decision.ts';
import type { AgendaItem, Motion, Outcome, Round, Tally } from '../../shared/schemas.ts';

export interface PlacedMotion {
  motion: Motion;
  item: AgendaItem;
  /** The motion this one amends (only for amendments whose target is found). */
  parent: Motion | null;
}

/** Agenda order for display: each proposal followed by its amendments. */
export function displayOrder(agenda: AgendaItem[]): PlacedMotion[] {
  const byRef = new Map<string, { motion: Motion; item: AgendaItem }>();
  for (const item of agenda) for (const motion of item.motions) byRef.set(motion.ref, { motion, item });
  const amendmentsOf = new Map<string, Motion[]>();
  for (const item of agenda) {
    for (const motion of item.motions) {
      if (motion.amends && byRef.has(motion.amends)) {
        const list = amendmentsOf.get(motion.amends) ?? [];
        list.push(motion);
        amendmentsOf.set(motion.amends, list);
      }
    }
  }
  const placed: PlacedMotion[] = [];
  for (const item of agenda) {
    for (const motion of item.motions) {
      if (motion.amends && byRef.has(motion.amends)) continue; // placed under its proposal
      placed.push({ motion, item, parent: null });
      for (const amendment of amendmentsOf.get(motion.ref) ?? []) {
        placed.push({ motion: amendment, item: byRef.get(amendment.ref)?.item ?? item, parent: motion });
      }
    }
  }
  return placed;
}

/** The usual voting order: as the agenda, but every amendment before the proposal it amends. */
export function voteOrder(agenda: AgendaItem[]): Motion[] {
  const display = displayOrder(agenda);
  const out: Motion[] = [];
  for (let i = 0; i < display.length; i++) {
    const entry = display[i];
    if (entry.parent) continue; // emitted with its proposal
    const amendments: Motion[] = [];
    for (let j = i + 1; j < display.length && display[j].parent?.id === entry.motion.id; j++) amendments.push(display[j].motion);
    out.push(...amendments, entry.motion);
  }
  return out;
}

export function isVotable(motion: Motion): boolean {
  return motion.status === 'submitted';
}

/** Motions already in a draft or open round (the console does not offer them again). */
export function motionsInPlay(rounds: { state: string; motionIds: number[] }[]): Set<number> {
  const ids = new Set<number>();
  for (const round of rounds) if (round.state === 'draft' || round.state === 'open') for (const id of round.motionIds) ids.add(id);
  return ids;
}

/** The next motion the chair usually puts to the vote, or null when nothing is left. */
export function suggestNext(agenda: AgendaItem[], inPlay: Set<number>): Motion | null {
  return voteOrder(agenda).find((m) => isVotable(m) && !inPlay.has(m.id)) ?? null;
}

/** Sorts chosen motion ids into the usual order. */
export function sortForVote(agenda: AgendaItem[], ids: Iterable<number>): number[] {
  const order = new Map(voteOrder(agenda).map((m, i) => [m.id, i]));
  return [...ids].sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9));
}

export interface OrderWarning {
  kind: 'amendment-pending' | 'amendment-with-proposal';
  proposal: Motion;
  amendments: Motion[];
}

/**
 * What a chair should know before opening: a chosen proposal with amendments that were not voted
 * yet, or an amendment chosen together with its proposal (the server refuses that).
 */
export function orderWarnings(agenda: AgendaItem[], chosen: Set<number>): OrderWarning[] {
  const warnings: OrderWarning[] = [];
  const display = displayOrder(agenda);
  for (const entry of display) {
    if (!chosen.has(entry.motion.id)) continue;
    const amendments = display.filter((e) => e.parent?.id === entry.motion.id).map((e) => e.motion);
    const together = amendments.filter((a) => chosen.has(a.id));
    if (together.length > 0) warnings.push({ kind: 'amendment-with-proposal', proposal: entry.motion, amendments: together });
    const pending = amendments.filter((a) => !chosen.has(a.id) && (a.status === 'submitted' || a.status === 'in_vote'));
    if (pending.length > 0) warnings.push({ kind: 'amendment-pending', proposal: entry.motion, amendments: pending });
  }
  return warnings;
}

/** The outcome if the round closed now (the decision rules of shared/decision.ts, as the server decides). */
export function projectedOutcome(tally: Tally, round: Pick<Round, 'majority'>): Outcome {
  return isAdopted(tally.for.weight, tally.against.weight, round, tally.quorumMet) ? 'adopted' : 'rejected';
}
