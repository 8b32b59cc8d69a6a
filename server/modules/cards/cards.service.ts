import { ApiError } from '../../../shared/errors.ts';
import type { Kiosk, WeightCount } from '../../../shared/schemas.ts';
import { CARD_RANDOM_DIGITS, dammDigit, isValidCardCode, normalizeCardCode } from '../../../shared/card-code.ts';
import { hmacSha256, randomDigits } from '../../lib/crypto.ts';
import type { Actor } from '../audit/audit.ts';
import { afterCommit, inOpenTransaction, inTransaction } from '../../db/transaction.ts';
import type { DomainContext } from '../context.ts';
import type { MeetingsService } from '../meetings/meetings.service.ts';
import type { MemberInfo, MembersService } from '../members/members.service.ts';
import { UnknownScanDelay } from './scan-limiter.ts';

/** A fresh card code: 24 digits from the cryptographic source and the Damm check digit. */
export function generateCardCode(): string {
  const digits = randomDigits(CARD_RANDOM_DIGITS);
  return digits + String(dammDigit(digits));
}

export interface IssuedCard {
  memberCode: string;
  name: string;
  weight: number;
  code: string;
}

/** Cards with their codes, made but not yet stored (`prepareIssue`, `prepareReissue`). */
export interface PendingCards {
  readonly cards: IssuedCard[];
  /** Stores the cards in one transaction; throws (storing nothing) when that is no longer possible. */
  commit(): IssuedCard[];
}

export interface CardHolder {
  meetingId: number;
  member: MemberInfo;
  /** The member's frozen weight in the card's meeting. */
  weight: number;
}

export type CardsService = ReturnType<typeof createCards>;

export interface CardsOptions {
  /** The HMAC key of card codes (kept outside the database). */
  key: Buffer;
  /** Unknown codes answered at once per kiosk before their answers are held (scan-limiter.ts). */
  unknownScanLimit?: number;
  /** A streak of unknown codes is forgotten after this long without one. */
  unknownScanWindowS?: number;
  /** The first held answer (ms); doubling per code, at most `unknownScanMaxDelayMs`. */
  unknownScanDelayMs?: number;
  unknownScanMaxDelayMs?: number;
}

/** Called inside the transaction that revokes a member's card (presence checks the member out). */
export type RevokeListener = (meetingId: number, member: MemberInfo, actor: Actor) => void;

