/**
 * What every view is given: the state to draw (read only), the intents it may emit, and the words
 * and number format of the state's language. A view is a function `(ui, …) → Node`; it never
 * changes the state while it draws, and its event handlers call `ui.act.…`.
 */
import { formatNumber } from '../../client-kit/format.ts';
import { label, type Lang, type Vars } from '../../client-kit/words.ts';
import { t, type StringKey } from './i18n.ts';
import type { Actions, State, Store } from './store.ts';

export interface Ui {
  readonly state: State;
  readonly act: Actions;
  readonly lang: Lang;
  t(key: StringKey, vars?: Vars): string;
  /** A whole number in the language's format ("1.200"). */
  n(value: number): string;
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
    label: (labels, key) => label(labels, key, lang),
  };
}
