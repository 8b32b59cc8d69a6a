/**
 * The kiosk's two languages: the one it starts in (set by staff, remembered on this device) and the
 * one on screen now (a voter's switch lasts for that voter only). `lang` and `defaultLang` are live
 * bindings: they change only through the setters below.
 */
import { h } from '../../client-kit/dom.ts';
import { storedLang, storeLang } from '../../client-kit/words.ts';
import type { Lang } from '../../shared/errors.ts';
import { t } from './messages.ts';
import { LANG_KEY } from './pairing.ts';

/** The language the kiosk starts in, set by staff; a voter's own switch lasts for that voter only. */
export let defaultLang: Lang = storedLang(LANG_KEY);
export let lang: Lang = defaultLang;

/** A voter's switch: this page only, until the next voter. */
export function setLang(next: Lang): void {
  lang = next;
  document.documentElement.lang = next;
}

/** Staff's choice of the starting language, remembered on this device. */
export function setDefaultLang(next: Lang): void {
  defaultLang = next;
  lang = next;
  storeLang(LANG_KEY, next);
}

export function langButton(onChange: () => void): HTMLButtonElement {
  const other: Lang = lang === 'nl' ? 'en' : 'nl';
  return h(
    'button',
    {
      type: 'button',
      class: 'lang',
      lang: other,
      'aria-label': t('switchLangLabel', lang),
      'data-focus': 'lang',
      onclick: () => {
        setLang(other);
        onChange();
        document.querySelector<HTMLElement>('.lang')?.focus();
      },
    },
    t('switchLang', lang),
  );
}
