/**
 * Finding a member by what staff type: part of the name or the code, without caring about case or
 * accents ("sudwest" finds Súdwest-Fryslân), and by the name people use for a few municipalities
 * whose official name is another ("Den Haag" finds 's-Gravenhage).
 */

/**
 * Names in daily use → the official name in the member list (CBS, data/gemeenten.csv). Only names
 * that a search on part of the official name would not find; add a line when staff miss one.
 */
export const KNOWN_ALIASES: Readonly<Record<string, string>> = {
  'den haag': "'s-Gravenhage",
  'the hague': "'s-Gravenhage",
  'den bosch': "'s-Hertogenbosch",
};

/** Lower case, accents removed, apostrophes and dashes as spaces, runs of spaces as one. */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’'`-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const ALIAS_KEYS = new Map(Object.entries(KNOWN_ALIASES).map(([alias, name]) => [searchKey(alias), searchKey(name)]));

/**
 * True when `filter` finds the member: a part of its name or code, or a known other name of it
 * (`exact`: the whole name or alias, for resolving a typed member).
 */
export function matchesMember(filter: string, code: string, name: string, exact = false): boolean {
  const f = searchKey(filter);
  if (!f) return !exact;
  const key = searchKey(name);
  if (exact) return key === f || ALIAS_KEYS.get(f) === key;
  if (key.includes(f) || code.toLowerCase().includes(f)) return true;
  for (const [alias, official] of ALIAS_KEYS) if (official === key && alias.includes(f)) return true;
  return false;
}
