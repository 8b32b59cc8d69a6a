/**
 * How numbers, weights, shares, dates and times read, in Dutch and English. Pure (no DOM), so
 * screens and their tests share one way of writing a figure.
 */
import type { Lang } from '../shared/errors.ts';

const LOCALES: Record<Lang, string> = { nl: 'nl-NL', en: 'en-GB' };

/** The BCP 47 locale of a language, for Intl and `localeCompare`. */
export function localeOf(lang: Lang): string {
  return LOCALES[lang];
}

export function formatNumber(n: number, lang: Lang): string {
  return new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 0 }).format(n);
}

/**
 * `part` of `whole` as a percentage with `digits` decimals. Never rounds a non-zero share to 0 or a
 * share short of the whole to 100 (a hall reads "100%" as "everyone").
 */
export function formatPercent(part: number, whole: number, lang: Lang, digits: 0 | 1 = 1): string {
  if (whole <= 0) return '–';
  const scale = 10 ** digits;
  const smallest = 1 / scale;
  let value = Math.round((100 * scale * part) / whole) / scale;
  if (value === 0 && part > 0) value = smallest;
  if (value === 100 && part < whole) value = 100 - smallest;
  return `${new Intl.NumberFormat(LOCALES[lang], { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value)}%`;
}

/** Share in 0..100 for a bar's width (no rounding: widths are not read as numbers). */
export function share(part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Math.max(0, Math.min(100, (100 * part) / whole));
}

const COUNT_WORDS = {
  vote: { nl: ['stem', 'stemmen'], en: ['vote', 'votes'] },
  member: { nl: ['lid', 'leden'], en: ['member', 'members'] },
} as const;

function counted(n: number, lang: Lang, word: keyof typeof COUNT_WORDS): string {
  // A number and its word never break apart (non-breaking space).
  return `${formatNumber(n, lang)}\u00a0${COUNT_WORDS[word][lang][n === 1 ? 0 : 1]}`;
}

/** "1.200 stemmen", "1 stem". */
export function weightText(weight: number, lang: Lang): string {
  return counted(weight, lang, 'vote');
}

/** "12 leden", "1 lid". */
export function membersText(count: number, lang: Lang): string {
  return counted(count, lang, 'member');
}

/** A calendar date (`YYYY-MM-DD`, or an ISO time) as "1 december 2025"; the text itself when it is no date. */
export function formatDate(isoDate: string, lang: Lang): string {
  const d = new Date(`${isoDate.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return isoDate;
  return new Intl.DateTimeFormat(LOCALES[lang], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/**
 * A moment as the time of the hall, "14:32:05", in the meeting's time zone (`timeZone`, IANA; the
 * device's own zone when not given); the text itself when it is no time.
 */
export function formatTime(iso: string, lang: Lang, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(LOCALES[lang], { hour: '2-digit', minute: '2-digit', second: '2-digit', ...(timeZone ? { timeZone } : {}) }).format(d);
}

/** Time since `fromIso` as m:ss or h:mm:ss. */
export function formatElapsed(fromIso: string, now: number): string {
  const total = Math.max(0, Math.floor((now - new Date(fromIso).getTime()) / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
}

/** Today's date where the hall is, as `YYYY-MM-DD` (to compare with a meeting's date). */
export function localIsoDate(now: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
