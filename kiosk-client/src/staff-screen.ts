/**
 * The kiosk's staff settings (behind the long press of staff.ts): the desk's direction, the camera,
 * typing a card's code, the language the kiosk starts in. Loaded when staff press the gate, not
 * with the kiosk's first screen.
 */
import { h } from '../../client-kit/dom.ts';
import type { Lang } from '../../shared/errors.ts';
import type { Direction } from './checkin.ts';
import { t } from './messages.ts';

export interface StaffState {
  mode: 'voting' | 'checkin';
  direction: Direction;
  cameraWanted: boolean;
  cameraMessage: string;
  cameraProblem: boolean;
  defaultLang: Lang;
}

export interface StaffActions {
  setDirection(direction: Direction): void;
  toggleCamera(): void;
  setDefaultLang(lang: Lang): void;
  submitCode(code: string): void;
  close(): void;
}

function toggle(pressed: boolean, focus: string, label: string, onClick: () => void, lang?: Lang): HTMLButtonElement {
  return h('button', { type: 'button', class: 'switch__option', 'aria-pressed': pressed ? 'true' : 'false', 'data-focus': focus, lang: lang ?? null, onclick: onClick }, label);
}

export function staffScreen(state: StaffState, lang: Lang, actions: StaffActions): HTMLElement {
  const input = h('input', {
    id: 'manual-code',
    class: 'manual__input',
    type: 'text',
    inputmode: 'numeric',
    autocomplete: 'off',
    autocapitalize: 'off',
    spellcheck: 'false',
    maxlength: 64,
  });
  const manual = h(
    'form',
    {
      class: 'manual__form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const value = input.value;
        // The typed code is gone from the screen as soon as it is sent.
        input.value = '';
        if (value.trim()) actions.submitCode(value);
      },
    },
    h('label', { for: 'manual-code', class: 'manual__label' }, t('manualLabel', lang)),
    h('div', { class: 'manual__row' }, input, h('button', { type: 'submit', class: 'btn btn--tool' }, t('manualSubmit', lang))),
  );
  const section = (title: string, ...content: (HTMLElement | null)[]): HTMLElement =>
    h('section', { class: 'staff__section' }, h('h2', { class: 'staff__heading' }, title), ...content);
  return h(
    'section',
    { class: 'screen screen--staff' },
    h('h1', { class: 'screen__title', tabindex: -1, 'data-autofocus': true }, t('staffTitle', lang)),
    h('p', { class: 'hint' }, t('staffHelp', lang)),
    state.mode === 'checkin'
      ? section(
          t('directionLabel', lang),
          h(
            'div',
            { class: 'switch', role: 'group', 'aria-label': t('directionLabel', lang) },
            toggle(state.direction === 'in', 'direction-in', t('entrance', lang), () => actions.setDirection('in')),
            toggle(state.direction === 'out', 'direction-out', t('exit', lang), () => actions.setDirection('out')),
          ),
        )
      : null,
    section(
      t('staffCamera', lang),
      h(
        'div',
        { class: 'staff__row' },
        h('button', { type: 'button', class: 'btn btn--tool', 'aria-pressed': state.cameraWanted ? 'true' : 'false', 'data-focus': 'camera', onclick: actions.toggleCamera }, state.cameraWanted ? t('cameraStop', lang) : t('cameraStart', lang)),
        state.cameraMessage ? h('p', { class: `camera__message${state.cameraProblem ? ' camera__message--problem' : ''}`, role: 'status' }, state.cameraMessage) : null,
      ),
    ),
    section(t('staffManual', lang), manual),
    section(
      t('staffLanguage', lang),
      h(
        'div',
        { class: 'switch', role: 'group', 'aria-label': t('staffLanguage', lang) },
        toggle(state.defaultLang === 'nl', 'default-nl', 'Nederlands', () => actions.setDefaultLang('nl'), 'nl'),
        toggle(state.defaultLang === 'en', 'default-en', 'English', () => actions.setDefaultLang('en'), 'en'),
      ),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn btn--primary', 'data-focus': 'staff-close', onclick: actions.close }, t('staffClose', lang))),
  );
}
