import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Db } from '../../db/database.ts';
import type { CardsService } from '../cards/cards.service.ts';
import { codesCsv } from '../cards/codes-csv.ts';
import type { KiosksService } from '../kiosks/kiosks.service.ts';
import type { MeetingsService } from '../meetings/meetings.service.ts';
import { parseMemberFile } from '../members/member-file.ts';
import type { MembersService } from '../members/members.service.ts';
import type { ProxiesService } from '../proxies/proxies.service.ts';
import { inTransaction } from '../../db/transaction.ts';
import { PROJECT_ROOT } from '../../paths.ts';

export const DEMO_DATA_DIR = join(PROJECT_ROOT, 'data');

/** What the demo loads through. */
export interface DemoDomain {
  db: Db;
  members: MembersService;
  meetings: MeetingsService;
  cards: CardsService;
  kiosks: KiosksService;
  proxies: ProxiesService;
}

/** The shareholder variant's proxies: the 40 members last by code each authorise one of the first 20 (two per holder). */
export const DEMO_PROXIES = { principals: 40, maxPerHolder: 2 } as const;

export interface DemoResult {
  meetingId: number;
  cardsFile: string;
  secretsFile: string;
  kiosks: { name: string; mode: string; url: string }[];
  cards: { memberCode: string; name: string; weight: number; code: string }[];
}

/** True when the database holds nothing yet: the demo is loaded only then. */
export function isEmpty(domain: DemoDomain): boolean {
  return domain.members.count() === 0 && domain.meetings.list().length === 0;
}

/**
 * Loads the demo: all 342 municipalities of 1 January 2023 with the VNG rule, the Najaars-ALV of
 * 1 December 2023 with its agenda, a card per municipality and three paired kiosks. Card codes
 * are written to a file readable only by its owner, beside the database.
 */
export function loadDemo(domain: DemoDomain, opts: { dbPath: string; adminToken?: string | null; proxies?: boolean }): DemoResult {
  const actor = 'system';
  // Read everything first, then load it in one transaction: a failed start leaves an empty
  // database, so the next start loads the demo again.
  const members = parseMemberFile({ bytes: readFileSync(join(DEMO_DATA_DIR, 'gemeenten.csv')) });
  const demo = JSON.parse(readFileSync(join(DEMO_DATA_DIR, 'demo-meeting.json'), 'utf8')) as { meeting: unknown; items: unknown };
  const { meeting, cards, kiosks } = inTransaction(domain.db, () => {
    domain.members.import(members, actor);
    // The shareholder variant (STEMKAART_DEMO=shareholder): the same meeting with proxy votes allowed.
    const meetingInput = opts.proxies ? { ...(demo.meeting as object), proxies: { allowed: true, maxPerHolder: DEMO_PROXIES.maxPerHolder } } : demo.meeting;
    const meeting = domain.meetings.create(meetingInput, actor);
    domain.meetings.markDemo(meeting.id);
    domain.meetings.addAgenda(meeting.id, { items: demo.items }, actor);
    const cards = domain.cards.issue(meeting.id, undefined, actor);
    if (opts.proxies) {
      const codes = members.map((m) => m.code).sort();
      for (let k = 0; k < DEMO_PROXIES.principals; k++) {
        domain.proxies.add(meeting.id, { principal: codes[codes.length - 1 - k], holder: codes[k >> 1], reference: `Demo-volmacht ${k + 1}` }, actor);
      }
    }
    const kiosks = [
      domain.kiosks.pair(meeting.id, { name: 'Registratiebalie', mode: 'checkin' }, actor),
      domain.kiosks.pair(meeting.id, { name: 'Stemzuil 1', mode: 'voting' }, actor),
      domain.kiosks.pair(meeting.id, { name: 'Stemzuil 2', mode: 'voting' }, actor),
    ];
    return { meeting, cards, kiosks };
  });

  const dir = opts.dbPath === ':memory:' ? DEMO_DATA_DIR : dirname(resolve(opts.dbPath));
  const cardsFile = join(dir, 'demo-cards.csv');
  writeFileSync(cardsFile, codesCsv(cards, 'nl'), { mode: 0o600 });
  chmodSync(cardsFile, 0o600);
  const secretsFile = join(dir, 'demo-secrets.txt');
  const lines = [
    '# Stemkaart demo: keep this file private (it opens the chair console and the kiosks).',
    ...(opts.adminToken ? [`admin token: ${opts.adminToken}`] : []),
    ...kiosks.map((k) => `kiosk "${k.name}" (${k.mode}): ${k.url}`),
  ];
  writeFileSync(secretsFile, `${lines.join('\n')}\n`, { mode: 0o600 });
  chmodSync(secretsFile, 0o600);
  return { meetingId: meeting.id, cardsFile, secretsFile, kiosks: kiosks.map((k) => ({ name: k.name, mode: k.mode, url: k.url })), cards };
}
