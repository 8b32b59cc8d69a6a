/**
 * Failed presentations of an admin credential, counted per address: a wrong token at the login, a
 * wrong Bearer header on any route, a refused `/chair` handshake. Past `limit` failures within the
 * window a further *failed* try is answered `rate_limited`; a correct token is never counted or
 * refused, so an attacker behind a venue's NAT cannot lock the chair out.
 */
export class FailureLimiter {
  /** Per address the times of its latest failures (at most `limit` of them), oldest first. */
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Records a failed try from `address`; true when it comes past the limit (answer 429). */
  fail(address: string, at = Date.now()): boolean {
    const recent = (this.failures.get(address) ?? []).filter((t) => at - t < this.windowMs);
    const limited = recent.length >= this.limit;
    recent.push(at);
    if (recent.length > this.limit) recent.shift();
    this.failures.set(address, recent);
    if (this.failures.size > 10_000) this.sweep(at);
    return limited;
  }

  /** True when `address` is past the limit now (without counting a try): refuse before checking a secret. */
  limited(address: string, at = Date.now()): boolean {
    return (this.failures.get(address) ?? []).filter((t) => at - t < this.windowMs).length >= this.limit;
  }

  /** Forgets addresses without a failure in the window (many addresses, as in a spread attack). */
  private sweep(at: number): void {
    for (const [address, times] of this.failures) {
      if (at - times[times.length - 1] >= this.windowMs) this.failures.delete(address);
    }
  }
}
