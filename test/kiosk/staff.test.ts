import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HoldGate } from '../../kiosk-client/src/staff.ts';

describe('kiosk staff gate (press and hold)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function gate() {
    const held = vi.fn();
    const tapped = vi.fn();
    return { gate: new HoldGate(held, tapped, 3_000), held, tapped };
  }

  it('opens only after 3 s held; a tap only says so', () => {
    const g = gate();
    g.gate.press();
    vi.advanceTimersByTime(2_900);
    g.gate.release();
    expect(g.held).not.toHaveBeenCalled();
    expect(g.tapped).toHaveBeenCalledTimes(1);
    g.gate.press();
    vi.advanceTimersByTime(3_000);
    expect(g.held).toHaveBeenCalledTimes(1);
    g.gate.release();
    expect(g.tapped).toHaveBeenCalledTimes(1);
  });

  it("ignores a key's auto-repeat: the hold counts from the first press", () => {
    const g = gate();
    g.gate.press();
    vi.advanceTimersByTime(2_000);
    g.gate.press();
    vi.advanceTimersByTime(1_000);
    expect(g.held).toHaveBeenCalledTimes(1);
  });

  it('a release without a press does nothing', () => {
    const g = gate();
    g.gate.release();
    expect(g.tapped).not.toHaveBeenCalled();
    g.gate.press();
    g.gate.dispose();
    vi.advanceTimersByTime(5_000);
    expect(g.held).not.toHaveBeenCalled();
  });
});
