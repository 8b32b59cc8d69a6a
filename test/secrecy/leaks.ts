/**
 * The secrecy suite's detectors: what, in anything the server sends or prints, would link a member
 * to a choice in a secret round. Each returns the leaks found, as sentences (empty: nothing found).
 */

/** A member as the public knows it (GET /api/members): code, name and weight. */
export interface KnownMember {
  code: string;
  name: string;
  weight: number;
}

/** What sits next to a choice and would name its voter or its moment. */
const NAMING_KEYS = ['memberCode', 'code', 'name', 'member', 'memberId', 'weight', 'castAt', 'cast_at', 'at', 'kiosk', 'kioskId'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Walks a JSON value (an answer or an event of a meeting whose rounds are all secret) and reports:
 * a choice next to anything that names a member, its weight or a time; a secret round that shows a
 * roll call, or tallies while it is not closed; a list of ballots not sorted by receipt. Tallies of
 * closed secret rounds are collected in `tallies` (round id → every distinct value seen), so that a
 * tally that changes, which one voter's ballot would explain, is found across many answers.
 */
export function jsonLeaks(where: string, value: unknown, tallies: Map<number, Set<string>>): string[] {
  const leaks: string[] = [];
  const walk = (node: Json, path: string): void => {
    if (Array.isArray(node)) {
      const receipts = node.map((n) => (n && typeof n === 'object' && !Array.isArray(n) && typeof n.receipt === 'string' ? n.receipt : null));
      if (node.length > 1 && receipts.every((r) => r !== null)) {
        const sorted = [...(receipts as string[])].sort();
        if (sorted.join() !== receipts.join()) leaks.push(`${where} ${path}: ballots not in receipt order (the order of voting?)`);
      }
      node.forEach((n, i) => walk(n, `${path}[${i}]`));
      return;
    }
    if (!node || typeof node !== 'object') return;
    // A ballot, or one choice of it: choices, or a choice on a motion. (A total per choice, such as a
    // bar on the projector, names no motion of its own.)
    const ballotLike =
      (Array.isArray(node.choices) && node.choices.length > 0) ||
      Boolean(node.choices && typeof node.choices === 'object' && !Array.isArray(node.choices)) ||
      (node.choice !== undefined && node.choice !== null && 'motionId' in node);
    if (ballotLike) {
      const naming = NAMING_KEYS.filter((k) => k in node);
      if (naming.length > 0) leaks.push(`${where} ${path}: a choice next to ${naming.join(', ')}`);
      // A split vote's parts add up to (at most) its voter's weight: a number in a ballot's choices
      // other than the motion names the voter as a weight beside it would.
      const numbers = JSON.stringify(node.choices ?? node, (key, v: unknown) => (key === 'motionId' ? undefined : v)).match(/:\s*\d/g);
      if (numbers) leaks.push(`${where} ${path}: a number in a ballot's choices (a split vote's parts?)`);
    }
    if (typeof node.id === 'number' && node.secret === true && typeof node.state === 'string') {
      if ('rollCall' in node) leaks.push(`${where} ${path}: roll call of secret round ${node.id}`);
      if ('tallies' in node && node.state !== 'closed') leaks.push(`${where} ${path}: tallies of secret round ${node.id} while ${node.state}`);
      if ('tallies' in node && node.state === 'closed') {
        const seen = tallies.get(node.id) ?? new Set<string>();
        seen.add(JSON.stringify((node.tallies as Json[]).map((t) => t && typeof t === 'object' && !Array.isArray(t) ? [t.motionId, t.for, t.against, t.abstain] : t)));
        tallies.set(node.id, seen);
      }
    }
    for (const [key, child] of Object.entries(node)) walk(child, `${path}.${key}`);
  };
  walk(value as Json, '');
  return leaks;
}

/** A secret round's tallies that changed between answers: the difference is one voter's ballot. */
export function changingTallies(tallies: Map<number, Set<string>>): string[] {
  return [...tallies].filter(([, seen]) => seen.size > 1).map(([id, seen]) => `secret round ${id}: ${seen.size} different tallies were shown`);
}

const CHOICE_WORDS = /\b(voor|tegen|onthouding|for|against|abstain)\b/i;

/**
 * Text (a CSV, the report's text, the audit export): a line that names a member and a choice, a CSV
 * row per member (`vote`), and any of `forbidden` (figures that must never be shown) as a number,
 * plain or with a Dutch thousands dot.
 */
export function textLeaks(where: string, text: string, members: readonly KnownMember[], forbidden: readonly number[]): string[] {
  const leaks: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^'?vote[,;]/.test(line)) leaks.push(`${where}: a row per member: ${line}`);
    if (!CHOICE_WORDS.test(line)) continue;
    const named = members.filter((m) => line.includes(m.code) || line.includes(m.name));
    if (named.length > 0) leaks.push(`${where}: ${named.map((m) => m.code).join(', ')} next to a choice: ${line.trim()}`);
  }
  for (const n of forbidden) {
    const dutch = n.toLocaleString('nl-NL').replace(/\./g, '\\.');
    if (new RegExp(`(^|[^0-9A-Za-z])(${n}|${dutch})(?![0-9A-Za-z])`).test(text)) leaks.push(`${where}: shows ${n}, a total of a secret round that did not close`);
  }
  return leaks;
}

/** The audit export (NDJSON): a secret round's ballot entries say that a member voted, nothing else. */
export function auditLeaks(where: string, ndjson: string, secretRounds: ReadonlySet<number>, notClosed: ReadonlySet<number>): string[] {
  const leaks: string[] = [];
  for (const line of ndjson.split('\n').filter(Boolean)) {
    const entry = JSON.parse(line) as { seq: number; action: string; data: Record<string, unknown> };
    const roundId = entry.data.roundId;
    if (typeof roundId !== 'number' || !secretRounds.has(roundId)) continue;
    if (entry.action.startsWith('ballot.')) {
      const extra = Object.keys(entry.data).filter((k) => !['roundId', 'memberCode', 'secret'].includes(k));
      if (extra.length > 0) leaks.push(`${where} entry ${entry.seq} (${entry.action}): ${extra.join(', ')} beside the member`);
    }
    if (notClosed.has(roundId) && 'tallies' in entry.data) leaks.push(`${where} entry ${entry.seq}: tallies of secret round ${roundId}, which did not close`);
  }
  return leaks;
}
