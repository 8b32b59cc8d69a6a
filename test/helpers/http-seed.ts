/** Seeds a meeting over real HTTP (for servers running as a child process). */
import type { Client } from './server-process.ts';

export const CHOICE_CYCLE = ['for', 'against', 'abstain'] as const;
export type Choice = (typeof CHOICE_CYCLE)[number];

export interface HttpMeeting {
  meetingId: number;
  motionIds: number[];
  /** In member order: code, card code, frozen weight. */
  members: { code: string; card: string; weight: number }[];
  votingTokens: string[];
  checkinToken: string;
}

function expectStatus(res: { status: number; body: unknown }, status: number, what: string) {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** `memberCount` members with varied populations, one item with `motions` motions, cards, kiosks. */
export async function seedOverHttp(
  call: Client,
  adminToken: string,
  opts: { memberCount: number; motions?: number; votingKiosks?: number; requireCheckIn?: boolean },
): Promise<HttpMeeting> {
  const token = adminToken;
  const members = Array.from({ length: opts.memberCount }, (_, i) => ({
    code: `GM${String(i + 1).padStart(4, '0')}`,
    name: `Gemeente ${i + 1}`,
    province: 'Utrecht',
    population: 3_000 + ((i * 7_919) % 90_000),
  }));
  expectStatus(await call('PUT', '/api/members', { token, body: members }), 200, 'members');
  const meeting = await call('POST', '/api/meetings', { token, body: { title: 'Test ALV', date: '2023-12-01', requireCheckIn: opts.requireCheckIn ?? false, secretMinBallots: 1 } });
  expectStatus(meeting, 201, 'meeting');
  const meetingId = meeting.body.id as number;
  const agenda = await call('POST', `/api/meetings/${meetingId}/agenda`, {
    token,
    body: { items: [{ number: '7', title: 'Moties', motions: Array.from({ length: opts.motions ?? 2 }, (_, i) => ({ ref: `7.${i + 1}`, kind: 'motion', title: `Motie ${i + 1}`, submitters: ['GM0001'] })) }] },
  });
  expectStatus(agenda, 201, 'agenda');
  const motionIds = (agenda.body.items[0].motions as { id: number }[]).map((m) => m.id);
  const cards = await call('POST', `/api/meetings/${meetingId}/cards`, { token, body: {} });
  expectStatus(cards, 201, 'cards');
  const codeOf = new Map((cards.body.cards as { memberCode: string; code: string }[]).map((c) => [c.memberCode, c.code]));
  const weights = (await call('GET', '/api/members')).body as { code: string; weight: number }[];
  const votingTokens: string[] = [];
  for (let k = 0; k < (opts.votingKiosks ?? 1); k++) {
    const kiosk = await call('POST', `/api/meetings/${meetingId}/kiosks`, { token, body: { name: `Stemzuil ${k + 1}`, mode: 'voting' } });
    expectStatus(kiosk, 201, 'kiosk');
    votingTokens.push(kiosk.body.token);
  }
  const checkin = await call('POST', `/api/meetings/${meetingId}/kiosks`, { token, body: { name: 'Ingang', mode: 'checkin' } });
  expectStatus(checkin, 201, 'checkin kiosk');
  return {
    meetingId,
    motionIds,
    members: members.map((m) => ({ code: m.code, card: codeOf.get(m.code)!, weight: weights.find((w) => w.code === m.code)!.weight })),
    votingTokens,
    checkinToken: checkin.body.token,
  };
}

/** A deterministic choice per member and motion, so tests can recount what they cast. */
export function choicesFor(memberIndex: number, motionIds: number[], salt = 0): { motionId: number; choice: Choice }[] {
  return motionIds.map((motionId, j) => ({ motionId, choice: CHOICE_CYCLE[(memberIndex * 2 + j + salt) % 3] }));
}

/** Expected weight and count per motion and choice. */
export function expectedTotals(cast: { weight: number; choices: { motionId: number; choice: Choice }[] }[]) {
  const totals = new Map<number, Record<Choice, { weight: number; count: number }>>();
  for (const b of cast) {
    for (const c of b.choices) {
      const t = totals.get(c.motionId) ?? { for: { weight: 0, count: 0 }, against: { weight: 0, count: 0 }, abstain: { weight: 0, count: 0 } };
      t[c.choice].weight += b.weight;
      t[c.choice].count += 1;
      totals.set(c.motionId, t);
    }
  }
  return totals;
}
