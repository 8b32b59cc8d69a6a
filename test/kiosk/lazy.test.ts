/**
 * The kiosk's parts loaded on demand (kiosk-client/src/lazy.ts): the ballot flow at the first card,
 * the staff settings at the gate. A venue network drops a request now and then.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Lazy } from '../../kiosk-client/src/lazy.ts';

describe('kiosk lazy parts', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** An importer that fails its first `failures` calls. */
  function flaky(failures: number) {
    const importer = vi.fn(async () => {
      if (importer.mock.calls.length <= failures) throw new TypeError('Failed to fetch dynamically imported module');
      return { part: 'ballot' };
    });
    return importer;
  }

  it('loads once, and every caller gets the same module', async () => {
    const importer = flaky(0);
    const lazy = new Lazy(importer);
    expect(lazy.loaded).toBeNull();
    const [a, b] = await Promise.all([lazy.load(), lazy.load()]);
    expect(a).toBe(b);
    expect(await lazy.load()).toBe(a);
    expect(lazy.loaded).toBe(a);
    expect(importer).toHaveBeenCalledTimes(1);
  });

  it('tries a failed load again after each pause, and succeeds when the network is back', async () => {
    const importer = flaky(2);
    const lazy = new Lazy(importer, [300, 1_000, 2_000]);
    const loading = lazy.load();
    await vi.advanceTimersByTimeAsync(300);
    expect(importer).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(loading).resolves.toEqual({ part: 'ballot' });
    expect(importer).toHaveBeenCalledTimes(3);
  });

  it('gives up after the last pause, and the next load starts over', async () => {
    const importer = flaky(4);
    const lazy = new Lazy(importer, [300, 1_000, 2_000]);
    const failing = lazy.load();
    const settled = expect(failing).rejects.toThrow('Failed to fetch');
    await vi.advanceTimersByTimeAsync(3_300);
    await settled;
    expect(importer).toHaveBeenCalledTimes(4);
    expect(lazy.loaded).toBeNull();
    await expect(lazy.load()).resolves.toEqual({ part: 'ballot' });
    expect(importer).toHaveBeenCalledTimes(5);
  });
});
