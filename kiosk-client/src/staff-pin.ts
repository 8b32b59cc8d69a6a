/**
 * The staff PIN before a kiosk's Beheer settings (issue 23, point 8). After the 3 s press the kiosk
 * asks the server whether its meeting has a PIN (`GET /api/kiosk/staff-pin`); when it has, a modal
 * dialog asks for it and the server checks it (`POST /api/kiosk/staff-pin`: 403 wrong, 429 after ten
 * wrong a minute). Without a PIN set Beheer opens as before. When the server cannot be asked, Beheer
 * stays closed (the PIN cannot be checked). The PIN is never stored in the browser.
 */
import { ApiFailure } from '../../client-kit/api.ts';
import { h } from '../../client-kit/dom.ts';
import type { Lang } from '../../shared/errors.ts';
import type { KioskApi } from './api.ts';

const WORDS = {
  title: { nl: 'Pincode voor Beheer', en: 'PIN for the settings' },
  label: { nl: 'Pincode', en: 'PIN' },
  open: { nl: 'Openen', en: 'Open' },
  cancel: { nl: 'Annuleren', en: 'Cancel' },
  wrong: { nl: 'De pincode is onjuist.', en: 'The PIN is wrong.' },
  tooMany: { nl: 'Te veel pogingen. Wacht een minuut.', en: 'Too many attempts. Wait a minute.' },
  unreachable: { nl: 'De server is niet bereikbaar; Beheer blijft dicht.', en: 'The server cannot be reached; the settings stay closed.' },
} as const;

/** True when Beheer may open: no PIN is set, or staff typed the right one. */
export async function staffPinGate(api: KioskApi, lang: Lang, onProblem: (text: string) => void): Promise<boolean> {
  try {
    if (!(await api.staffPinState()).pinSet) return true;
  } catch {
    onProblem(WORDS.unreachable[lang]);
    return false;
  }
  return askPin(api, lang);
}

function askPin(api: KioskApi, lang: Lang): Promise<boolean> {
  return new Promise((resolve) => {
    const error = h('p', { class: 'staff-pin__error', role: 'alert' });
    const input = h('input', { id: 'staff-pin', name: 'pin', type: 'password', inputmode: 'numeric', autocomplete: 'off', maxlength: 8, pattern: '[0-9]*', required: true, class: 'staff-pin__input' });
    let ok = false;
    const cancel = h('button', { type: 'button', class: 'button button--secondary', onclick: () => dialog.close() }, WORDS.cancel[lang]);
    const form = h(
      'form',
      { class: 'staff-pin', method: 'dialog' },
      h('h2', { id: 'staff-pin-title' }, WORDS.title[lang]),
      h('label', { for: 'staff-pin' }, WORDS.label[lang]),
      input,
      error,
      h('div', { class: 'staff-pin__actions' }, cancel, h('button', { type: 'submit', class: 'button' }, WORDS.open[lang])),
    );
    const dialog = h('dialog', { class: 'staff-pin-dialog', 'aria-labelledby': 'staff-pin-title' }, form);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      error.textContent = '';
      api.checkStaffPin(input.value).then(
        () => {
          ok = true;
          dialog.close();
        },
        (err: unknown) => {
          const status = err instanceof ApiFailure ? err.status : null;
          error.textContent = status === 403 ? WORDS.wrong[lang] : status === 429 ? WORDS.tooMany[lang] : WORDS.unreachable[lang];
          input.value = '';
          input.focus();
        },
      );
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(ok);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    input.focus();
  });
}
