/**
 * Runs a keyed job at most once per `intervalMs`: the first change after a quiet spell goes out at
 * once (next turn of the event loop), later ones within the interval are folded into one trailing
 * run. The job reads the state when it runs, so the last state is never dropped.
 *
 * When a run itself is slow (a broadcast to many sockets on a busy machine), the gap to the next run
 * grows to twice its duration, so emitting never takes more than about a third of the event loop
 * and ballots keep being acknowledged.
 */
export class Coalescer {
  private readonly entries = new Map<string, { last: number; interval: number; gap: number; timer: (() => void) | null; run: () => void }>();
  private stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** `intervalMs` overrides the coalescer's interval for this key (set by its first schedule). */
  schedule(key: string, run: () => void, intervalMs = this.intervalMs): void {
    if (this.stopped) return;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { last: -Infinity, interval: intervalMs, gap: intervalMs, timer: null, run };
      this.entries.set(key, entry);
    }
    entry.run = run;
    if (entry.timer) return;
    const wait = entry.last + entry.gap - Date.now();
    const fire = (): void => {
      const e = this.entries.get(key);
      if (!e) return;
      e.timer = null;
      const started = Date.now();
      e.last = started;
      try {
        e.run();
      } catch (error) {
        this.onError(error);
      }
      e.gap = Math.max(e.interval, 2 * (Date.now() - started));
    };
    // Leading run off the caller's stack: the request that changed something answers first.
    if (wait <= 0) {
      const handle = setImmediate(fire);
      entry.timer = () => clearImmediate(handle);
    } else {
      const handle = setTimeout(fire, wait);
      entry.timer = () => clearTimeout(handle);
    }
  }

  /** Forgets keys idle for a while (rounds long closed), so the map stays small. */
  sweep(idleMs = 60_000): void {
    const cutoff = Date.now() - idleMs;
    for (const [key, entry] of this.entries) if (!entry.timer && entry.last < cutoff) this.entries.delete(key);
  }

  stop(): void {
    this.stopped = true;
    for (const entry of this.entries.values()) entry.timer?.();
    this.entries.clear();
  }
}
