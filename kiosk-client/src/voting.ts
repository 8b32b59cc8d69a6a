/**
 * The voting flow of one desk as a state machine, free of DOM and fetch so it is unit-tested with
 * fake timers: idle → looking-up → choosing → confirm → sending → receipt → idle.
 *
 * Rules it keeps:
 * - A ballot gets its nonce when "Bevestig" is pressed; while there is no answer it is sent again
 *   with the SAME nonce, so it is neither lost nor counted twice. Only the server's 201/200 leads
 *   to the receipt; there is no way out of `sending` but an answer.
 * - Inactivity while choosing or confirming first warns (with a way to extend, WCAG 2.2.1), then
 *   returns to idle and casts nothing.
 * - The receipt stays until the voter dismisses it, the next card is scanned, or a long time passed;
 *   in a secret round 10 s at most (the next person in line must not read it: issue 23.1).
 * - The card code lives only in this object's memory, from the scan until the flow ends.
 */
import type { BallotChoice, Choice } from '../../shared/schemas.ts';
import { ApiFailure, type FailureReason } from '../../client-kit/api.ts';
import type { BallotInput, KioskMember, KioskScan } from './api.ts';
import { readCardCode } from './scanner.ts';
import { type IdleNotice, type ScanRound, type Marked, type Choices, type SplitPart, type CarriedBallot, type CarriedReceipt, type ProxyContext, type VotingView, type VotingDeps, type VotingTiming, DEFAULT_VOTING_TIMING, missingOf, badSplitsOf } from './ballot-model.ts';
type RoundNews = { id: number; state: 'draft' | 'open' | 'closed' | 'cancelled' };

export class VotingMachine {
  private current: VotingView = { kind: 'idle', notice: null };
  private code: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped on every new flow so that a late answer of an abandoned one is dropped. */
  private generation = 0;
  private readonly listeners = new Set<(view: VotingView) => void>();
  private readonly timing: VotingTiming;
  private disposed = false;
  /** A card with proxies: the ballots after the one on screen, the suspended proxies, the receipts so far. */
  private carried: { holder: KioskMember; onBehalfOf: string | null; queue: CarriedBallot[]; suspended: KioskMember[]; receipts: CarriedReceipt[]; sameForAll: boolean } | null = null;

  constructor(
    private readonly deps: VotingDeps,
    timing: Partial<VotingTiming> = {},
  ) {
    this.timing = { ...DEFAULT_VOTING_TIMING, ...timing };
  }

  get view(): VotingView {
    return this.current;
  }

  /** True while the flow holds a card (used to pause the camera and to keep the code in memory). */
  get holdsCard(): boolean {
    return this.code !== null;
  }

