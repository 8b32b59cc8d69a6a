/**
 * Dutch first, English second: every screen keeps its own word table (`{ key: { nl, en } }`) and
 * reads it through `wordsOf`. The domain's own words (choices, outcomes, majority rules ...) are in
 * shared/labels.ts, for the server's reports too.
 */
import type { Lang } from '../shared/errors.ts';

export type { Lang };
export type WordTable = Record<string, Record<Lang, string>>;
export type Vars = Record<string, string | number>;

/** `t(key, lang, { id: 3 })`: the sentence in that language with `{id}` filled in. */
export function wordsOf<T extends WordTable>(table: T): (key: keyof T & string, lang: Lang, vars?: Vars) => string {
  return (key, lang, vars) => {
    const text = table[key][lang];
    return vars ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`)) : text;
  };
}

/** A label of shared/labels.ts in a language (the key itself for a value the table does not know). */
export function label<K extends string>(labels: Record<K, Record<Lang, string>>, key: K, lang: Lang): string {
  return labels[key]?.[lang] ?? key;
}

/** The language a device was left in (Dutch unless English was chosen), and the page's `lang` set to it. */
export function storedLang(storageKey: string): Lang {
  let lang: Lang = 'nl';
  try {
    if (localStorage.getItem(storageKey) === 'en') lang = 'en';
  } catch {
    // storage blocked: Dutch
  }
  document.documentElement.lang = lang;
  return lang;
}

/** Remembers a language choice on this device and sets the page's `lang`. */
export function storeLang(storageKey: string, lang: Lang): void {
  try {
    localStorage.setItem(storageKey, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.documentElement.lang = lang;
}
