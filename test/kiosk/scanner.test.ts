import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dammDigit } from '../../shared/card-code.ts';
import { DEFAULT_SCANNER_OPTIONS, readCardCode, ReadDebouncer, ScanDetector } from '../../kiosk-client/src/scanner.ts';

const codeOf = (digits: string): string => `${digits}${dammDigit(digits)}`;
const CODE = codeOf('123456789012345678901234');

/** Feeds keys with the given pause before each, then Enter; returns what the detector saw as a scan. */
function typeKeys(detector: ScanDetector, keys: string[], gapMs: number | number[], enterGapMs = 5, start = 1_000): string | null {
  let time = start;
  let scan: string | null = null;
  keys.forEach((key, i) => {
    time += Array.isArray(gapMs) ? gapMs[i] : gapMs;
    scan = detector.feed({ key, time }).scan ?? scan;
  });
  time += enterGapMs;
  return detector.feed({ key: 'Enter', time }).scan ?? scan;
}

describe('kiosk scanner: ScanDetector', () => {
  it('takes a burst of code characters a few ms apart ended by Enter as a scan', () => {
    expect(typeKeys(new ScanDetector(), [...CODE], 4)).toBe(CODE);
  });

  it('ignores a person typing the same code at human speed', () => {
    expect(typeKeys(new ScanDetector(), [...CODE], 250, 300)).toBeNull();
    expect(typeKeys(new ScanDetector(), [...CODE], 700, 200)).toBeNull();
    expect(typeKeys(new ScanDetector(), [...CODE], 1_500, 200)).toBeNull();
    expect(typeKeys(new ScanDetector(), [...CODE], 4_000, 200)).toBeNull();
  });

  it('ignores a fast typist whose keys come 200 ms apart', () => {
    expect(typeKeys(new ScanDetector(), [...CODE], 200, 200)).toBeNull();
  });

  it('still takes a scan whose keys arrive with some late ones (a busy tablet)', () => {
    // Gaps as measured in headless Chromium on a loaded machine with a 3 ms typing delay.
    const gaps = [0, 117, 60, 60, 125, 27, 11, 14, 13, 9, 15, 14, 22, 72, 48, 42, 18, 28, 8, 11, 18, 12, 13, 9, 17];
    expect(typeKeys(new ScanDetector(), [...CODE], gaps, 20)).toBe(CODE);
    const worse = [0, 106, 8, 8, 7, 15, 21, 9, 294, 129, 74, 15, 65, 10, 7, 13, 8, 32, 103, 69, 53, 68, 39, 110, 55];
    expect(typeKeys(new ScanDetector(), [...CODE], worse, 40)).toBe(CODE);
    const stall = [0, ...Array.from({ length: 23 }, (_, i) => (i === 10 ? 900 : 20)), 20];
    expect(typeKeys(new ScanDetector(), [...CODE], stall, 20)).toBe(CODE);
  });

  it('ignores a lone Enter and a few stray keys', () => {
    const detector = new ScanDetector();
    expect(detector.feed({ key: 'Enter', time: 10 }).scan).toBeNull();
    expect(typeKeys(detector, ['1', '2', '3'], 3)).toBeNull();
    expect(typeKeys(detector, ['a'], 3)).toBeNull();
  });

  it('does not glue slow keys typed before a scan to the scanned code', () => {
    const gaps = [4_000, 4_000, 4_000, ...Array.from(CODE, (_, i) => (i === 0 ? 3_500 : 4))];
    expect(typeKeys(new ScanDetector(), ['9', '9', '9', ...CODE], gaps)).toBe(CODE);
    // Stray keys just before the scan stay in the burst; the check digit finds the code behind them.
    const close = [500, 400, 300, ...Array.from(CODE, (_, i) => (i === 0 ? 200 : 4))];
    const burst = typeKeys(new ScanDetector(), ['9', '9', '9', ...CODE], close);
    expect(burst).toBe(`999${CODE}`);
    expect(readCardCode(burst!)).toEqual({ ok: true, code: CODE });
  });

  it('breaks a burst on a character that is not part of a code', () => {
    const withSpace = [...CODE.slice(0, 12), ' ', ...CODE.slice(12)];
    // Only the 13 characters after the space remain: still a burst, but not the whole code.
    expect(typeKeys(new ScanDetector(), withSpace, 3)).toBe(CODE.slice(12));
    expect(typeKeys(new ScanDetector(), [...'1234', '/', ...'5678'], 3)).toBeNull();
  });

  it('lets Shift pass inside a burst (scanners press it for capitals)', () => {
    const keys = ['G', 'Shift', 'M', '0', '3', '6', '3', '-', 'A', 'B', 'C'];
    expect(typeKeys(new ScanDetector(), keys, 3)).toBe('GM0363-ABC');
  });

  it('drops a burst when a shortcut (Ctrl/Alt/Meta) or auto-repeat comes in between', () => {
    const detector = new ScanDetector();
    let time = 0;
    for (const key of CODE.slice(0, 20)) detector.feed({ key, time: (time += 3) });
    detector.feed({ key: 'v', time: (time += 3), withCommandModifier: true });
    for (const key of CODE.slice(20)) detector.feed({ key, time: (time += 3) });
    expect(detector.feed({ key: 'Enter', time: time + 3 }).scan).toBeNull();
    detector.feed({ key: '1', time: (time += 3) });
    for (let i = 0; i < 10; i++) detector.feed({ key: '1', time: (time += 3), repeat: true });
    expect(detector.feed({ key: 'Enter', time: time + 3 }).scan).toBeNull();
  });

  it('takes a late Enter only while the whole burst still averages scanner pace', () => {
    expect(typeKeys(new ScanDetector(), [...CODE], 4, 1_000)).toBe(CODE);
    expect(typeKeys(new ScanDetector(), [...CODE], 4, DEFAULT_SCANNER_OPTIONS.maxGapMs + 50)).toBeNull();
  });

  it('works for every burst speed up to the gap limit and never for slower typing (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9A-Za-z-]{8,40}$/),
        fc.integer({ min: 1, max: DEFAULT_SCANNER_OPTIONS.maxAverageGapMs }),
        fc.integer({ min: DEFAULT_SCANNER_OPTIONS.maxAverageGapMs + 1, max: 2_000 }),
        (code, fastGap, slowGap) => {
          expect(typeKeys(new ScanDetector(), [...code], fastGap, fastGap)).toBe(code);
          expect(typeKeys(new ScanDetector(), [...code], slowGap, slowGap)).toBeNull();
        },
      ),
    );
  });
});

