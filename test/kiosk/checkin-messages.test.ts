import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dammDigit } from '../../shared/card-code.ts';
import { ERROR_MESSAGES, ERROR_REASONS } from '../../shared/errors.ts';
import { ApiFailure } from '../../client-kit/api.ts';
import type { KioskCheckin } from '../../kiosk-client/src/api.ts';
import { CheckinMachine, type Direction } from '../../kiosk-client/src/checkin.ts';
import { reasonText, REASON_TEXTS, T } from '../../kiosk-client/src/messages.ts';
import { weightText } from '../../client-kit/format.ts';
import { takePairing, tokenFromHash, TOKEN_KEY } from '../../kiosk-client/src/pairing.ts';

const CARD = `${'3'.repeat(24)}${dammDigit('3'.repeat(24))}`;

describe('kiosk check-in state machine', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function machine(answers: KioskCheckin[] = []) {
    const calls: [string, Direction][] = [];
    const deps = {
      checkin: vi.fn(async (code: string, direction: Direction) => {
        calls.push([code, direction]);
        return answers.shift() ?? { member: { code: 'GM0363', name: 'Amsterdam', weight: 75 }, present: direction === 'in', changed: true };
      }),
    };
    return { m: new CheckinMachine(deps, 'in', { resultMs: 6_000, errorMs: 10_000 }), deps, calls };
  }

  it('checks in on the entrance and out on the exit, then returns to idle', async () => {
    const { m, calls } = machine();
    m.scanned(CARD);
    await vi.waitFor(() => expect(m.view).toMatchObject({ kind: 'result', direction: 'in', result: { present: true, changed: true } }));
    vi.advanceTimersByTime(6_000);
    expect(m.view).toEqual({ kind: 'idle' });
    m.setDirection('out');
    m.scanned(CARD);
    await vi.waitFor(() => expect(m.view).toMatchObject({ kind: 'result', direction: 'out', result: { present: false } }));
    expect(calls).toEqual([[CARD, 'in'], [CARD, 'out']]);
  });

  it('passes the double scan (changed: false) through so the desk can say so', async () => {
    const { m } = machine([{ member: { code: 'GM0363', name: 'Amsterdam', weight: 75 }, present: true, changed: false }]);
    m.scanned(CARD);
    await vi.waitFor(() => expect(m.view).toMatchObject({ kind: 'result', result: { changed: false, present: true } }));
  });

  it('shows errors, and a misread as unknown without asking the server', async () => {
    const { m, deps } = machine();
    m.scanned('12345');
    expect(m.view).toMatchObject({ kind: 'error', reason: 'unknown_card' });
    expect(deps.checkin).not.toHaveBeenCalled();
    deps.checkin.mockRejectedValueOnce(new ApiFailure('revoked_card', 403, 'x'));
    m.scanned(CARD);
    await vi.waitFor(() => expect(m.view).toMatchObject({ kind: 'error', reason: 'revoked_card' }));
    deps.checkin.mockRejectedValueOnce(new TypeError('fetch failed'));
    m.scanned(CARD);
    await vi.waitFor(() => expect(m.view).toMatchObject({ kind: 'error', reason: 'network' }));
  });
});

describe('kiosk messages', () => {
  it('has a Dutch and an English title and hint for every error reason of the contract', () => {
    for (const reason of [...ERROR_REASONS, 'network', 'bad_response'] as const) {
      const text = REASON_TEXTS[reason];
      expect(text, reason).toBeDefined();
      for (const lang of ['nl', 'en'] as const) {
        expect(text.title[lang].length, `${reason} ${lang}`).toBeGreaterThan(3);
        expect(text.hint[lang].length, `${reason} ${lang}`).toBeGreaterThan(3);
      }
      expect(text.title.nl).not.toBe(text.title.en);
    }
  });

  it('gives each card and round error its own sentence', () => {
    const reasons = ['unknown_card', 'revoked_card', 'wrong_meeting', 'not_checked_in', 'no_open_round', 'round_closed', 'already_voted', 'invalid_choices'] as const;
    expect(new Set(reasons.map((r) => REASON_TEXTS[r].title.nl)).size).toBe(reasons.length);
  });

  it('says "Er is op dit moment geen stemming geopend" when no round is open', () => {
    expect(REASON_TEXTS.no_open_round.title.nl).toBe('Er is op dit moment geen stemming geopend');
  });

  it('falls back to a general sentence for a reason it does not know', () => {
    expect(reasonText('something_new')).toBe(REASON_TEXTS.internal);
  });

  it('has every UI sentence in both languages and names the vote buttons exactly', () => {
    for (const [key, text] of Object.entries(T)) {
      expect(text.nl, key).toBeTruthy();
      expect(text.en, key).toBeTruthy();
    }
    expect(T.confirm.nl).toBe('Bevestig');
    expect(T.cancel.nl).toBe('Annuleren');
    // "uw stem" throughout, never "mijn stem"; "aangemeld" only for checking in (issue 17, point 5).
    for (const [key, text] of Object.entries(T)) {
      expect(text.nl, key).not.toMatch(/mijn stem|Annuleer\b/);
    }
    expect(T.review.nl).toBe('Controleer uw stem');
    // A wrong key said "U bent niet aangemeld", which at a meeting means "not checked in".
    expect(ERROR_MESSAGES.unauthorized.nl).toBe('De sleutel is onjuist of ontbreekt.');
    expect(T.missingChoices.nl).toBe('U hebt nog geen keuze gemaakt bij:');
    expect(T.castTitle.nl).toBe('Uw stem is uitgebracht');
    expect(T.scanPrompt.nl).toBe('Scan uw stemkaart');
    // The kit's words for a weight, with a non-breaking space so a number never wraps away from them.
    expect(weightText(75, 'nl')).toBe('75\u00a0stemmen');
    expect(weightText(1, 'nl')).toBe('1\u00a0stem');
  });
});

describe('kiosk pairing', () => {
  function place(hash: string, stored: string | null = null) {
    const items = new Map<string, string>(stored ? [[TOKEN_KEY, stored]] : []);
    const replaced: string[] = [];
    return {
      location: { hash, pathname: '/kiosk/', search: '' },
      history: { replaceState: (_d: unknown, _t: string, url?: string | URL | null) => replaced.push(String(url)) },
      storage: {
        getItem: (k: string) => items.get(k) ?? null,
        setItem: (k: string, v: string) => void items.set(k, v),
        removeItem: (k: string) => void items.delete(k),
      },
      items,
      replaced,
    };
  }

  it('takes the token from the fragment, stores it and removes it from the address bar', () => {
    const p = place('#token=abc_DEF-123');
    expect(takePairing(p)).toBe('abc_DEF-123');
    expect(p.items.get(TOKEN_KEY)).toBe('abc_DEF-123');
    expect(p.replaced).toEqual(['/kiosk/']);
  });

  it('keeps the stored pairing across a reload, and a new link re-pairs', () => {
    expect(takePairing(place('', 'old-token'))).toBe('old-token');
    expect(takePairing(place('#token=new-token', 'old-token'))).toBe('new-token');
    expect(takePairing(place(''))).toBeNull();
  });

  it('reads only a sensible token from the fragment', () => {
    expect(tokenFromHash('#token=')).toBeNull();
    expect(tokenFromHash('#other=1')).toBeNull();
    expect(tokenFromHash('#token=a%20b')).toBeNull();
    expect(tokenFromHash('token=xyz')).toBe('xyz');
  });
});
