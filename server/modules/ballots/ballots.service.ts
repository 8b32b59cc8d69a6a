import { ApiError } from '../../../shared/errors.ts';
import { CHOICES, type BallotChoice, type BallotReceipt, type Choice, type Kiosk, type ScanResult, type Split } from '../../../shared/schemas.ts';
import { randomReceipt, seal, sha256, unseal } from '../../lib/crypto.ts';
import type { CardHolder, CardsService } from '../cards/cards.service.ts';
import type { DomainContext } from '../context.ts';
import type { MeetingsService } from '../meetings/meetings.service.ts';
import type { PresenceService } from '../presence/presence.service.ts';
import type { ProxiesService } from '../proxies/proxies.service.ts';
import type { RoundsService } from '../rounds/rounds.service.ts';
import type { VoterRecord } from '../rounds/open-round.ts';
import type { SecretBallots } from '../rounds/secret-ballots.ts';
import type { BallotWriter } from './ballot-writer.ts';

export interface CastResult extends BallotReceipt {
  /** false when the same nonce was sent again: nothing new was counted (HTTP 200 instead of 201). */
  created: boolean;
}

const SPLIT_KEYS = ['for', 'against', 'abstain'] as const;

/**
 * A split's parts, or null when they are not whole numbers ≥ 0 (missing ones are 0) summing to at
 * least 1 and at most `weight`, or name anything else. The whole weight on one choice is that choice.
 */
function parseSplit(raw: unknown, weight: number): Split | Choice | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const split: Split = { for: 0, against: 0, abstain: 0 };
  let sum = 0;
  for (const [key, value] of Object.entries(raw)) {
    if (!(SPLIT_KEYS as readonly string[]).includes(key) || !Number.isSafeInteger(value) || (value as number) < 0) return null;
    split[key as Choice] = value as number;
    sum += value as number;
  }
  if (sum < 1 || sum > weight) return null;
  const whole = SPLIT_KEYS.find((k) => split[k] === weight);
  return whole ?? split;
}

/**
 * The choices must name every motion of the round exactly once with a valid choice; with `split`
 * (a meeting that allows split votes) a choice may instead be `{"motionId","split":{...}}` whose
 * parts are at most the member's weight. Anything else is `invalid_choices`.
 */
export function parseChoices(raw: unknown[], motionIds: readonly number[], split?: { weight: number }): BallotChoice[] {
  const bad = () => new ApiError('invalid_choices');
  if (raw.length !== motionIds.length) throw bad();
  const byMotion = new Map<number, Choice | Split>();
  for (const c of raw) {
    if (typeof c !== 'object' || c === null) throw bad();
    const { motionId, choice } = c as Record<string, unknown>;
    if (typeof motionId !== 'number' || !motionIds.includes(motionId) || byMotion.has(motionId)) throw bad();
    if ('split' in c) {
      if (!split || choice !== undefined) throw bad();
      const parts = parseSplit((c as { split: unknown }).split, split.weight);
      if (parts === null) throw bad();
      byMotion.set(motionId, parts);
      continue;
    }
    if (typeof choice !== 'string' || !(CHOICES as readonly string[]).includes(choice)) throw bad();
    byMotion.set(motionId, choice as Choice);
  }
  // Stored in the round's motion order, whatever order the kiosk sent.
  return motionIds.map((motionId) => {
    const value = byMotion.get(motionId)!;
    return typeof value === 'string' ? { motionId, choice: value } : { motionId, split: value };
  });
}

export type BallotsService = ReturnType<typeof createBallots>;

