/**
 * Keyboard-wedge scanner detection. Handheld USB/Bluetooth scanners in keyboard mode "type" the
 * code a few milliseconds per key and end with Enter; a person types far slower. The detector is
 * pure (keys and timestamps in, a code out) so it is unit-tested without a DOM; `attachScanner`
 * wires it to the document so no input field needs focus.
 */
import { isValidCardCode, normalizeCardCode } from '../../shared/card-code.ts';

export interface ScannerOptions {
  /** Longest pause between two characters of one scan. Scanners send a key every few ms. */
  maxGapMs: number;
  /** Longest pause between the last character and the Enter terminator. */
  maxEnterGapMs: number;
  /** Fewer characters than this before Enter is a stray key or a person, not a scan. */
  minLength: number;
  /** More characters than this is not a card code (a scanner reading something else). */
  maxLength: number;
}

export const DEFAULT_SCANNER_OPTIONS: ScannerOptions = { maxGapMs: 50, maxEnterGapMs: 120, minLength: 8, maxLength: 64 };

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
  private buffer = '';
  private lastTime = Number.NEGATIVE_INFINITY;
  private readonly options: ScannerOptions;

  constructor(options: Partial<ScannerOptions> = {}) {
    this.options = { ...DEFAULT_SCANNER_OPTIONS, ...options };
  }

  reset(): void {
    this.buffer = '';
    this.lastTime = Number.NEGATIVE_INFINITY;
  }

  feed(input: KeyInput): KeyVerdict {
    const { key, time } = input;
    if (NEUTRAL_KEYS.has(key)) return { scan: null };
    if (input.withCommandModifier || input.repeat) {
      this.reset();
      return { scan: null };
    }
    if (key === 'Enter') {
      const burst = this.buffer;
      const inTime = time - this.lastTime <= this.options.maxEnterGapMs;
      this.reset();
      if (inTime && burst.length >= this.options.minLength && burst.length <= this.options.maxLength) return { scan: burst };
      return { scan: null };
    }
    if (!CODE_CHAR.test(key)) {
      this.reset();
      return { scan: null };
    }
    // A slow key starts a new burst: what came before was a person typing or a stray key.
    if (this.buffer === '' || time - this.lastTime > this.options.maxGapMs) this.buffer = key;
    else this.buffer += key;
    this.lastTime = time;
    if (this.buffer.length > this.options.maxLength) this.buffer = this.buffer.slice(-this.options.maxLength);
    return { scan: null };
  }
}

export type ReadCode = { ok: true; code: string } | { ok: false };

/**
 * Normalise what was read (scanner, camera or typed) and check its Damm digit, so that a misread
 * is shown as an unknown card at once and never sent. The code is not kept anywhere.
 */
export function readCardCode(raw: string): ReadCode {
  const code = normalizeCardCode(raw);
  return isValidCardCode(code) ? { ok: true, code } : { ok: false };
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

  reset(): void {
    this.lastText = null;
    this.lastSeen = Number.NEGATIVE_INFINITY;
  }
}
