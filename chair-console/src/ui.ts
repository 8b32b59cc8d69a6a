/**
 * What every view is given: the state to draw (read only), the intents it may emit, and the words
 * and number format of the state's language. A view is a function `(ui, …) → Node`; it never
 * changes the state while it draws, and its event handlers call `ui.act.…`.
 */
import { formatNumber, formatTime } from '../../client-kit/format.ts';
import { label, wordsOf, type Lang, type Vars, type WordTable } from '../../client-kit/words.ts';
import { t, type StringKey } from './i18n.ts';
import type { Actions, State, Store } from './store.ts';

export interface Ui {
  readonly state: State;
  readonly act: Actions;
  readonly lang: Lang;
  t(key: StringKey, vars?: Vars): string;
  /** A whole number in the language's format ("1.200"). */
  n(value: number): string;
  /** A moment as "14:32:05" in the meeting's time zone. */
  time(iso: string): string;
  /** A label of shared/labels.ts. */
  label<K extends string>(labels: Record<K, Record<Lang, string>>, key: K): string;
}

export function uiOf(store: Store): Ui {
  const state = store.state;
  const lang = state.lang;
  return {
    state,
    act: store.act,
    lang,
    t: (key, vars) => t(key, lang, vars),
    n: (value) => formatNumber(value, lang),
    time: (iso) => formatTime(iso, lang, state.meeting?.timeZone),
    label: (labels, key) => label(labels, key, lang),
  };
}

/**
 * `ui.t` with a tab's own words besides the console's (a tab loaded later brings its words with it):
 * `const words = withWords(AGENDA_WORDS)` once, then `const t = words(ui)` in a view.
 */
export function withWords<T extends WordTable>(table: T): (ui: Ui) => (key: StringKey | (keyof T & string), vars?: Vars) => string {
  const own = wordsOf(table);
  return (ui) => (key, vars) => (Object.hasOwn(table, key) ? own(key, ui.lang, vars) : ui.t(key as StringKey, vars));
}
