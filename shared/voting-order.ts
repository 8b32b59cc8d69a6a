/**
 * The order of voting, shared by the server (`GET /api/meetings/:id/voting-order`) and the chair
 * console: an amendment is shown under the proposal it amends and voted before it. Pure functions
 * over the meeting's agenda and rounds; no DOM, no Node.
 */
import { isAdopted } from './decision.ts';
import type { Lang } from './errors.ts';
import type { AgendaItem, Motion, Round, Tally } from './schemas.ts';

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

/** Not decided yet: still to be voted on, or in a round now. */
export function isUndecided(motion: Motion): boolean {
  return motion.status === 'submitted' || motion.status === 'in_vote';
}

/** Motions already in a draft or open round (the console does not offer them again). */
export function motionsInPlay(rounds: { state: string; motionIds: number[] }[]): Set<number> {
  const ids = new Set<number>();
  for (const round of rounds) if (round.state === 'draft' || round.state === 'open') for (const id of round.motionIds) ids.add(id);
  return ids;
}

/** Practice motions already held in a closed practice round: they can be held again, but are not suggested. */
export function practiceHeld(rounds: { state: string; motionIds: number[]; practice?: boolean }[]): Set<number> {
  const ids = new Set<number>();
  for (const round of rounds) if (round.practice && round.state === 'closed') for (const id of round.motionIds) ids.add(id);
  return ids;
}

/**
 * The next motion the chair usually puts to the vote, or null when nothing is left: the first
 * votable motion in voting order that is not in a draft or open round, and not a practice motion
 * that was held already (`held`, see practiceHeld).
 */
export function suggestNext(agenda: AgendaItem[], inPlay: Set<number>, held: Set<number> = new Set()): Motion | null {
  return voteOrder(agenda).find((m) => isVotable(m) && !inPlay.has(m.id) && !held.has(m.id)) ?? null;
}

/** Sorts chosen motion ids into the usual order. */
export function sortForVote(agenda: AgendaItem[], ids: Iterable<number>): number[] {
  const order = new Map(voteOrder(agenda).map((m, i) => [m.id, i]));
  return [...ids].sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9));
}

const KIND_WORD: Record<Lang, Record<string, [string, string]>> = {
  nl: { amendment: ['amendement', 'amendementen'], proposal: ['voorstel', 'voorstellen'], resolution: ['resolutie', 'resoluties'], motion: ['motie', 'moties'], practice: ['proefstemming', 'proefstemmingen'] },
  en: { amendment: ['amendment', 'amendments'], proposal: ['proposal', 'proposals'], resolution: ['resolution', 'resolutions'], motion: ['motion', 'motions'], practice: ['practice vote', 'practice votes'] },
};

/** `8a.A1`, `8a.A1 en 8a.A2`, `8a.A1, 8a.A2 en 8a.A3` (`and` in English). */
export function listRefs(refs: string[], lang: Lang): string {
  const and = lang === 'nl' ? 'en' : 'and';
  return refs.length <= 1 ? (refs[0] ?? '') : `${refs.slice(0, -1).join(', ')} ${and} ${refs.at(-1)}`;
}

/** "eerst amendement 8a.A1, dan voorstel 8a.P" / "first amendment 8a.A1, then proposal 8a.P". */
export function orderSentence(proposal: Pick<Motion, 'ref' | 'kind'>, amendments: Pick<Motion, 'ref'>[], lang: Lang): string {
  const amendmentWord = KIND_WORD[lang].amendment[amendments.length === 1 ? 0 : 1];
  const proposalWord = KIND_WORD[lang][proposal.kind]?.[0] ?? proposal.kind;
  const refs = listRefs(amendments.map((a) => a.ref), lang);
  return lang === 'nl' ? `eerst ${amendmentWord} ${refs}, dan ${proposalWord} ${proposal.ref}` : `first ${amendmentWord} ${refs}, then ${proposalWord} ${proposal.ref}`;
}

export interface OrderStep {
  proposal: Motion;
  /** Its amendments not decided yet, in agenda order. */
  amendments: Motion[];
}

/** Every proposal not decided yet with amendments not decided yet: what the chair should vote first. */
export function orderSteps(agenda: AgendaItem[]): OrderStep[] {
  const display = displayOrder(agenda);
  const steps: OrderStep[] = [];
  for (const entry of display) {
    if (entry.parent || !isUndecided(entry.motion)) continue;
    const amendments = display.filter((e) => e.parent?.id === entry.motion.id && isUndecided(e.motion)).map((e) => e.motion);
    if (amendments.length > 0) steps.push({ proposal: entry.motion, amendments });
  }
  return steps;
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
    const pending = amendments.filter((a) => !chosen.has(a.id) && isUndecided(a));
    if (pending.length > 0) warnings.push({ kind: 'amendment-pending', proposal: entry.motion, amendments: pending });
  }
  return warnings;
}

/** A warning as a sentence for the chair. */
export function warningMessage(warning: OrderWarning, lang: Lang): string {
  const refs = listRefs(warning.amendments.map((a) => a.ref), lang);
  const one = warning.amendments.length === 1;
  const proposal = `${KIND_WORD[lang][warning.proposal.kind]?.[0] ?? warning.proposal.kind} ${warning.proposal.ref}`;
  const sentence = orderSentence(warning.proposal, warning.amendments, lang);
  if (warning.kind === 'amendment-with-proposal') {
    return lang === 'nl'
      ? `${one ? 'Amendement' : 'Amendementen'} ${refs} en ${proposal} kunnen niet in één stemronde: ${sentence}.`
      : `${one ? 'Amendment' : 'Amendments'} ${refs} and ${proposal} cannot be in one round: ${sentence}.`;
  }
  return lang === 'nl'
    ? `Over ${one ? 'amendement' : 'amendementen'} ${refs} op ${proposal} is nog niet besloten: ${sentence}.`
    : `${one ? 'Amendment' : 'Amendments'} ${refs} to ${proposal} ${one ? 'is' : 'are'} not decided yet: ${sentence}.`;
}

/** The outcome if the round closed now (the decision rules of docs/api.md, whole numbers). */
export function projectedOutcome(tally: Tally, round: Pick<Round, 'majority'>): 'adopted' | 'rejected' {
  return isAdopted(tally.for.weight, tally.against.weight, round, tally.quorumMet) ? 'adopted' : 'rejected';
}
