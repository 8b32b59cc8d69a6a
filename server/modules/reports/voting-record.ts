/**
 * The voting record (stemgedrag, docs/api.md "The voting record"): per member what it did on every
 * motion decided in an open round, as the VNG publishes it after the meeting. `buildVotingRecord`
 * is pure (the report's tests feed it fixtures); `votingRecord` gathers its input from the domain;
 * `renderVotingRecordCsv` writes it for a Dutch spreadsheet.
 */
import { byName } from '../../lib/collate.ts';
import { renderCsv, type CsvColumn, type CsvLang } from '../../lib/csv.ts';
import { describeChoice } from '../../../shared/labels.ts';
import { VOTING_RECORD_WORDS, type AgendaItem, type BallotChoice, type RollCallEntry, type Round, type VotingRecord } from '../../../shared/schemas.ts';
import type { CardsService } from '../cards/cards.service.ts';
import type { MeetingsService } from '../meetings/meetings.service.ts';
import type { MembersService } from '../members/members.service.ts';
import type { PresenceService } from '../presence/presence.service.ts';
import type { RoundsService } from '../rounds/rounds.service.ts';

/** What the voting record reads of the domain. */
export interface VotingRecordDomain {
  meetings: Pick<MeetingsService, 'get' | 'agenda'>;
  rounds: Pick<RoundsService, 'summaries' | 'row' | 'view'>;
  presence: Pick<PresenceService, 'presentAt'>;
  cards: Pick<CardsService, 'holders'>;
  members: Pick<MembersService, 'byId'>;
}

/** One member's choice on one motion as a cell of the record: `voor`, or a split as `voor 50 / tegen 20`. */
export function choiceCell(choice: BallotChoice): string {
  return describeChoice(choice, VOTING_RECORD_WORDS);
}

export interface VotingRecordInput {
  meetingId: number;
  agenda: AgendaItem[];
  /** The rounds of the meeting; only closed ones count, and per motion only the last closed round on it. */
  rounds: Pick<Round, 'id' | 'state' | 'secret' | 'practice' | 'motionIds' | 'closedAt' | 'tallies' | 'rollCall'>[];
  /** Every member that had a card in the meeting. */
  members: { code: string; name: string; weight: number }[];
  /** Per round: the codes of the members present when it closed. */
  presentAtClose: Map<number, Set<string>>;
}

/**
 * One column per motion whose last closed (not practice) round was an open one, in agenda order;
 * a motion decided last in a secret round has no column. A member's cell: its choice in that round,
 * else `niet gestemd` when it was present at the close, else `afwezig`.
 */
export function buildVotingRecord(input: VotingRecordInput): VotingRecord {
  const lastClosed = new Map<number, VotingRecordInput['rounds'][number]>();
  const closed = input.rounds.filter((r) => r.state === 'closed' && !r.practice).sort((a, b) => (a.closedAt ?? '').localeCompare(b.closedAt ?? '') || a.id - b.id);
  for (const round of closed) for (const motionId of round.motionIds) lastClosed.set(motionId, round);

  const columns: { motion: AgendaItem['motions'][number]; round: VotingRecordInput['rounds'][number] }[] = [];
  for (const item of input.agenda) {
    for (const motion of item.motions) {
      const round = lastClosed.get(motion.id);
      if (round && !round.secret) columns.push({ motion, round });
    }
  }
  // Per round: member code → its roll-call entry.
  const rollCalls = new Map<number, Map<string, RollCallEntry>>();
  for (const { round } of columns) {
    if (!rollCalls.has(round.id)) rollCalls.set(round.id, new Map((round.rollCall ?? []).map((e) => [e.memberCode, e])));
  }

  return {
    meetingId: input.meetingId,
    motions: columns.map(({ motion, round }) => ({
      id: motion.id,
      ref: motion.ref,
      title: motion.title,
      kind: motion.kind,
      roundId: round.id,
      outcome: round.tallies?.find((t) => t.motionId === motion.id)?.outcome ?? null,
    })),
    rows: [...input.members].sort(byName).map((member) => ({
      memberCode: member.code,
      name: member.name,
      weight: member.weight,
      cells: columns.map(({ motion, round }) => {
        const entry = rollCalls.get(round.id)!.get(member.code);
        const choice = entry?.choices.find((c) => c.motionId === motion.id);
        // A ballot cast by proxy names its holder: `voor (via volmacht GM0599 Naam)`.
        if (choice) return entry?.by ? `${choiceCell(choice)} (via volmacht ${entry.by} ${entry.byName ?? ''})`.replace(' )', ')') : choiceCell(choice);
        return input.presentAtClose.get(round.id)?.has(member.code) ? VOTING_RECORD_WORDS.notVoted : VOTING_RECORD_WORDS.absent;
      }),
    })),
  };
}

