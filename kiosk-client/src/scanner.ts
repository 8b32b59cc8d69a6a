/**
 * Keyboard-wedge scanner detection. Handheld USB/Bluetooth scanners in keyboard mode "type" the
 * code a few milliseconds per key and end with Enter; a person types far slower. The detector is
 * pure (keys and timestamps in, a code out) so it is unit-tested without a DOM; `attachScanner`
 * wires it to the document so no input field needs focus.
 */
import { CARD_CODE_LENGTH, isValidCardCode, normalizeCardCode } from '../../shared/card-code.ts';

export interface ScannerOptions {
  /**
   * Highest average pause per key over a scan (Enter included). Scanners send a key every 1–30 ms;
   * a busy tablet delivers some of them late, so single gaps may be long, but the average stays low.
   * Nobody types eight or more keys by hand at this pace.
   */
  maxAverageGapMs: number;
  /** Keys older than this pause are forgotten (a scan never pauses this long). */
  maxGapMs: number;
  /** Fewer characters than this before Enter is a stray key or a person, not a scan. */
  minLength: number;
  /** More characters than this is not a card code (a scanner reading something else). */
  maxLength: number;
}

// Measured: headless Chromium on an overloaded 2-core machine delivers "3 ms apart" keys at up to
// 50 ms on average, with single stalls of several hundred ms. People type a code at 200 ms a key or
// slower (expert numeric data entry: 180–360 ms). Mistaking a fast person for a scanner costs an
// "unknown card" message (the check digit rejects it); missing a real scan costs a voter, so the
// limits lean towards the scanner.
export const DEFAULT_SCANNER_OPTIONS: ScannerOptions = { maxAverageGapMs: 150, maxGapMs: 3_000, minLength: 8, maxLength: 64 };

/** The characters a card code is made of; anything else breaks a burst. */
const CODE_CHAR = /^[0-9A-Za-z-]$/;
/** Keys a scanner may send between characters (e.g. Shift for a capital) that do not break a burst. */
const NEUTRAL_KEYS = new Set(['Shift', 'CapsLock', 'NumLock', 'Unidentified']);

export interface KeyInput {
  key: string;
  /** Milliseconds, monotonic (event.timeStamp). */
  time: number;
  /** Ctrl, Alt or Meta held: a shortcut, never part of a scan. */
  withCommandModifier?: boolean;
  /** Auto-repeat of a held key. */
  repeat?: boolean;
}

export interface KeyVerdict {
  /** The raw characters of a completed scan (Enter just arrived), else null. */
  scan: string | null;
}

export class ScanDetector {
  private chars: string[] = [];
  private times: number[] = [];
  private readonly options: ScannerOptions;

  constructor(options: Partial<ScannerOptions> = {}) {
    this.options = { ...DEFAULT_SCANNER_OPTIONS, ...options };
  }

  reset(): void {
    this.chars = [];
    this.times = [];
  }

  feed(input: KeyInput): KeyVerdict {
    const { key, time } = input;
    if (NEUTRAL_KEYS.has(key)) return { scan: null };
    if (input.withCommandModifier || input.repeat) {
      this.reset();
      return { scan: null };
    }
    const last = this.times.length ? this.times[this.times.length - 1] : Number.NEGATIVE_INFINITY;
    if (key === 'Enter') {
      // A late Enter (or a stall before it) counts only while the whole still averages scanner pace.
      const scan = time - last <= this.options.maxGapMs ? this.fastestTail(time) : null;
      this.reset();
      return { scan };
    }
    if (!CODE_CHAR.test(key)) {
      this.reset();
      return { scan: null };
    }
    if (time - last > this.options.maxGapMs) this.reset();
    this.chars.push(key);
    this.times.push(time);
    if (this.chars.length > this.options.maxLength) {
      this.chars.shift();
      this.times.shift();
    }
    return { scan: null };
  }

  /**
   * The longest tail of the buffer typed at scanner pace: keys a person pressed just before the
   * scan are left out.
   */
  private fastestTail(enterTime: number): string | null {
    const { minLength, maxAverageGapMs } = this.options;
    for (let start = 0; start + minLength <= this.chars.length; start++) {
      const keys = this.chars.length - start;
      // `keys` pauses: between the characters of the tail, and before the Enter.
      if ((enterTime - this.times[start]) / keys <= maxAverageGapMs) return this.chars.slice(start).join('');
    }
    return null;
  }
}

export type ReadCode = { ok: true; code: string } | { ok: false };

/**
 * Normalise what was read (scanner, camera or typed) and check its Damm digit, so that a misread
 * is shown as an unknown card at once and never sent. The code is not kept anywhere.
 */
export function readCardCode(raw: string): ReadCode {
  const code = normalizeCardCode(raw);
  if (isValidCardCode(code)) return { ok: true, code };
  // A stray key pressed just before a scan can sit in front of the code: the code is the tail.
  const tail = code.slice(-CARD_CODE_LENGTH);
  if (code.length > CARD_CODE_LENGTH && isValidCardCode(tail)) return { ok: true, code: tail };
  return { ok: false };
}

function isEditable(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(el.type);
  return false;
}

/**
 * Listen at document level (capture phase, before a focused button sees Enter). Keys typed into a
 * text field belong to that field (staff typing a printed code) and are not fed to the detector.
 * Returns a function that removes the listener.
 */
export function attachScanner(doc: Document, onScan: (raw: string) => void, options: Partial<ScannerOptions> = {}): () => void {
  const detector = new ScanDetector(options);
  const listener = (event: KeyboardEvent): void => {
    if (event.isComposing) return;
    if (isEditable(event.target)) {
      detector.reset();
      return;
    }
    const verdict = detector.feed({
      key: event.key,
      time: event.timeStamp,
      withCommandModifier: event.ctrlKey || event.altKey || event.metaKey,
      repeat: event.repeat,
    });
    if (verdict.scan !== null) {
      // The Enter ends a scan: it must not also press the button that happens to have focus.
      event.preventDefault();
      event.stopPropagation();
      onScan(verdict.scan);
    }
  };
  doc.addEventListener('keydown', listener, true);
  return () => doc.removeEventListener('keydown', listener, true);
}

/**
 * A camera reads the same card again and again while it is in view: let one read through, then
 * drop the same text until `windowMs` passed without seeing it.
 */
export class ReadDebouncer {
  private lastText: string | null = null;
  private lastSeen = Number.NEGATIVE_INFINITY;

  constructor(private readonly windowMs = 3_000) {}

  accept(text: string, now: number): boolean {
    const same = text === this.lastText && now - this.lastSeen < this.windowMs;
    this.lastText = text;
    this.lastSeen = now;
    return !same;
  }

  /**
   * The camera starts again (after a vote, say) while the last card may still be held up: treat it
   * as just seen, so it is read again only after it has been out of view for the window.
   */
  restart(now: number): void {
    if (this.lastText !== null) this.lastSeen = now;
  }
}
