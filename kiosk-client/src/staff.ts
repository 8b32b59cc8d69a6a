/**
 * Staff settings off the members' screen (issue 17, point 3). The settings a member must not change
 * (the check-in desk's direction, the camera, typing a card's code, the language the kiosk starts
 * in) sit behind a long press of the "Beheer" button: 3 seconds held with a finger, a mouse or a
 * key (Enter or Space). A tap does nothing but say so. Chosen over a staff card or the chair's
 * pairing because it needs no extra card, no server change and no chair at the desk; what keeps a
 * member from changing the desk by accident is the hold, and the mode is shown in large words on
 * every check-in screen so a wrong mode is seen at once. The settings close by themselves.
 *
 * This module has the gate; the settings screen is staff-screen.ts, loaded when the gate is pressed.
 */
import { h } from '../../client-kit/dom.ts';
import type { Lang } from '../../shared/errors.ts';
import { t } from './messages.ts';

export const HOLD_MS = 3_000;
/** The settings close after this long without a touch or key. */
export const STAFF_IDLE_MS = 60_000;

/**
 * Press-and-hold detection, free of the DOM: `press()` on pointerdown or keydown, `release()` on
 * pointerup, pointerleave, pointercancel, keyup or blur. `onHeld` runs once when the hold lasted
 * `holdMs`; `onTap` when it was let go sooner.
 */
export class HoldGate {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private fired = false;

  constructor(
    private readonly onHeld: () => void,
    private readonly onTap: () => void,
    private readonly holdMs = HOLD_MS,
  ) {}

  get holding(): boolean {
    return this.timer !== null;
  }

  press(): void {
    if (this.timer !== null) return; // a key's auto-repeat
    this.fired = false;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.fired = true;
      this.onHeld();
    }, this.holdMs);
  }

  release(): void {
    if (this.timer === null) {
      this.fired = false;
      return;
    }
    clearTimeout(this.timer);
    this.timer = null;
    if (!this.fired) this.onTap();
  }

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** The "Beheer" button of the top bar: nothing happens unless it is held. */
export function staffGateButton(lang: Lang, gate: HoldGate, onState: () => void): HTMLButtonElement {
  const button = h(
    'button',
    { type: 'button', class: 'staff-gate', 'aria-label': t('staffGateLabel', lang), 'data-focus': 'staff-gate' },
    t('staffGate', lang),
  );
  const press = (): void => {
    gate.press();
    button.classList.toggle('staff-gate--holding', gate.holding);
    onState();
  };
  const release = (): void => {
    gate.release();
    button.classList.remove('staff-gate--holding');
  };
  button.addEventListener('pointerdown', (event) => {
    // Keep the pointer on the button while it is held, even when the finger drifts a little.
    if (button.setPointerCapture) {
      try {
        button.setPointerCapture(event.pointerId);
      } catch {
        // not supported for this pointer
      }
    }
    press();
  });
  for (const type of ['pointerup', 'pointercancel', 'lostpointercapture', 'blur']) button.addEventListener(type, release);
  button.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    if (!event.repeat) press();
  });
  button.addEventListener('keyup', (event) => {
    if (event.key === 'Enter' || event.key === ' ') release();
  });
  // A long touch opens the browser's menu on some tablets.
  button.addEventListener('contextmenu', (event) => event.preventDefault());
  return button;
}
