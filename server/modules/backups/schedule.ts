/**
 * When the server backs up by itself (docs/api.md, "Operations"): after every result recorded by
 * hand, and every `intervalMs` while a round is open, counted from the round's opening (also after
 * a restart: the next one falls on opening + k × interval). A periodic backup is skipped when
 * nothing was committed since the last backup: it would equal that one, and keeping it would push
 * older backups out. Driven by the domain's events, which arrive after commit.
 * The backup after a round ends is `backUpRoundEnd`'s (backups.ts), shared with the command line;
 * the server's plugin then calls `taken()`.
 */
import type { DomainEvents } from '../../events.ts';

export interface BackupScheduleOptions {
  events: { on<K extends keyof DomainEvents & string>(event: K, listener: (payload: DomainEvents[K]) => void): () => void };
  /** The open rounds and when they opened (ISO), at start and when one opens. */
  openedAt(roundId: number): string | null;
  openRounds(): number[];
  /** Takes a backup (the caller queues and logs it). */
  take(reason: string): void;
  intervalMs: number;
  now?: () => number;
}

export interface BackupSchedule {
  /** A backup was taken for another reason (on request): the periodic one counts changes from here. */
  taken(): void;
  stop(): void;
}

export function scheduleBackups(opts: BackupScheduleOptions): BackupSchedule {
  const now = opts.now ?? (() => Date.now());
  const interval = opts.intervalMs;
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  let changed = false;

  function take(reason: string): void {
    changed = false;
    opts.take(reason);
  }

  function follow(roundId: number): void {
    const iso = opts.openedAt(roundId);
    if (iso === null || timers.has(roundId)) return;
    const opened = Date.parse(iso);
    const arm = (): void => {
      const k = Math.floor((now() - opened) / interval) + 1;
      const timer = setTimeout(() => {
        if (changed) take('periodic');
        arm();
      }, opened + k * interval - now());
      timer.unref?.();
      timers.set(roundId, timer);
    };
    arm();
  }

  function unfollow(roundId: number): void {
    clearTimeout(timers.get(roundId));
    timers.delete(roundId);
  }

  const unsubscribe = [
    opts.events.on('round-changed', ({ roundId, cause }) => {
      changed = true;
      if (cause === 'open') follow(roundId);
      if (cause === 'close' || cause === 'cancel') unfollow(roundId);
    }),
    opts.events.on('manual-result', ({ motionId }) => {
      changed = true;
      take(`manual-m${motionId}`);
    }),
    opts.events.on('presence-changed', () => (changed = true)),
    opts.events.on('meeting-changed', () => (changed = true)),
    opts.events.on('kiosk-revoked', () => (changed = true)),
  ];
  for (const roundId of opts.openRounds()) follow(roundId);

  return {
    taken: () => (changed = false),
    stop(): void {
      for (const off of unsubscribe) off();
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