  subscribe(listener: (view: VotingView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A scanner, the camera or the typed field read something. Returns false when it was ignored. */
  scanned(raw: string): boolean {
    const kind = this.current.kind;
    if (this.disposed || kind === 'looking-up' || kind === 'sending') return false;
    const read = readCardCode(raw);
    if (!read.ok) {
      // A misread (or a foreign barcode): never sent, shown as an unknown card.
      if (kind === 'choosing' || kind === 'confirm') return false;
      this.toError('unknown_card', null);
      return true;
    }
    if ((kind === 'choosing' || kind === 'confirm') && read.code === this.code) {
      // The same card again (a camera re-read, a nervous second scan): keep the choices made.
      this.activity();
      return false;
    }
    // A new card: whoever was choosing walked away; nothing of theirs is cast.
    this.code = read.code;
    const generation = ++this.generation;
    this.set({ kind: 'looking-up' });
    this.deps.scan(read.code).then(
      (result) => {
        if (generation === this.generation) this.toChoosing(result, null);
      },
      (error: unknown) => {
        if (generation === this.generation) this.toError(reasonOf(error), serverMessageOf(error));
      },
    );
    return true;
  }

  choose(motionId: number, choice: Choice): void {
    this.mark(motionId, choice);
  }

  /** "Stemmen verdelen" (a round with allowSplit): the motion's weight is divided, starting from nothing. */
  startSplit(motionId: number): void {
    const v = this.current;
    if (v.kind !== 'choosing' || !v.round.allowSplit) return;
    this.mark(motionId, { split: { for: 0, against: 0, abstain: 0 } });
  }

  /** One part of a split, in whole votes (anything else is read as the nearest whole number ≥ 0). */
  setSplitPart(motionId: number, part: SplitPart, votes: number): void {
    const v = this.current;
    if (v.kind !== 'choosing') return;
    const marked = v.choices[motionId];
    if (marked === undefined || typeof marked === 'string') return;
    const whole = Number.isFinite(votes) ? Math.max(0, Math.round(votes)) : 0;
    this.mark(motionId, { split: { ...marked.split, [part]: whole } });
  }

  /** Back from a split to one choice for the whole weight (nothing chosen yet). */
  stopSplit(motionId: number): void {
    const v = this.current;
    if (v.kind !== 'choosing' || typeof v.choices[motionId] !== 'object') return;
    const choices = { ...v.choices };
    delete choices[motionId];
    this.set({ ...v, ...this.problems(v, choices), choices });
  }

  /**
   * "Controleer uw stem": on to the summary when every motion has a choice and every split is
   * between 1 and the weight, else say which motions need more.
   */
  review(): void {
    const v = this.current;
    if (v.kind !== 'choosing') return;
    const missing = missingOf(v.round, v.choices);
    const badSplits = badSplitsOf(v.round, v.choices, v.member.weight);
    if (missing.length || badSplits.length) this.set({ ...v, missing, badSplits, warning: false });
    else this.set({ kind: 'confirm', member: v.member, round: v.round, choices: v.choices, changing: v.changing, warning: false, proxy: this.proxyContext() });
  }

  /** From the summary back to the choices. */
  back(): void {
    const v = this.current;
    if (v.kind !== 'confirm') return;
    this.set({ kind: 'choosing', member: v.member, round: v.round, choices: v.choices, changing: v.changing, missing: [], badSplits: [], notice: null, warning: false, proxy: this.proxyContext() });
  }

  /**
   * "Zelfde keuze voor allen" (a card with proxies, no split): the choices on the summary are cast for
   * this ballot and every one after it, each its own ballot with its own nonce and receipt.
   */
  confirmAll(): void {
    const v = this.current;
    if (v.kind !== 'confirm' || !this.carried || this.carried.queue.length === 0) return;
    if (Object.values(v.choices).some((marked) => typeof marked !== 'string')) return;
    this.carried.sameForAll = true;
    this.confirm();
  }

  /** "Bevestig": the nonce is made now and kept for every resend of this ballot. */
  confirm(): void {
    const v = this.current;
    if (v.kind !== 'confirm' || this.code === null) return;
    const nonce = this.deps.newNonce();
    const ballot: BallotInput = {
      code: this.code,
      roundId: v.round.id,
      choices: v.round.motions.map((m): BallotChoice => {
        const marked = v.choices[m.id];
        return typeof marked === 'string' ? { motionId: m.id, choice: marked } : { motionId: m.id, split: marked.split };
      }),
      nonce,
      ...(this.carried?.onBehalfOf ? { onBehalfOf: this.carried.onBehalfOf } : {}),
    };
    const generation = ++this.generation;
    this.set({ kind: 'sending', member: v.member, round: v.round, choices: v.choices, changing: v.changing, retrying: false, proxy: this.proxyContext() });
    void this.send(ballot, generation);
  }

  /** "Annuleren": nothing is cast. */
  cancel(): void {
    const kind = this.current.kind;
    if (kind === 'choosing' || kind === 'confirm') this.toIdle('cancelled');
  }

  /** "Klaar"/"OK" on the receipt or an error: back to idle at once. */
  dismiss(): void {
    const kind = this.current.kind;
    if (kind === 'receipt' || kind === 'error') this.toIdle(null);
    else if (kind === 'idle' && this.current.notice) this.toIdle(null);
  }

  /** Any touch or key of the person at the desk (or "Meer tijd"): restarts the inactivity clock. */
  activity(): void {
    const v = this.current;
    if (v.kind !== 'choosing' && v.kind !== 'confirm') return;
    if (v.warning) this.set({ ...v, warning: false });
    else this.arm(this.timing.inactivityMs, () => this.warn());
  }

  /** A `round` event of the live feed (or what a re-fetch found). */
  roundChanged(round: RoundNews): void {
    const v = this.current;
    if (v.kind !== 'choosing' && v.kind !== 'confirm') return;
    if (round.id === v.round.id && round.state !== 'open') {
      this.toIdle(round.state === 'cancelled' ? 'roundCancelledWhileChoosing' : 'roundClosedWhileChoosing');
    } else if (round.id !== v.round.id && round.state === 'open') {
      // Another round is open, so the one on screen is over: show the new one to the same card.
      this.refetch();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    this.clearTimer();
    this.code = null;
    this.listeners.clear();
  }

  // ---------- internals ----------

  private async send(ballot: BallotInput, generation: number): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await this.deps.castBallot(ballot);
        if (generation !== this.generation) return;
        const v = this.current;
        if (v.kind !== 'sending') return;
        if (this.carried) {
          this.carried.receipts.push({ member: v.member, byProxy: this.carried.onBehalfOf !== null, receipt: answer.receipt, castAt: answer.castAt, reason: null });
          if (this.nextCarried(v)) return;
        }
        this.code = null;
        this.set({ kind: 'receipt', member: v.member, round: v.round, choices: v.choices, replaced: v.changing, receipt: answer.receipt, castAt: answer.castAt, proxy: this.proxyContext() });
        return;
      } catch (error) {
        if (generation !== this.generation) return;
        if (error instanceof ApiFailure && !error.retryable) {
          this.afterRefusedBallot(error, attempt > 0);
          return;
        }
        // No answer (or "try again"): the ballot may or may not be stored; only a resend with the
        // same nonce can tell, so keep going until the server answers.
        const v = this.current;
        if (v.kind === 'sending' && !v.retrying) this.set({ ...v, retrying: true });
        const delays = this.timing.retryDelaysMs;
        await new Promise<void>((resolve) => setTimeout(resolve, delays[Math.min(attempt, delays.length - 1)]));
        if (generation !== this.generation) return;
      }
    }
  }

