import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../server/app.ts';
import type { AppConfig } from '../../server/config.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestApp {
  app: FastifyInstance;
  dir: string;
  dbPath: string;
  close: () => Promise<void>;
  /** inject with the admin token */
  admin: (opts: InjectOptions) => Promise<LightMyRequestResponse>;
  /** inject with a kiosk token */
  kiosk: (token: string, opts: InjectOptions) => Promise<LightMyRequestResponse>;
}

/** A fresh app on its own temporary database file. */
export async function makeApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'stemkaart-test-'));
  const dbPath = overrides.dbPath ?? join(dir, 'test.db');
  const app = await buildApp({ dbPath, adminToken: ADMIN_TOKEN, logLevel: 'silent', publicUrl: 'http://127.0.0.1:3000', ...overrides });
  const withAuth = (token: string, opts: InjectOptions): Promise<LightMyRequestResponse> => app.inject({ ...opts, headers: { authorization: `Bearer ${token}`, ...(opts.headers ?? {}) } });
  return {
    app,
    dir,
    dbPath,
    admin: (opts) => withAuth(ADMIN_TOKEN, opts),
    kiosk: (token, opts) => withAuth(token, opts),
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface SeededMeeting {
  meetingId: number;
  /** memberCode → card code */
  codes: Map<string, string>;
  members: { code: string; name: string; population: number; weight: number }[];
  checkinToken: string;
  votingToken: string;
  motionIds: number[];
}

/**
 * A meeting through the API: `members` municipalities with the given populations, an agenda of
 * one item with `motions` motions, cards for everyone, one check-in and one voting kiosk. Its secret
 * rounds close without the small-round question (`secretMinBallots` 1: these meetings have a few
 * members); test/secrecy/small-rounds.test.ts asks it.
 */
export async function seedMeeting(
  t: TestApp,
  opts: { populations?: number[]; motions?: number; requireCheckIn?: boolean; checkInAll?: boolean; allowSplit?: boolean; secretMinBallots?: number } = {},
): Promise<SeededMeeting> {
  const populations = opts.populations ?? [100_000, 50_000, 20_000, 5_000];
  const members = populations.map((population, i) => ({ code: `GM${String(i + 1).padStart(4, '0')}`, name: `Gemeente ${String.fromCharCode(65 + (i % 26))}${i}`, province: 'Utrecht', population }));
  let res = await t.admin({ method: 'PUT', url: '/api/members', payload: members });
  if (res.statusCode !== 200) throw new Error(`seed members: ${res.body}`);
  res = await t.admin({ method: 'POST', url: '/api/meetings', payload: { title: 'Test ALV', date: '2023-12-01', venue: 'Utrecht', requireCheckIn: opts.requireCheckIn ?? true, allowSplit: opts.allowSplit ?? false, secretMinBallots: opts.secretMinBallots ?? 1 } });
  const meetingId = res.json().id as number;
  const motionCount = opts.motions ?? 2;
  res = await t.admin({
    method: 'POST',
    url: `/api/meetings/${meetingId}/agenda`,
    payload: { items: [{ number: '7', title: 'Moties', motions: Array.from({ length: motionCount }, (_, i) => ({ ref: `7.${i + 1}`, kind: 'motion', title: `Motie ${i + 1}`, submitters: [members[0].code] })) }] },
  });
  if (res.statusCode !== 201) throw new Error(`seed agenda: ${res.body}`);
  const motionIds = (res.json().items[0].motions as { id: number }[]).map((m) => m.id);
  res = await t.admin({ method: 'POST', url: `/api/meetings/${meetingId}/cards`, payload: {} });
  const codes = new Map<string, string>((res.json().cards as { memberCode: string; code: string }[]).map((c) => [c.memberCode, c.code]));
  const checkinToken = (await t.admin({ method: 'POST', url: `/api/meetings/${meetingId}/kiosks`, payload: { name: 'Ingang', mode: 'checkin' } })).json().token as string;
  const votingToken = (await t.admin({ method: 'POST', url: `/api/meetings/${meetingId}/kiosks`, payload: { name: 'Stemzuil', mode: 'voting' } })).json().token as string;
  if (opts.checkInAll ?? true) {
    for (const code of codes.values()) await t.kiosk(checkinToken, { method: 'POST', url: '/api/checkins', payload: { code } });
  }
  const weights = (await t.app.inject({ method: 'GET', url: '/api/members' })).json() as { code: string; weight: number }[];
  return {
    meetingId,
    codes,
    members: members.map((m) => ({ ...m, weight: weights.find((w) => w.code === m.code)!.weight })),
    checkinToken,
    votingToken,
    motionIds,
  };
}

let nonceCounter = 0;
export const nonce = () => `nonce-${process.pid}-${++nonceCounter}-${Math.random().toString(36).slice(2, 10)}`;
