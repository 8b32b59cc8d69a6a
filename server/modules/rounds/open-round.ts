/**
 * One open round in memory, and the only code that changes it: counting a committed ballot (and
 * taking the member's earlier one out), holding the place of ballots on their way to the disk,
 * rebuilding it all from the stored ballots at start, and the final tallies with the present weight
 * frozen at close. Pure: no database, no clock; `rounds.service` feeds it rows and decides when.
 */
import type { DecisionRule } from '../../../shared/decision.ts';
import type { BallotChoice, Tally, WeightCount } from '../../../shared/schemas.ts';
import { applyChoices, buildTally, ChoiceSets, emptyTotals, recount, type MotionTotals } from './tally.ts';

export interface MotionRef {
  id: number;
  ref: string;
}

/** A member's committed ballot as memory keeps it. Secret rounds keep no choices and no receipt. */
export interface VoterRecord {
  weight: number;
  choices: BallotChoice[] | null;
  receipt: string | null;
  castAt: string;
}

/** A stored ballot as the database gives it back: the latest of its member; a secret one without member. */
export interface StoredBallot {
  memberId: number | null;
  weight: number;
  choices: BallotChoice[];
  receipt: string | null;
  castAt: string | null;
}

/** A member of a secret round that voted (its choices are only in the totals). */
export interface Participant {
  memberId: number;
  weight: number;
  castAt: string;
}

export interface Receipt {
  receipt: string;
  castAt: string;
}

/** A ballot validated and queued but not committed yet: it holds its member's place in the round. */
export interface PendingBallot {
  memberId: number;
  nonce: string;
  promise: Promise<Receipt>;
}

export interface OpenRoundInfo {
  id: number;
  meetingId: number;
  secret: boolean;
  allowChange: boolean;
  /** A proefstemming: on close its motions go back to `submitted`. */
  practice: boolean;
  /** A ballot may split the member's weight (a meeting that allows it; never in a secret round). */
  allowSplit: boolean;
  motions: readonly MotionRef[];
}

export class OpenRound {
  readonly id: number;
  readonly meetingId: number;
  readonly secret: boolean;
  readonly allowChange: boolean;
  readonly practice: boolean;
  readonly allowSplit: boolean;
  readonly motions: readonly MotionRef[];
  /** The distinct sets of choices cast in this round, one frozen list each, shared by the voters. */
  readonly choiceSets = new ChoiceSets();
  private readonly totals: Map<number, MotionTotals>;
  private readonly voters = new Map<number, VoterRecord>();
  private readonly pending = new Map<number, PendingBallot[]>();
  private readonly votedSoFar: WeightCount = { weight: 0, count: 0 };

  constructor(info: OpenRoundInfo) {
    this.id = info.id;
    this.meetingId = info.meetingId;
    this.secret = info.secret;
    this.allowChange = info.allowChange;
    this.practice = info.practice;
    this.allowSplit = info.allowSplit;
    this.motions = info.motions;
    this.totals = new Map(info.motions.map((m) => [m.id, emptyTotals()]));
  }

  /**
   * The round as the stored ballots say (at start, and when it opens): the same counting as for a
   * ballot cast now. A secret round's ballots carry no member; its voters come from `participants`.
   */
  static restore(info: OpenRoundInfo, ballots: (sets: ChoiceSets) => Iterable<StoredBallot>, participants: Iterable<Participant> = []): OpenRound {
    const round = new OpenRound(info);
    for (const b of ballots(round.choiceSets)) {
      if (info.secret) round.count(b.choices, b.weight, 1);
      else round.apply(b.memberId!, { weight: b.weight, choices: b.choices, receipt: b.receipt!, castAt: b.castAt! });
    }
    if (info.secret) for (const p of participants) round.remember(p.memberId, { weight: p.weight, choices: null, receipt: null, castAt: p.castAt });
    return round;
  }

  /** A committed ballot: counted with the member's weight, replacing the member's earlier ballot. */
  apply(memberId: number, ballot: { weight: number; choices: BallotChoice[]; receipt: string; castAt: string }): void {
    const before = this.voters.get(memberId);
    if (before?.choices) this.count(before.choices, before.weight, -1);
    else if (before) throw new Error(`round ${this.id}: a secret ballot cannot be replaced`);
    this.count(ballot.choices, ballot.weight, 1);
    this.remember(memberId, this.secret ? { weight: ballot.weight, choices: null, receipt: null, castAt: ballot.castAt } : { ...ballot });
  }

  /** True when the member has a committed ballot or one on its way. */
  hasVoted(memberId: number): boolean {
    return this.voters.has(memberId) || this.pending.has(memberId);
  }

  voter(memberId: number): VoterRecord | undefined {
    return this.voters.get(memberId);
  }

  /** The members with a committed ballot and their records (for the roll call and who has not voted). */
  committedVoters(): ReadonlyMap<number, VoterRecord> {
    return this.voters;
  }

  voted(): WeightCount {
    return { ...this.votedSoFar };
  }

  /** Holds the member's place for a ballot on its way to the disk; `settled` lets it go. */
  hold(memberId: number, nonce: string, promise: Promise<Receipt>): PendingBallot {
    const entry = { memberId, nonce, promise };
    const list = this.pending.get(memberId);
    if (list) list.push(entry);
    else this.pending.set(memberId, [entry]);
    return entry;
  }

  settled(entry: PendingBallot): void {
    const list = this.pending.get(entry.memberId);
    if (!list) return;
    const rest = list.filter((p) => p !== entry);
    if (rest.length > 0) this.pending.set(entry.memberId, rest);
    else this.pending.delete(entry.memberId);
  }

  /** The ballot with this nonce still on its way, if any: a resend waits for it. */
  inFlight(memberId: number, nonce: string): Promise<Receipt> | undefined {
    return this.pending.get(memberId)?.find((p) => p.nonce === nonce)?.promise;
  }

  /** Tallies as they stand, with present and entitled as they are now (no outcome yet). */
  tallies(present: WeightCount, entitled: WeightCount, rule: DecisionRule): Tally[] {
    return this.motions.map((m) => buildTally(m, this.totals.get(m.id)!, present, entitled, rule, false));
  }

  /**
   * The tallies recorded at close: a recount of the stored ballots (the disk, not memory, decides),
   * with the present weight frozen at this moment, and the outcome.
   */
  closingTallies(stored: Iterable<StoredBallot>, present: WeightCount, entitled: WeightCount, rule: DecisionRule): Tally[] {
    const totals = recount(this.motions.map((m) => m.id), stored);
    return this.motions.map((m) => buildTally(m, totals.get(m.id)!, present, entitled, rule, true));
  }

  /** Adds (1) or takes away (-1) one member's choices with its weight. */
  private count(choices: readonly BallotChoice[], weight: number, sign: 1 | -1): void {
    applyChoices(this.totals, choices, weight, sign);
  }

  private remember(memberId: number, record: VoterRecord): void {
    const before = this.voters.get(memberId);
    if (before) this.votedSoFar.weight -= before.weight;
    else this.votedSoFar.count++;
    this.votedSoFar.weight += record.weight;
    this.voters.set(memberId, record);
  }
}