  private afterRefusedBallot(error: ApiFailure, resent: boolean): void {
    const v = this.current;
    // A card with proxies: one refused ballot (its principal came in, or it was cast already) does not stop the others.
    if (this.carried && v.kind === 'sending' && (error.reason === 'proxy_inactive' || error.reason === 'already_voted')) {
      this.carried.receipts.push({ member: v.member, byProxy: this.carried.onBehalfOf !== null, receipt: null, castAt: null, reason: error.reason });
      if (this.nextCarried(v)) return;
      const last = [...this.carried.receipts].reverse().find((r) => r.receipt !== null);
      if (last) {
        this.code = null;
        this.set({ kind: 'receipt', member: v.member, round: v.round, choices: v.choices, replaced: v.changing, receipt: last.receipt!, castAt: last.castAt!, proxy: this.proxyContext() });
        return;
      }
    }
    if (resent && (error.reason === 'round_closed' || error.reason === 'already_voted' || error.reason === 'not_found')) {
      this.toError(error.reason, error.serverMessage, true);
      return;
    }
    if (error.reason === 'round_closed' || error.reason === 'not_found') {
      // The round on screen is over. Ask again: maybe the chair opened another one already.
      this.refetch();
      return;
    }
    this.toError(error.reason, error.serverMessage);
  }

  /** Look the same card up again after the round changed under it. */
  private refetch(): void {
    const code = this.code;
    const before = this.current;
    if (code === null || (before.kind !== 'choosing' && before.kind !== 'confirm' && before.kind !== 'sending')) return;
    const oldRoundId = before.round.id;
    const generation = ++this.generation;
    this.clearTimer();
    this.set({ kind: 'looking-up' });
    this.deps.scan(code).then(
      (result) => {
        if (generation !== this.generation) return;
        if (result.round.id === oldRoundId) this.toChoosing(result, null);
        else this.toChoosing(result, 'roundChanged');
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        const reason = reasonOf(error);
        if (reason === 'no_open_round') this.toIdle('roundClosedWhileChoosing');
        else this.toError(reason, serverMessageOf(error));
      },
    );
  }

  /** After one ballot of a card with proxies: on to the next (straight to sending with "zelfde keuze voor allen"); false when none is left. */
  private nextCarried(v: Extract<VotingView, { kind: 'sending' }>): boolean {
    const c = this.carried;
    const next = c?.queue.shift();
    if (!c || !next) return false;
    c.onBehalfOf = next.onBehalfOf;
    if (c.sameForAll) {
      this.set({ kind: 'confirm', member: next.member, round: v.round, choices: v.choices, changing: false, warning: false, proxy: this.proxyContext() });
      this.confirm();
    } else {
      this.showBallot(v.round, next, null);
    }
    return true;
  }

  private proxyContext(): ProxyContext | undefined {
    const c = this.carried;
    if (!c) return undefined;
    return { byProxy: c.onBehalfOf !== null, holder: c.holder, next: c.queue.map((b) => b.member), suspended: c.suspended, receipts: [...c.receipts] };
  }

