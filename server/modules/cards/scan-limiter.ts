import { ApiError } from '../../../shared/errors.ts';

/**
 * Unknown codes scanned at one kiosk in a short time look like guessing: past the limit the kiosk
 * gets 429 for every lookup until the window has passed. In memory only: a restart forgets it.
 */
export class UnknownScanLimiter {
  private readonly hits = new Map<number, number[]>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}
  private recent(kioskId: number, at: number): number[] {
    const list = (this.hits.get(kioskId) ?? []).filter((t) => at - t < this.windowMs);
    this.hits.set(kioskId, list);
    return list;
  }
  check(kioskId: number, at = Date.now()): void {
    if (this.recent(kioskId, at).length >= this.limit) throw new ApiError('rate_limited');
  }
  record(kioskId: number, at = Date.now()): void {
    this.recent(kioskId, at).push(at);
  }
}
