import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Coalescer } from '../server/modules/live/coalescer.ts';

describe('live feed Coalescer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs the first change at once (next tick) and folds later ones into one trailing run with the last state', () => {
    const coalescer = new Coalescer(50, (e) => {
      throw e;
    });
    const seen: number[] = [];
    let state = 0;
    const emit = (): void => {
      seen.push(state);
    };
    state = 1;
    coalescer.schedule('round:1', emit);
    vi.advanceTimersByTime(0);
    expect(seen).toEqual([1]);
    for (state = 2; state <= 9; state += 1) coalescer.schedule('round:1', emit);
    state = 9;
    vi.advanceTimersByTime(20);
    expect(seen).toEqual([1]);
    vi.advanceTimersByTime(40);
    expect(seen).toEqual([1, 9]);
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual([1, 9]);
  });

  it('keeps keys apart and reports a failing job without stopping the others', () => {
    const errors: unknown[] = [];
    const coalescer = new Coalescer(50, (e) => errors.push(e));
    const seen: string[] = [];
    coalescer.schedule('a', () => {
      throw new Error('boom');
    });
    coalescer.schedule('b', () => seen.push('b'));
    vi.advanceTimersByTime(0);
    expect(seen).toEqual(['b']);
    expect(errors).toHaveLength(1);
  });

  it('waits longer after a slow run, and still delivers the last state', () => {
    const coalescer = new Coalescer(50, () => undefined);
    const seen: number[] = [];
    let state = 1;
    const slowEmit = (): void => {
      seen.push(state);
      vi.setSystemTime(Date.now() + 200); // the run took 200 ms
    };
    coalescer.schedule('round:1', slowEmit);
    vi.advanceTimersByTime(0);
    state = 2;
    coalescer.schedule('round:1', slowEmit);
    vi.advanceTimersByTime(100);
    expect(seen).toEqual([1]);
    vi.advanceTimersByTime(400);
    expect(seen).toEqual([1, 2]);
  });

  it('gives a key its own interval (presence: 250 ms) without slowing the others', () => {
    const coalescer = new Coalescer(50, (e) => {
      throw e;
    });
    const seen: string[] = [];
    let state = 0;
    for (let i = 1; i <= 3; i++) {
      state = i;
      coalescer.schedule('presence:1', () => seen.push(`presence ${state}`), 250);
      coalescer.schedule('round:1', () => seen.push(`round ${state}`));
      vi.advanceTimersByTime(i === 1 ? 0 : 60);
    }
    // The first change of each goes out at once; the round's later ones every 50 ms; presence waits.
    expect(seen).toEqual(['presence 1', 'round 1', 'round 2', 'round 3']);
    vi.advanceTimersByTime(129);
    expect(seen).toHaveLength(4);
    vi.advanceTimersByTime(1);
    expect(seen.at(-1)).toBe('presence 3');
  });

  it('runs nothing after stop', () => {
    const coalescer = new Coalescer(50, () => undefined);
    const seen: number[] = [];
    coalescer.schedule('a', () => seen.push(1));
    coalescer.stop();
    coalescer.schedule('a', () => seen.push(2));
    vi.advanceTimersByTime(100);
    expect(seen).toEqual([]);
  });
});