/** The meeting's voting record from the stored rounds, ballots and check-ins. */
export function votingRecord(domain: VotingRecordDomain, meetingId: number): VotingRecord {
  const meeting = domain.meetings.get(meetingId);
  const closed = domain.rounds
    .summaries(meetingId)
    .filter((s) => s.state === 'closed' && !s.practice)
    .map((s) => ({ ...s, row: domain.rounds.row(s.id) }))
    .sort((a, b) => (a.row.closed_at ?? '').localeCompare(b.row.closed_at ?? '') || a.id - b.id);
  const lastClosed = new Map<number, (typeof closed)[number]>();
  for (const round of closed) for (const motionId of round.motionIds) lastClosed.set(motionId, round);
  // Only the open rounds that give a column are read whole (with their roll calls); the others only
  // decide which round was last for a motion.
  const columnRounds = new Set([...lastClosed.values()].filter((r) => r.row.secret === 0).map((r) => r.id));
  const rounds: VotingRecordInput['rounds'] = closed.map((r) =>
    columnRounds.has(r.id) ? domain.rounds.view(r.id, 'public', true) : { id: r.id, state: r.state, secret: r.row.secret === 1, practice: false, motionIds: r.motionIds, closedAt: r.row.closed_at },
  );
  const presentAtClose = new Map<number, Set<string>>();
  for (const r of closed) {
    if (!columnRounds.has(r.id)) continue;
    presentAtClose.set(r.id, new Set(Array.from(domain.presence.presentAt(meetingId, r.row.closed_at!), (memberId) => domain.members.byId(memberId)!.code)));
  }
  const members = domain.cards.holders(meetingId).map((h) => {
    const m = domain.members.byId(h.memberId)!;
    return { code: m.code, name: m.name, weight: h.weight };
  });
  return buildVotingRecord({ meetingId: meeting.id, agenda: domain.meetings.agenda(meetingId), rounds, members, presentAtClose });
}

/** The record's words in English (the record itself says them in Dutch). */
const ENGLISH_WORDS: Record<string, string> = { voor: 'for', tegen: 'against', onthouding: 'abstain', 'niet gestemd': 'did not vote', afwezig: 'absent' };
const inEnglish = (cell: string) => cell.replace(/[a-z][a-z ]*[a-z]/g, (w) => ENGLISH_WORDS[w] ?? w);

/**
 * The record as CSV (../../lib/csv.ts: Dutch with `;` by default, English with `,`): a header
 * `Code;Lid;Stemmen;<ref>...` and one line per member.
 */
export function renderVotingRecordCsv(record: VotingRecord, lang: CsvLang = 'nl'): string {
  const columns: CsvColumn[] = [{ nl: 'Code', en: 'Code' }, { nl: 'Lid', en: 'Member' }, { nl: 'Stemmen', en: 'Weight' }, ...record.motions.map((m) => ({ nl: m.ref, en: m.ref }))];
  const word = lang === 'en' ? inEnglish : (cell: string) => cell;
  return renderCsv(columns, record.rows.map((row) => [{ code: row.memberCode }, row.name, row.weight, ...row.cells.map(word)]), lang);
}
