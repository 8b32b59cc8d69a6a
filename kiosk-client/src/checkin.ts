/**
 * The registration desk: scan → "Welkom, <gemeente>" (entrance) or "Tot ziens" (exit). A double
 * scan is harmless: the server answers `changed: false` and the desk says so. Free of DOM and
 * fetch, like voting.ts.
 */
import { ApiFailure, type FailureReason } from '../../client-kit/api.ts';
import type { KioskCheckin } from './api.ts';
import { readCardCode } from './scanner.ts';

export type Direction = 'in' | 'out';

export type CheckinView =
  | { kind: 'idle' }
  | { kind: 'looking-up' }
  | { kind: 'result'; direction: Direction; result: KioskCheckin }
  | { kind: 'error'; reason: FailureReason; serverMessage: string | null };

export interface CheckinDeps {
  checkin(code: string, direction: Direction): Promise<KioskCheckin>;
}

export interface CheckinTiming {
  resultMs: number;
  errorMs: number;
}

export const DEFAULT_CHECKIN_TIMING: CheckinTiming = { resultMs: 6_000, errorMs: 10_000 };

export class CheckinMachine {
  private current: CheckinView = { kind: 'idle' };
  private dir: Direction;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private generation = 0;
  private readonly listeners = new Set<(view: CheckinView, direction: Direction) => void>();
  private readonly timing: CheckinTiming;

  constructor(
    private readonly deps: CheckinDeps,
    direction: Direction = 'in',
    timing: Partial<CheckinTiming> = {},
  ) {
    this.dir = direction;
    this.timing = { ...DEFAULT_CHECKIN_TIMING, ...timing };
  }

  get view(): CheckinView {
    return this.current;
  }

  get direction(): Direction {
    return this.dir;
  }

  subscribe(listener: (view: CheckinView, direction: Direction) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setDirection(direction: Direction): void {
    if (direction === this.dir) return;
    this.dir = direction;
    // A result on screen belongs to the old direction; start clean.
    this.generation++;
    this.set({ kind: 'idle' });
  }

  scanned(raw: string): boolean {
    if (this.current.kind === 'looking-up') return false;
    const read = readCardCode(raw);
    if (!read.ok) {
      this.set({ kind: 'error', reason: 'unknown_card', serverMessage: null });
      return true;
    }
    const direction = this.dir;
    const generation = ++this.generation;
    this.set({ kind: 'looking-up' });
    this.deps.checkin(read.code, direction).then(
      (result) => {
        if (generation === this.generation) this.set({ kind: 'result', direction, result });
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        const failure = error instanceof ApiFailure ? error : null;
        this.set({ kind: 'error', reason: failure?.reason ?? 'network', serverMessage: failure?.serverMessage ?? null });
      },
    );
    return true;
  }

  dismiss(): void {
    if (this.current.kind === 'result' || this.current.kind === 'error') this.set({ kind: 'idle' });
  }

  dispose(): void {
    this.generation++;
    if (this.timer !== null) clearTimeout(this.timer);
    this.listeners.clear();
  }

  private set(view: CheckinView): void {
    this.current = view;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const ms = view.kind === 'result' ? this.timing.resultMs : view.kind === 'error' ? this.timing.errorMs : null;
    if (ms !== null) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.set({ kind: 'idle' });
      }, ms);
    }
    for (const listener of this.listeners) listener(view, this.dir);
  }
}
