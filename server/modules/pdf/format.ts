/** Dutch formatting of dates, times, numbers and weights for print. */

const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

/** `2023-12-01` → `1 december 2023`; anything else is returned as given. */
export function formatDateNl(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return isoDate;
  const month = MONTHS[Number(m[2]) - 1];
  return month ? `${Number(m[3])} ${month} ${m[1]}` : isoDate;
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** An instant as Dutch wall-clock time in the meeting's time zone (`Europe/Amsterdam` unless it names another). */
export function formatDateTimeNl(instant: string | Date, timeZone = 'Europe/Amsterdam'): string {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(d.getTime())) return String(instant);
  let format = dateTimeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('nl-NL', { timeZone, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    dateTimeFormats.set(timeZone, format);
  }
  return format.format(d);
}

/** `75 stemmen`, `1 stem`. */
export function formatWeight(weight: number): string {
  return `${formatInt(weight)} ${weight === 1 ? 'stem' : 'stemmen'}`;
}

/** Thousands with a dot, as in Dutch. */
export function formatInt(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** part/whole as a percentage with one decimal and a decimal comma; `–` when whole is 0. */
export function formatPercent(part: number, whole: number): string {
  if (whole <= 0) return '–';
  const tenths = Math.round((1000 * part) / whole);
  return `${Math.trunc(tenths / 10)},${tenths % 10} %`;
}