export function createCards(ctx: DomainContext, deps: { members: MembersService; meetings: MeetingsService }, opts: CardsOptions) {
  const { members, meetings } = deps;
  const key = opts.key;
  const maxMs = opts.unknownScanMaxDelayMs ?? 5000;
  // Held answers at most two of the longest ahead: within the kiosk's 10 s request timeout.
  const guesses = new UnknownScanDelay({ free: opts.unknownScanLimit ?? 3, windowMs: (opts.unknownScanWindowS ?? 60) * 1000, baseMs: opts.unknownScanDelayMs ?? 500, maxMs, backlogMs: 2 * maxMs });
  const revokeListeners: RevokeListener[] = [];
  const { db, audit, events, now } = ctx;
  const byHash = db.prepare('SELECT id, meeting_id, member_id, revoked_at FROM cards WHERE code_hash = ?');
  const activeOf = db.prepare('SELECT id FROM cards WHERE meeting_id = ? AND member_id = ? AND revoked_at IS NULL');
  const insertCard = db.prepare('INSERT INTO cards (meeting_id, member_id, code_hash, issued_at) VALUES (?, ?, ?, ?)');
  const revokeCard = db.prepare('UPDATE cards SET revoked_at = ? WHERE id = ?');
  const withoutCard = db.prepare(`SELECT m.id FROM members m WHERE NOT EXISTS
    (SELECT 1 FROM cards c WHERE c.meeting_id = ? AND c.member_id = m.id AND c.revoked_at IS NULL) ORDER BY m.name COLLATE NOCASE, m.code`);
  const freezeAll = db.prepare('INSERT OR IGNORE INTO meeting_members (meeting_id, member_id, weight) SELECT ?, id, weight FROM members');
  const freezeOne = db.prepare('INSERT OR IGNORE INTO meeting_members (meeting_id, member_id, weight) VALUES (?, ?, ?)');
  const markFrozen = db.prepare('UPDATE meetings SET weights_frozen_at = ? WHERE id = ? AND weights_frozen_at IS NULL');
  const frozenWeights = db.prepare('SELECT member_id, weight FROM meeting_members WHERE meeting_id = ?');
  const entitledStmt = db.prepare(`SELECT c.member_id, mm.weight FROM cards c
    JOIN meeting_members mm ON mm.meeting_id = c.meeting_id AND mm.member_id = c.member_id
    WHERE c.meeting_id = ? AND c.revoked_at IS NULL`);

  const holdersStmt = db.prepare(`SELECT DISTINCT c.member_id, mm.weight FROM cards c
    JOIN meeting_members mm ON mm.meeting_id = c.meeting_id AND mm.member_id = c.member_id WHERE c.meeting_id = ?`);
  const activeCards = db.prepare('SELECT member_id, code_hash FROM cards WHERE meeting_id = ? AND revoked_at IS NULL');
  const weightOf = db.prepare('SELECT weight FROM meeting_members WHERE meeting_id = ? AND member_id = ?').pluck();

  const hash = (code: string) => hmacSha256(key, code);

  /**
   * Frozen weights and entitled members (those with an active card) per meeting, in memory: read on
   * first use, dropped after every commit that changes the meeting's cards (`invalidate`). Like every
   * cache here, filled only outside a transaction, whose rows may not be committed yet.
   */
  const weightsCache = new Map<number, Map<number, number>>();
  const entitledCache = new Map<number, Map<number, number>>();
  function cached<V>(cache: Map<number, V>, meetingId: number, load: () => V): V {
    let value = cache.get(meetingId);
    if (value === undefined) {
      value = load();
      if (!inOpenTransaction(db)) cache.set(meetingId, value);
    }
    return value;
  }
  const frozen = (meetingId: number): Map<number, number> =>
    cached(weightsCache, meetingId, () => new Map((frozenWeights.all(meetingId) as { member_id: number; weight: number }[]).map((r) => [r.member_id, r.weight])));
  const entitled = (meetingId: number): Map<number, number> =>
    cached(entitledCache, meetingId, () => new Map((entitledStmt.all(meetingId) as { member_id: number; weight: number }[]).map((r) => [r.member_id, r.weight])));
  /**
   * Count and weight of the entitled members: summed once per entitled map, not for every view of a
   * round (the live feed asks several times a second; 100,000 members). Invalidated with the map it
   * was summed from, which is replaced after every committed change of the meeting's cards.
   */
  const entitledTotals = new WeakMap<Map<number, number>, WeightCount>();
  function entitledTotal(meetingId: number): WeightCount {
    const e = entitled(meetingId);
    let total = entitledTotals.get(e);
    if (!total) {
      total = { weight: 0, count: e.size };
      for (const w of e.values()) total.weight += w;
      entitledTotals.set(e, total);
    }
    return { ...total };
  }
  /**
   * The active cards of a meeting by code hash → member id, in memory: every ballot looks its card
   * up, and an SQLite index lookup from inside the server cost about 20 µs (10% of a ballot) against
   * well under 1 µs here. About 7 MB for 100,000 cards; built on first use, dropped when cards change.
   * Only a hit is answered from here: a miss asks the database, which tells an unknown card from a
   * withdrawn one or one of another meeting.
   */
  const activeCache = new Map<number, Map<string, number>>();
  const active = (meetingId: number): Map<string, number> =>
    cached(activeCache, meetingId, () => {
      const a = new Map<string, number>();
      for (const r of activeCards.iterate(meetingId) as Iterable<{ member_id: number; code_hash: Buffer }>) a.set(r.code_hash.toString('latin1'), r.member_id);
      return a;
    });
  /** After the commit of a change to a meeting's cards: its caches are read afresh on next use. */
  function invalidate(meetingId: number) {
    afterCommit(db, () => {
      weightsCache.delete(meetingId);
      entitledCache.delete(meetingId);
      activeCache.delete(meetingId);
    });
  }

  function memberOrThrow(code: string): MemberInfo {
    const m = members.byCode(code);
    if (!m) throw new ApiError('not_found', { nl: `Lid ${code} bestaat niet.`, en: `Member ${code} does not exist.` });
    return m;
  }

  /** A card for `member` with a fresh code, not yet stored; `weight` is what storing it will freeze. */
  function planCard(meetingId: number, member: MemberInfo): IssuedCard {
    for (;;) {
      const code = generateCardCode();
      if (byHash.get(hash(code))) continue; // 10^24 codes: a collision is astronomically unlikely, but never reuse one.
      return { memberCode: member.code, name: member.name, weight: frozen(meetingId).get(member.id) ?? member.weight, code };
    }
  }

  /**
   * Stores a planned card inside the caller's transaction (the code itself is never stored). A weight
   * that changed since the plan (members imported while the sheet was made) → `invalid_state`.
   */
  function storeCard(meetingId: number, member: MemberInfo, card: IssuedCard, at: string): void {
    freezeOne.run(meetingId, member.id, members.byId(member.id)?.weight ?? member.weight);
    insertCard.run(meetingId, member.id, hash(card.code), at);
    if (weightOf.get(meetingId, member.id) !== card.weight) {
      throw new ApiError('invalid_state', { nl: `Het gewicht van ${member.name} is intussen veranderd; geef de kaarten opnieuw uit.`, en: `The weight of ${member.name} changed meanwhile; issue the cards again.` });
    }
  }

  const alreadyHasCard = (m: MemberInfo) =>
    new ApiError('invalid_state', { nl: `${m.name} heeft al een geldige stemkaart; gebruik heruitgifte.`, en: `${m.name} already has an active card; use reissue.` });

  /** Freezes the meeting's weights at its first card, inside the caller's transaction. */
  function freezeWeights(meetingId: number, at: string, audited: Actor | null): void {
    if (meetings.weightsFrozen(meetingId)) return;
    freezeAll.run(meetingId);
    markFrozen.run(at, meetingId);
    if (audited) audit.append(meetingId, audited, 'weights.frozen', { meetingId });
  }

  /**
   * Looks a scanned code up. Throws `unknown_card` for anything that is not a valid card code or
   * not known, `revoked_card` for a withdrawn card, `wrong_meeting` for a card of another meeting.
   */
  function lookup(rawCode: string, meetingId: number): CardHolder {
    const code = normalizeCardCode(rawCode);
    if (!isValidCardCode(code)) throw new ApiError('unknown_card');
    const h = hash(code);
    let memberId = active(meetingId).get(h.toString('latin1'));
    if (memberId === undefined) {
      const row = byHash.get(h) as { id: number; meeting_id: number; member_id: number; revoked_at: string | null } | undefined;
      if (!row) throw new ApiError('unknown_card');
      if (row.revoked_at) throw new ApiError('revoked_card');
      if (row.meeting_id !== meetingId) throw new ApiError('wrong_meeting');
      memberId = row.member_id;
    }
    const member = members.byId(memberId)!;
    return { meetingId, member, weight: frozen(meetingId).get(memberId) ?? member.weight };
  }

  /**
   * Cards with fresh codes for `memberCodes` (default: every member without an active card), not
   * yet stored: `commit()` stores them in one transaction and returns them. Lets a caller make the
   * card sheet first, so that a sheet that cannot be made leaves no card whose code exists nowhere.
   * A member that got a card, or a weight that changed, in between → `invalid_state` at commit,
   * and nothing is stored.
   */
  function prepareIssue(meetingId: number, memberCodes: string[] | undefined, actor: Actor): PendingCards {
    meetings.get(meetingId);
    const targets = memberCodes
      ? memberCodes.map((code) => {
          const m = memberOrThrow(code);
          if (activeOf.get(meetingId, m.id)) throw alreadyHasCard(m);
          return m;
        })
      : (withoutCard.all(meetingId) as { id: number }[]).map((r) => members.byId(r.id)!);
    // By member, not by spelling: `gm0363` and `GM0363` are one member.
    if (memberCodes && new Set(targets.map((m) => m.id)).size !== targets.length) throw new ApiError('validation', { nl: 'members: een lid staat er twee keer in', en: 'members: a member is named twice' });
    const cards = targets.map((m) => planCard(meetingId, m));
    let committed = false;
    return {
      cards,
      commit(): IssuedCard[] {
        if (committed) throw new Error('these cards are stored already');
        const at = now();
        inTransaction(db, () => {
          freezeWeights(meetingId, at, actor);
          targets.forEach((m, i) => {
            if (activeOf.get(meetingId, m.id)) throw alreadyHasCard(m);
            storeCard(meetingId, m, cards[i], at);
          });
          audit.append(meetingId, actor, 'cards.issued', { members: cards.map((c) => c.memberCode) });
          invalidate(meetingId);
          events.emit('meeting-changed', { meetingId });
        });
        committed = true;
        return cards;
      },
    };
  }

  /**
   * A new card for the member with a fresh code, not yet stored: `commit()` revokes the member's
   * active card (if any) and stores the new one in one transaction (as `prepareIssue`).
   */
  function prepareReissue(meetingId: number, memberCode: string, actor: Actor): PendingCards {
    meetings.get(meetingId);
    const m = memberOrThrow(memberCode);
    const card = planCard(meetingId, m);
    let committed = false;
    return {
      cards: [card],
      commit(): IssuedCard[] {
        if (committed) throw new Error('this card is stored already');
        const at = now();
        inTransaction(db, () => {
          const active = activeOf.get(meetingId, m.id) as { id: number } | undefined;
          if (active) revokeCard.run(at, active.id);
          freezeWeights(meetingId, at, null);
          storeCard(meetingId, m, card, at);
          audit.append(meetingId, actor, 'card.reissued', { memberCode: m.code, revokedCardId: active?.id ?? null });
          invalidate(meetingId);
          events.emit('meeting-changed', { meetingId });
        });
        committed = true;
        return [card];
      },
    };
  }

  return {
    frozenWeight: (meetingId: number, memberId: number): number | undefined => frozen(meetingId).get(memberId),
    entitled,
    entitledTotal,
    /** Every member that ever had a card in the meeting (also a revoked one), with its frozen weight. */
    holders: (meetingId: number): { memberId: number; weight: number }[] =>
      (holdersStmt.all(meetingId) as { member_id: number; weight: number }[]).map((r) => ({ memberId: r.member_id, weight: r.weight })),

    prepareIssue,
    prepareReissue,

    issue(meetingId: number, memberCodes: string[] | undefined, actor: Actor): IssuedCard[] {
      return prepareIssue(meetingId, memberCodes, actor).commit();
    },

    reissue(meetingId: number, memberCode: string, actor: Actor): IssuedCard {
      return prepareReissue(meetingId, memberCode, actor).commit()[0];
    },

    /** Runs `listener` inside every revocation's transaction (the presence module checks the member out). */
    whenRevoked(listener: RevokeListener): void {
      revokeListeners.push(listener);
    },

    /** Withdraws the member's active card; a member without a card is no longer counted as present. */
    revoke(meetingId: number, memberCode: string, actor: Actor): MemberInfo {
      meetings.get(meetingId);
      const m = memberOrThrow(memberCode);
      inTransaction(db, () => {
        const active = activeOf.get(meetingId, m.id) as { id: number } | undefined;
        if (!active) throw new ApiError('invalid_state', { nl: `${m.name} heeft geen geldige stemkaart.`, en: `${m.name} has no active card.` });
        revokeCard.run(now(), active.id);
        audit.append(meetingId, actor, 'card.revoked', { memberCode: m.code, cardId: active.id });
        for (const listener of revokeListeners) listener(meetingId, m, actor);
        invalidate(meetingId);
        events.emit('meeting-changed', { meetingId });
      });
      return m;
    },

    lookup,

    /** A card scanned at a kiosk: the lookup; an unknown code's answer is held as scan-limiter.ts says. */
    lookupAtKiosk(kiosk: Kiosk, code: string): CardHolder {
      let holder: CardHolder;
      try {
        holder = lookup(code, kiosk.meetingId);
      } catch (err) {
        if (err instanceof ApiError && err.reason === 'unknown_card') err.holdMs = guesses.unknown(kiosk.id);
        throw err;
      }
      guesses.known(kiosk.id);
      return holder;
    },
  };
}