  private toChoosing(result: KioskScan, notice: 'roundChanged' | null): void {
    const proxies = result.proxies ?? [];
    const suspended = result.suspendedProxies ?? [];
    if (proxies.length === 0 && suspended.length === 0) {
      this.carried = null;
      this.showBallot(result.round, { member: result.member, onBehalfOf: null, earlier: result.ballot }, notice);
      return;
    }
    // The card's own ballot first (unless it was cast in a round that allows no change), then each proxy's.
    const done = (b: KioskScan['ballot']) => b !== null && !result.round.allowChange;
    const queue: CarriedBallot[] = [
      { member: result.member, onBehalfOf: null, earlier: result.ballot },
      ...proxies.map((p) => ({ member: p.member, onBehalfOf: p.member.code, earlier: p.ballot })),
    ].filter((b) => !done(b.earlier));
    const first = queue.shift() ?? { member: result.member, onBehalfOf: null, earlier: result.ballot };
    this.carried = { holder: result.member, onBehalfOf: first.onBehalfOf, queue, suspended, receipts: [], sameForAll: false };
    this.showBallot(result.round, first, notice);
  }

  private showBallot(round: ScanRound, ballot: CarriedBallot, notice: 'roundChanged' | null): void {
    const result = { round, ballot: ballot.earlier, member: ballot.member };
    const earlier = result.round.allowChange && result.ballot ? result.ballot : null;
    const choices: Record<number, Marked> = {};
    if (earlier) {
      for (const c of earlier.choices) {
        if (!result.round.motions.some((m) => m.id === c.motionId)) continue;
        if ('choice' in c) choices[c.motionId] = c.choice;
        else if (result.round.allowSplit) choices[c.motionId] = { split: { ...c.split } };
      }
    }
    this.set({ kind: 'choosing', member: result.member, round: result.round, choices, changing: earlier !== null, missing: [], badSplits: [], notice, warning: false, proxy: this.proxyContext() });
  }

  private mark(motionId: number, marked: Marked): void {
    const v = this.current;
    if (v.kind !== 'choosing' || !v.round.motions.some((m) => m.id === motionId)) return;
    const choices = { ...v.choices, [motionId]: marked };
    this.set({ ...v, ...this.problems(v, choices), choices, warning: false });
  }

  /** Once the voter was told what is missing, the list follows every change (and empties). */
  private problems(v: Extract<VotingView, { kind: 'choosing' }>, choices: Choices): { missing: number[]; badSplits: number[] } {
    const told = v.missing.length > 0 || v.badSplits.length > 0;
    return told ? { missing: missingOf(v.round, choices), badSplits: badSplitsOf(v.round, choices, v.member.weight) } : { missing: [], badSplits: [] };
  }

  private warn(): void {
    const v = this.current;
    if (v.kind === 'choosing' || v.kind === 'confirm') this.set({ ...v, warning: true });
  }

  private toError(reason: FailureReason, serverMessage: string | null, uncertain = false): void {
    this.code = null;
    this.carried = null;
    this.generation++;
    this.set({ kind: 'error', reason, serverMessage, uncertain });
  }

  private toIdle(notice: IdleNotice | null): void {
    this.code = null;
    this.carried = null;
    this.generation++;
    this.set({ kind: 'idle', notice });
  }

  private set(view: VotingView): void {
    const previousKind = this.current.kind;
    this.current = view;
    switch (view.kind) {
      case 'choosing':
      case 'confirm':
        if (view.warning) this.arm(this.timing.warningMs, () => this.toIdle('timedOut'));
        else this.arm(this.timing.inactivityMs, () => this.warn());
        break;
      case 'receipt':
        if (previousKind !== 'receipt') this.arm(view.round.secret ? this.timing.secretReceiptMs : this.timing.receiptMs, () => this.toIdle(null));
        break;
      case 'error':
        this.arm(this.timing.errorMs, () => this.toIdle(null));
        break;
      case 'idle':
        if (view.notice) this.arm(this.timing.noticeMs, () => this.set({ kind: 'idle', notice: null }));
        else this.clearTimer();
        break;
      default:
        // looking-up and sending end only with an answer.
        this.clearTimer();
    }
    for (const listener of this.listeners) listener(view);
  }

  private arm(ms: number, fire: () => void): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      fire();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** Votes of a split given out so far. */

/** A split is valid with at least 1 and at most the member's weight given out (docs/api.md, "Split votes"). */

function reasonOf(error: unknown): FailureReason {
  return error instanceof ApiFailure ? error.reason : 'network';
}

function serverMessageOf(error: unknown): string | null {
  return error instanceof ApiFailure ? error.serverMessage : null;
}

/** A nonce for one ballot: 128 random bits as hex (crypto.getRandomValues works without HTTPS too). */