export function createBallots(
  ctx: DomainContext,
  deps: {
    meetings: MeetingsService;
    presence: PresenceService;
    rounds: RoundsService;
    writer: BallotWriter;
    cards: CardsService;
    secretBallots: SecretBallots;
    proxies: ProxiesService;
  },
) {
  const { db, audit, events, now } = ctx;
  const { meetings, presence, rounds, writer, cards, secretBallots, proxies } = deps;
  const insertBallot = db.prepare('INSERT INTO ballots (round_id, member_id, weight, choices, nonce, receipt, cast_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insertParticipation = db.prepare('INSERT INTO participations (round_id, member_id, nonce_hash, sealed_receipt, cast_at) VALUES (?, ?, ?, ?, ?)');
  const insertProxyBallot = db.prepare('INSERT INTO ballots (round_id, member_id, weight, choices, nonce, receipt, cast_at, by_member_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const ballotByNonce = db.prepare('SELECT receipt, cast_at FROM ballots WHERE round_id = ? AND member_id = ? AND nonce = ?');
  const participation = db.prepare('SELECT nonce_hash, sealed_receipt, cast_at FROM participations WHERE round_id = ? AND member_id = ?');

  /** The receipt of a ballot already stored with this nonce, if any: a resend. */
  function storedResend(roundId: number, secret: boolean, memberId: number, nonce: string): BallotReceipt | null {
    if (!secret) {
      const row = ballotByNonce.get(roundId, memberId, nonce) as { receipt: string; cast_at: string } | undefined;
      return row ? { receipt: row.receipt, castAt: row.cast_at } : null;
    }
    const row = participation.get(roundId, memberId) as { nonce_hash: Buffer; sealed_receipt: Buffer; cast_at: string } | undefined;
    if (!row || !row.nonce_hash.equals(sha256(nonce))) return null;
    const receipt = unseal(nonce, row.sealed_receipt);
    return receipt ? { receipt, castAt: row.cast_at } : null;
  }

  // A meeting's requireCheckIn is set when it is created and never changes: read it once, not per ballot.
  const checkInRequired = new Map<number, boolean>();
  function requiresCheckIn(meetingId: number): boolean {
    let required = checkInRequired.get(meetingId);
    if (required === undefined) {
      required = meetings.get(meetingId).requireCheckIn;
      checkInRequired.set(meetingId, required);
    }
    return required;
  }

  function requirePresence(meetingId: number, holder: CardHolder): void {
    if (!presence.isPresent(meetingId, holder.member.id) && requiresCheckIn(meetingId)) throw new ApiError('not_checked_in');
  }

  /** The holder counts as present for its proxies: checked in, or in a meeting where a ballot checks in. */
  const holderPresent = (meetingId: number, holder: CardHolder): boolean => presence.isPresent(meetingId, holder.member.id) || !requiresCheckIn(meetingId);

  const ballotOf = (record: VoterRecord | undefined) => (record && record.choices && record.receipt ? { choices: record.choices, receipt: record.receipt, castAt: record.castAt } : null);

  return {
    scan(kiosk: Kiosk, code: string): ScanResult {
      const holder = cards.lookupAtKiosk(kiosk, code);
      const state = rounds.openRoundOf(kiosk.meetingId);
      if (!state) throw new ApiError('no_open_round');
      requirePresence(kiosk.meetingId, holder);
      // A meeting with proxies: the holder's card also carries the votes of its active proxies.
      const held = proxies.allowed(kiosk.meetingId) ? proxies.held(kiosk.meetingId, holder.member.id, holderPresent(kiosk.meetingId, holder)) : null;
      const done = (memberId: number) => state.hasVoted(memberId) && !state.allowChange;
      if (done(holder.member.id) && !held?.active.some((p) => !done(p.member.id))) throw new ApiError('already_voted');
      const record = state.voter(holder.member.id);
      const proxyPart = held
        ? {
            proxies: held.active.map((p) => ({ member: { code: p.member.code, name: p.member.name, weight: p.weight }, ballot: ballotOf(state.voter(p.member.id)) })),
            suspendedProxies: held.suspended,
          }
        : {};
      return {
        member: { code: holder.member.code, name: holder.member.name, weight: holder.weight },
        round: {
          id: state.id,
          motions: state.motions.map((m) => {
            const full = meetings.motion(m.id);
            return { id: m.id, ref: full.ref, title: full.title, kind: full.kind, boardAdvice: full.boardAdvice };
          }),
          allowChange: state.allowChange,
          secret: state.secret,
          practice: state.practice,
          allowSplit: state.allowSplit,
        },
        ballot: ballotOf(record),
        ...proxyPart,
      };
    },

    /** Validates now; stores with the next group commit; resolves only after the commit. */
    async cast(kiosk: Kiosk, input: { code: string; roundId: number; choices: unknown[]; nonce: string; onBehalfOf?: string }): Promise<CastResult> {
      const holder = cards.lookupAtKiosk(kiosk, input.code);
      // A ballot by proxy is the principal's own ballot: its member, weight, nonce and receipt.
      const principal = input.onBehalfOf === undefined ? null : proxies.principalOf(kiosk.meetingId, holder.member.id, input.onBehalfOf);
      const memberId = principal ? principal.id : holder.member.id;
      // An open round is in memory; only a round that is not open is read from the database.
      let state = rounds.live(input.roundId);
      if (state && state.meetingId !== kiosk.meetingId) state = undefined;
      const row = state ? null : rounds.findRow(input.roundId);
      if (!state && (!row || row.meeting_id !== kiosk.meetingId)) throw new ApiError('not_found', { nl: `Stemronde ${input.roundId} bestaat niet in deze vergadering.`, en: `Round ${input.roundId} does not exist in this meeting.` });
      const roundId = state ? state.id : row!.id;
      const secret = state ? state.secret : row!.secret === 1;
      // A resend of a ballot already acknowledged (or on its way) answers the same receipt.
      const inFlight = state?.inFlight(memberId, input.nonce);
      if (inFlight) return { ...(await inFlight), created: false };
      // In an open round every stored ballot has its member among the voters (also after a restart),
      // so a member without a voter record has nothing stored: no need to look for the nonce.
      const stored = state && !state.voter(memberId) ? null : storedResend(roundId, secret, memberId, input.nonce);
      if (stored) return { ...stored, created: false };
      if (!state) throw new ApiError('round_closed');
      requirePresence(kiosk.meetingId, holder);
      const weight = principal ? proxies.activeFor(kiosk.meetingId, holder.member.id, principal.code, holderPresent(kiosk.meetingId, holder)).weight : holder.weight;
      if (state.hasVoted(memberId) && !state.allowChange) throw new ApiError('already_voted');
      const parsed = parseChoices(input.choices, state.motions.map((m) => m.id), state.allowSplit ? { weight } : undefined);
      const choicesJson = JSON.stringify(parsed);
      const choices = state.choiceSets.get(choicesJson, parsed);

      const receipt = randomReceipt();
      const castAt = now();
      const actor = `kiosk:${kiosk.id}`;
      // The card's member checks in by voting (a meeting without check-in); a principal never does.
      const implicitCheckIn = !presence.isPresent(kiosk.meetingId, holder.member.id);
      const by = principal ? { by: holder.member.code } : {};
      let settle!: { resolve: (r: BallotReceipt) => void; reject: (e: unknown) => void };
      const promise = new Promise<BallotReceipt>((resolve, reject) => (settle = { resolve, reject }));
      // Holds the member's place until the ballot is stored or refused: one ballot per member.
      const held = state.hold(memberId, input.nonce, promise);
      let checkedInAt: string | null = null;

      writer.submit({
        write: () => {
          // First committed wins: a principal who checked in while this ballot was on its way suspends the proxy.
          if (principal) proxies.assertStillActive(kiosk.meetingId, holder.member.id, memberId, implicitCheckIn || holderPresent(kiosk.meetingId, holder));
          if (implicitCheckIn) checkedInAt = presence.writeCheckIn(kiosk.meetingId, holder.member, actor);
          const memberCode = principal ? principal.code : holder.member.code;
          if (state.secret) {
            insertParticipation.run(state.id, memberId, sha256(input.nonce), seal(input.nonce, receipt), castAt);
            secretBallots.add(state.id, { weight, choices: choicesJson, receipt });
            audit.append(state.meetingId, actor, 'ballot.cast', { roundId: state.id, memberCode, ...by, secret: true });
          } else {
            if (principal) insertProxyBallot.run(state.id, memberId, weight, choicesJson, input.nonce, receipt, castAt, holder.member.id);
            else insertBallot.run(state.id, memberId, weight, choicesJson, input.nonce, receipt, castAt);
            audit.append(state.meetingId, actor, state.voter(memberId) ? 'ballot.changed' : 'ballot.cast', {
              roundId: state.id,
              memberCode,
              ...by,
              weight,
              choices,
              receipt,
            });
          }
        },
        committed: () => {
          state.apply(memberId, { weight, choices, receipt, castAt });
          if (checkedInAt) presence.markPresent(kiosk.meetingId, holder.member.id, checkedInAt);
          state.settled(held);
          settle.resolve({ receipt, castAt });
          events.emit('round-changed', { meetingId: state.meetingId, roundId: state.id, cause: 'ballot' });
          if (checkedInAt) events.emit('presence-changed', { meetingId: state.meetingId });
        },
        failed: (err) => {
          state.settled(held);
          settle.reject(err);
        },
      });
      const result = await promise;
      return { ...result, created: true };
    },
  };
}
