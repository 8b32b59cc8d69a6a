/**
 * What a ballot at the desk is made of, apart from the flow that fills it (voting.ts): the views the
 * voting machine shows, its timing, a member's marks and splits and their checks, and a ballot's nonce.
 */
import type { Choice, Split } from '../../shared/schemas.ts';
import type { FailureReason } from '../../client-kit/api.ts';
import type { BallotInput, KioskMember, KioskScan } from './api.ts';


export type IdleNotice = 'timedOut' | 'cancelled' | 'roundClosedWhileChoosing' | 'roundCancelledWhileChoosing';
export type ScanRound = KioskScan['round'];
/** What a voter marked for one motion: one choice, or (a meeting with allowSplit) a split of its weight. */
export type Marked = Choice | { split: Split };
export type Choices = Readonly<Record<number, Marked>>;
export type SplitPart = keyof Split;
export const SPLIT_PARTS: readonly SplitPart[] = ['for', 'against', 'abstain'];

/** One ballot a card carries: its member's own, or a principal's by proxy (volmacht). */
export interface CarriedBallot {
  member: KioskMember;
  /** The principal's code for a ballot by proxy; null for the card's own member. */
  onBehalfOf: string | null;
  earlier: KioskScan['ballot'];
}

/** What became of one ballot of a card with proxies: its receipt, or why it was refused. */
export interface CarriedReceipt {
  member: KioskMember;
  byProxy: boolean;
  receipt: string | null;
  castAt: string | null;
  reason: FailureReason | null;
}

/**
 * A card whose member holds proxies (docs/api.md, "Proxy votes"): the ballots it carries one after
 * the other. Absent for every other card, whose screens are as they always were.
 */
export interface ProxyContext {
  /** This ballot is cast by proxy for the member shown. */
  byProxy: boolean;
  /** The holder (the card's member). */
  holder: KioskMember;
  /** The ballots still to come after this one. */
  next: KioskMember[];
  /** Proxies the card holds that are suspended now (the principal came in): shown, not offered. */
  suspended: KioskMember[];
  /** What became of this card's ballots so far (the receipt screen lists them all). */
  receipts: CarriedReceipt[];
}

export type VotingView =
  | { kind: 'idle'; notice: IdleNotice | null }
  | { kind: 'looking-up' }
  | {
      kind: 'choosing';
      member: KioskMember;
      round: ScanRound;
      choices: Choices;
      /** The member voted before in this round (allowChange) and sees those choices. */
      changing: boolean;
      /** Motion ids still without a choice, set when the person tried to go on too early. */
      missing: number[];
      /** Motion ids whose split is not 1..weight votes, set when the person tried to go on. */
      badSplits: number[];
      notice: 'roundChanged' | null;
      /** Idle for a while: the ballot will be dropped soon unless the voter extends. */
      warning: boolean;
      proxy?: ProxyContext;
    }
  | { kind: 'confirm'; member: KioskMember; round: ScanRound; choices: Choices; changing: boolean; warning: boolean; proxy?: ProxyContext }
  | { kind: 'sending'; member: KioskMember; round: ScanRound; choices: Choices; changing: boolean; retrying: boolean; proxy?: ProxyContext }
  | { kind: 'receipt'; member: KioskMember; round: ScanRound; choices: Choices; replaced: boolean; receipt: string; castAt: string; proxy?: ProxyContext }
  | {
      kind: 'error';
      reason: FailureReason;
      serverMessage: string | null;
      /**
       * The ballot was sent more than once (the connection dropped) and then refused: the first
       * send may have been stored, so the kiosk must not say "nothing was cast" either.
       */
      uncertain: boolean;
    };

export interface VotingDeps {
  scan(code: string): Promise<KioskScan>;
  castBallot(input: BallotInput): Promise<{ receipt: string; castAt: string }>;
  newNonce(): string;
}

export interface VotingTiming {
  /** Idle time while choosing or confirming before the warning. */
  inactivityMs: number;
  /** Time the warning stays before the ballot is dropped (at least 20 s: WCAG 2.2.1). */
  warningMs: number;
  receiptMs: number;
  /** A secret round's receipt: at most this long on screen (docs/api.md, "Closing a secret round"). */
  secretReceiptMs: number;
  errorMs: number;
  noticeMs: number;
  /** Pauses between resends of a ballot without an answer; the last one repeats. */
  retryDelaysMs: readonly number[];
}

export const DEFAULT_VOTING_TIMING: VotingTiming = {
  inactivityMs: 60_000,
  warningMs: 30_000,
  // Long enough to read, note or photograph the receipt; "Klaar" or the next card ends it sooner.
  receiptMs: 180_000,
  secretReceiptMs: 10_000,
  errorMs: 10_000,
  noticeMs: 10_000,
  retryDelaysMs: [300, 1_000, 2_000, 4_000],
};


export function missingOf(round: ScanRound, choices: Choices): number[] {
  return round.motions.filter((m) => choices[m.id] === undefined).map((m) => m.id);
}

export function splitSum(split: Split): number {
  return split.for + split.against + split.abstain;
}

export function splitValid(split: Split, weight: number): boolean {
  const sum = splitSum(split);
  return SPLIT_PARTS.every((p) => Number.isInteger(split[p]) && split[p] >= 0) && sum >= 1 && sum <= weight;
}

export function badSplitsOf(round: ScanRound, choices: Choices, weight: number): number[] {
  return round.motions
    .filter((m) => {
      const marked = choices[m.id];
      return marked !== undefined && typeof marked !== 'string' && !splitValid(marked.split, weight);
    })
    .map((m) => m.id);
}

export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