describe('kiosk scanner: readCardCode', () => {
  it('accepts a code with a valid Damm digit, also typed in groups with spaces or hyphens', () => {
    expect(readCardCode(CODE)).toEqual({ ok: true, code: CODE });
    expect(readCardCode(` ${CODE.replace(/(.{5})(?=.)/g, '$1 ')} `)).toEqual({ ok: true, code: CODE });
    expect(readCardCode(CODE.replace(/(.{5})(?=.)/g, '$1-'))).toEqual({ ok: true, code: CODE });
  });

  it('finds the code behind a stray key that came right before the scan', () => {
    expect(readCardCode(`7${CODE}`)).toEqual({ ok: true, code: CODE });
  });

  it('rejects a misread: one wrong digit, two swapped neighbours, a short read, letters', () => {
    const wrongDigit = `${CODE.slice(0, 5)}${(Number(CODE[5]) + 1) % 10}${CODE.slice(6)}`;
    const swapped = `${CODE.slice(0, 3)}${CODE[4]}${CODE[3]}${CODE.slice(5)}`;
    expect(readCardCode(wrongDigit).ok).toBe(false);
    if (CODE[3] !== CODE[4]) expect(readCardCode(swapped).ok).toBe(false);
    expect(readCardCode(CODE.slice(0, 20)).ok).toBe(false);
    expect(readCardCode('GM0363-ABCDEFGH').ok).toBe(false);
  });
});

describe('kiosk scanner: ReadDebouncer', () => {
  it('lets one camera read through and drops the same code while it stays in view', () => {
    const d = new ReadDebouncer(3_000);
    expect(d.accept('A', 0)).toBe(true);
    expect(d.accept('A', 200)).toBe(false);
    expect(d.accept('A', 2_900)).toBe(false);
    expect(d.accept('B', 3_000)).toBe(true);
    expect(d.accept('A', 3_100)).toBe(true);
    expect(d.accept('A', 7_000)).toBe(true);
  });

  it('after a restart of the camera, does not read the card still held up again', () => {
    const d = new ReadDebouncer(3_000);
    expect(d.accept('A', 0)).toBe(true);
    // Camera stopped while the person voted; restarted 40 s later with the card still in view.
    d.restart(40_000);
    expect(d.accept('A', 40_200)).toBe(false);
    expect(d.accept('A', 42_000)).toBe(false);
    // Taken away for more than the window, then shown again: a new read.
    expect(d.accept('A', 46_000)).toBe(true);
  });
});
