import { ApiError } from '../../../shared/errors.ts';

/**
 * Unknown codes scanned at one kiosk slow that kiosk's *unknown* answers down, never its real cards
 * (issue 23, point 8): one person in the queue typing made-up codes must not shut the desk for the
 * members behind them, as the former limit did (eleven made-up codes locked a kiosk for 60 s, its
 * real cards included).
 *
 * Per kiosk a streak of unknown codes: the first `free` are answered at once (misreads happen);
 * each further one is held `baseMs`, doubling with every code, at most `maxMs`, and the answers are
 * given one after another (requests sent together wait their turn). A real card of the meeting ends
 * the streak and is answered at once; so does a minute (`windowMs`) without an unknown code. When
 * the kiosk's unknown answers would be held more than `backlogMs` ahead, a further unknown code is
 * answered `429 rate_limited` at once. In memory only: a restart forgets it.
 *
 * Guessing stays out of reach whatever the rate: a code is 24 random digits (10^24 codes), so with
 * 342 cards a guess hits one with odds 3.4 × 10^-22; docs/security.md has the arithmetic.
 */
export class UnknownScanDelay {
  private readonly kiosks = new Map<number, { streak: number; last: number; readyAt: number }>();

  constructor(
    private readonly opts: { free: number; windowMs: number; baseMs: number; maxMs: number; backlogMs: number },
  ) {}

  /** A real card of the meeting at this kiosk: the streak of unknown codes ends. */
  known(kioskId: number): void {
    if (this.kiosks.size > 0) this.kiosks.delete(kioskId);
  }

  /** An unknown code at this kiosk: how long its answer is held (ms); `rate_limited` past the backlog. */
  unknown(kioskId: number, at = Date.now()): number {
    const { free, windowMs, baseMs, maxMs, backlogMs } = this.opts;
    let s = this.kiosks.get(kioskId);
    if (!s || at - s.last >= windowMs) s = { streak: 0, last: at, readyAt: at };
    this.kiosks.set(kioskId, s);
    s.streak++;
    s.last = at;
    const step = s.streak <= free ? 0 : Math.min(baseMs * 2 ** (s.streak - free - 1), maxMs);
    const answerAt = Math.max(at, s.readyAt) + step;
    if (answerAt - at > backlogMs) throw new ApiError('rate_limited');
    s.readyAt = answerAt;
    return answerAt - at;
  }
}
