/**
 * The secrecy suite (issue 12): members whose weights nobody else has vote in secret rounds, and
 * everything the server gives anyone is searched for what would link a member to a choice, while a
 * round is open, after it closed, after a cancel and after a revote (herstemming): every public GET
 * and its admin twin, results.csv, the report's text (pdftotext), the audit export, every event on
 * /live, /kiosk and /chair (and a fresh snapshot on each), and what the projector makes of /live.
 *
 * A leak is: a choice next to a member's code, name, weight or a time; a secret round's roll call;
 * its tallies before it closed, or tallies that change (the difference is one voter's ballot); ballots
 * not in receipt order; a figure of a secret round that did not close, anywhere.
 *
 * The meeting allows split votes and has a practice motion: a split is refused in a secret round (its
 * parts, published per ballot, would add up to the voter's weight), so no published secret ballot
 * carries a number; a cancelled secret practice round shows nothing either.
 *
 * On the code of commit d6fe399 it fails: the published ballots carried each voter's weight, and a
 * cancelled secret round showed its tallies (views, events, CSV) to everyone.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Snapshot } from '../../shared/events.ts';
import type { Round } from '../../shared/schemas.ts';
import { applyPresence, applyRound, applySnapshot, emptyState, projectorView, type LiveState } from '../../projector-view/src/view-model.ts';
import { pdfText } from '../helpers/barcodes.ts';
import { connectFeed, startServer, type Recorder, type RunningServer } from '../helpers/live.ts';
import { auditLeaks, changingTallies, jsonLeaks, textLeaks, type KnownMember } from './leaks.ts';

const CHOICES = ['for', 'against', 'abstain'] as const;
type Choice = (typeof CHOICES)[number];

// Weights that nobody else has, large enough that a sum of two or more is a figure found nowhere else.
const WEIGHTS = [11_003, 23_011, 35_027, 47_041, 59_053, 61_057, 73_069, 85_081];

let server: RunningServer;
let base: string;
let admin: string;
let meetingId: number;
let motionIds: number[];
let practiceId: number;
/** The motions of each round, in its order. */
const roundMotions = new Map<number, number[]>();
let members: KnownMember[];
let cards: Map<string, string>;
let votingToken: string;
let feeds: { live: Recorder; kiosk: Recorder; chair: Recorder };
const secretRounds = new Set<number>();
const notClosed = new Set<number>();
/** Figures of secret rounds that did not close: never to be shown. */
const forbidden: number[] = [];
/** What each secret round's ballots were, to compute those figures. */
const castIn = new Map<number, { member: KnownMember; choices: Choice[] }[]>();
const tallies = new Map<number, Set<string>>();
const found: string[] = [];
const looked: string[] = [];

async function fetchRaw(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; type: string; bytes: Buffer }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', bytes: Buffer.from(await res.arrayBuffer()) };
}

async function send<T>(method: string, path: string, body?: unknown, token = admin): Promise<T> {
  const res = await fetchRaw(method, path, body, token);
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${res.bytes.toString()}`);
  return JSON.parse(res.bytes.toString()) as T;
}

beforeAll(async () => {
  server = await startServer();
  base = server.baseUrl;
  admin = server.adminToken;
  members = WEIGHTS.map((weight, i) => ({ code: `GM${7001 + i}`, name: `Geheimstad ${String.fromCharCode(65 + i)}`, weight }));
  await send('PUT', '/api/members', members.map((m) => ({ code: m.code, name: m.name, province: 'Utrecht', population: 1000, weight: m.weight })));
  meetingId = (await send<{ id: number }>('POST', '/api/meetings', { title: 'Geheime ALV', date: '2024-06-01', venue: 'Utrecht', allowSplit: true, secretMinBallots: 1 })).id;
  const agenda = await send<{ items: { number: string; motions: { id: number }[] }[] }>('POST', `/api/meetings/${meetingId}/agenda`, {
    items: [
      { number: '1', title: 'Opening', motions: [{ ref: 'PROEF', kind: 'practice', title: 'Proefstemming' }] },
      { number: '5', title: 'Benoemingen', motions: [1, 2].map((i) => ({ ref: `5.${i}`, kind: 'resolution', title: `Benoeming ${i}`, submitters: [members[0].code] })) },
    ],
  });
  practiceId = agenda.items.find((i) => i.number === '1')!.motions[0].id;
  motionIds = agenda.items.find((i) => i.number === '5')!.motions.map((m) => m.id);
  const issued = await send<{ cards: { memberCode: string; code: string }[] }>('POST', `/api/meetings/${meetingId}/cards`, {});
  cards = new Map(issued.cards.map((c) => [c.memberCode, c.code]));
  const checkin = await send<{ token: string }>('POST', `/api/meetings/${meetingId}/kiosks`, { name: 'Ingang', mode: 'checkin' });
  votingToken = (await send<{ token: string }>('POST', `/api/meetings/${meetingId}/kiosks`, { name: 'Stembalie', mode: 'voting' })).token;
  for (const code of cards.values()) await send('POST', '/api/checkins', { code }, checkin.token);
  feeds = {
    live: connectFeed(base, '/live', { meetingId }),
    kiosk: connectFeed(base, '/kiosk', { token: votingToken }),
    chair: connectFeed(base, '/chair', { token: admin, meetingId }),
  };
  for (const feed of Object.values(feeds)) await vi.waitFor(() => expect(feed.snapshots.length).toBeGreaterThan(0), { timeout: 10_000 });
});

afterAll(async () => {
  for (const feed of Object.values(feeds ?? {})) feed.socket.disconnect();
  await server?.close();
});

// ---------- acting ----------

async function openSecretRound(motions = motionIds): Promise<number> {
  const round = await send<{ id: number }>('POST', `/api/meetings/${meetingId}/rounds`, { motionIds: motions, secret: true });
  await send('POST', `/api/rounds/${round.id}/open`);
  secretRounds.add(round.id);
  notClosed.add(round.id);
  castIn.set(round.id, []);
  roundMotions.set(round.id, motions);
  return round.id;
}

async function vote(roundId: number, member: KnownMember, choices: Choice[]): Promise<void> {
  const nonce = `suite-${roundId}-${member.code}-${Math.random().toString(36).slice(2)}`;
  await send('POST', '/api/ballots', { code: cards.get(member.code), roundId, choices: roundMotions.get(roundId)!.map((motionId, i) => ({ motionId, choice: choices[i] })), nonce }, votingToken);
  castIn.get(roundId)!.push({ member, choices });
}

/** The figures the round would have shown: each choice's weight, where two or more members made it. */
function wouldBeFigures(roundId: number): number[] {
  const ballots = castIn.get(roundId)!;
  const turnouts = ballots.map((_, i) => ballots.slice(0, i + 1).reduce((s, b) => s + b.member.weight, 0));
  const out: number[] = [];
  roundMotions.get(roundId)!.forEach((_, k) => {
    for (const c of CHOICES) {
      const by = ballots.filter((b) => b.choices[k] === c);
      if (by.length >= 2) out.push(by.reduce((s, b) => s + b.member.weight, 0));
    }
  });
  // A turnout is shown, and rightly: a figure equal to one would be found where it is no leak.
  expect(out.filter((n) => turnouts.includes(n))).toEqual([]);
  return out;
}

/** Every feed has heard of the round as it now is. */
async function settled(roundId: number): Promise<void> {
  const now = await send<Round>('GET', `/api/rounds/${roundId}`);
  for (const feed of Object.values(feeds)) {
    await expect.poll(() => {
      const last = feed.lastRound(roundId);
      return last && last.state === now.state && last.voted.count === now.voted.count;
    }, { timeout: 10_000 }).toBe(true);
  }
}

// ---------- looking ----------

/** What the projector makes of everything /live sent: the state its screen is drawn from. */
function projector(feed: Recorder): unknown {
  let state: LiveState = emptyState();
  for (const raw of feed.raw) {
    const event = JSON.parse(raw) as Snapshot | Round | { count: number; weight: number };
    if ('rounds' in event) state = applySnapshot(state, event);
    else if ('state' in event && 'motionIds' in event) state = applyRound(state, event);
    else state = applyPresence(state, event as { count: number; weight: number });
  }
  return { nl: projectorView(state, 'nl'), en: projectorView(state, 'en') };
}

async function freshSnapshot(namespace: '/live' | '/kiosk' | '/chair'): Promise<Snapshot> {
  const feed = connectFeed(base, namespace, namespace === '/live' ? { meetingId } : namespace === '/kiosk' ? { token: votingToken } : { token: admin, meetingId });
  try {
    await expect.poll(() => feed.snapshots.length, { timeout: 10_000 }).toBeGreaterThan(0);
    return feed.snapshots[0];
  } finally {
    feed.socket.disconnect();
  }
}

/** Searches everything anyone can get now; `when` names the moment in the leaks found. */
async function lookEverywhere(when: string): Promise<void> {
  const rounds = (await send<Round[]>('GET', `/api/meetings/${meetingId}/rounds`)).map((r) => r.id);
  const paths = [
    '/api/members',
    '/api/meetings',
    `/api/meetings/${meetingId}`,
    `/api/meetings/${meetingId}/rounds`,
    `/api/meetings/${meetingId}/presence`,
    `/api/meetings/${meetingId}/cards`,
    `/api/meetings/${meetingId}/secret-round-check`,
    `/api/meetings/${meetingId}/voting-record.json`,
    `/api/meetings/${meetingId}/voting-record.csv`,
    `/api/meetings/${meetingId}/live`,
    `/api/meetings/${meetingId}/report.pdf`,
    `/api/meetings/${meetingId}/audit`,
    ...rounds.flatMap((id) => [`/api/rounds/${id}`, `/api/rounds/${id}/ballots`, `/api/rounds/${id}/results.csv`, `/api/rounds/${id}/results.csv?sep=semicolon`]),
  ];
  for (const who of ['public', 'chair'] as const) {
    for (const path of paths) {
      const res = await fetchRaw('GET', path, undefined, who === 'chair' ? admin : undefined);
      if (res.status !== 200) continue;
      const where = `${when}, ${who} GET ${path}`;
      looked.push(where);
      if (res.type.startsWith('application/pdf')) found.push(...textLeaks(where, pdfText(res.bytes), members, forbidden));
      else if (path.endsWith('/audit')) {
        const text = res.bytes.toString('utf8');
        found.push(...auditLeaks(where, text, secretRounds, notClosed), ...textLeaks(where, text, members, forbidden));
      } else if (res.type.startsWith('application/json')) {
        const text = res.bytes.toString('utf8');
        found.push(...jsonLeaks(where, JSON.parse(text), tallies), ...textLeaks(where, text, [], forbidden));
      } else found.push(...textLeaks(where, res.bytes.toString('utf8'), members, forbidden));
    }
  }
  for (const namespace of ['/live', '/kiosk', '/chair'] as const) {
    const where = `${when}, fresh ${namespace} snapshot`;
    const snapshot = await freshSnapshot(namespace);
    looked.push(where);
    found.push(...jsonLeaks(where, snapshot, tallies), ...textLeaks(where, JSON.stringify(snapshot), [], forbidden));
  }
  for (const [name, feed] of Object.entries(feeds)) {
    feed.raw.forEach((raw, i) => found.push(...jsonLeaks(`${when}, /${name} event ${i}`, JSON.parse(raw), tallies)));
    found.push(...textLeaks(`${when}, every /${name} event`, feed.raw.join('\n'), [], forbidden));
  }
  const screen = projector(feeds.live);
  found.push(...jsonLeaks(`${when}, projector`, screen, tallies), ...textLeaks(`${when}, projector`, JSON.stringify(screen), members, forbidden));
  looked.push(`${when}, projector`);
}

describe('secrecy suite: nothing links a member to a choice in a secret round', () => {
  it('while open, after close, after a cancel and after a revote, in every answer, export, event and on the projector', async () => {
    // Round 1: open; searched after every ballot, then after close.
    const r1 = await openSecretRound();
    // The meeting allows split votes, but not in a secret round: the kiosk is told so, and a split
    // (here of the member's whole weight, which it would publish) is refused and changes nothing.
    expect((await send<{ allowSplit: boolean }>('GET', `/api/meetings/${meetingId}`)).allowSplit).toBe(true);
    const scan = await send<{ round: { id: number; allowSplit: boolean } }>('POST', '/api/scan', { code: cards.get(members[0].code) }, votingToken);
    expect(scan.round).toMatchObject({ id: r1, allowSplit: false });
    const split = await fetchRaw(
      'POST',
      '/api/ballots',
      { code: cards.get(members[0].code), roundId: r1, nonce: `suite-split-${r1}`, choices: [{ motionId: motionIds[0], split: { for: 5_000, against: 6_003 } }, { motionId: motionIds[1], choice: 'for' }] },
      votingToken,
    );
    expect(split.status).toBe(400);
    expect(JSON.parse(split.bytes.toString()).error).toBe('invalid_choices');
    expect((await send<Round>('GET', `/api/rounds/${r1}`)).voted).toEqual({ weight: 0, count: 0 });
    const firstVotes: Choice[][] = [['for', 'against'], ['against', 'for'], ['abstain', 'abstain'], ['for', 'for'], ['against', 'against']];
    for (const [i, choices] of firstVotes.entries()) {
      await vote(r1, members[i], choices);
      await settled(r1);
      await lookEverywhere(`round ${r1} open, ${i + 1} voted`);
    }
    await send('POST', `/api/rounds/${r1}/close`);
    notClosed.delete(r1);
    await settled(r1);
    await lookEverywhere(`round ${r1} closed`);

    // Round 2: four ballots, then cancelled.
    const r2 = await openSecretRound();
    // (Chosen so that no figure it would have shown equals a turnout it did show on the way.)
    for (const [i, choices] of ([['for', 'against'], ['against', 'for'], ['for', 'for'], ['against', 'against']] as Choice[][]).entries()) await vote(r2, members[i + 2], choices);
    await settled(r2);
    forbidden.push(...wouldBeFigures(r2));
    await send('POST', `/api/rounds/${r2}/cancel`, { reason: 'verkeerde motie' });
    await settled(r2);
    await lookEverywhere(`round ${r2} cancelled`);

    // Round 3: three ballots, then a revote: round 3 is cancelled, round 4 opens on the same motions.
    const r3 = await openSecretRound();
    for (const [i, choices] of ([['abstain', 'for'], ['for', 'against'], ['abstain', 'for']] as Choice[][]).entries()) await vote(r3, members[i + 4], choices);
    await settled(r3);
    forbidden.push(...wouldBeFigures(r3));
    const r4 = (await send<Round>('POST', `/api/rounds/${r3}/revote`)).id;
    secretRounds.add(r4);
    notClosed.add(r4);
    castIn.set(r4, []);
    roundMotions.set(r4, motionIds);
    await settled(r3);
    await lookEverywhere(`round ${r3} revoted as ${r4}`);
    for (const [i, choices] of ([['for', 'against'], ['against', 'against'], ['for', 'abstain']] as Choice[][]).entries()) await vote(r4, members[i + 5], choices);
    await settled(r4);
    await lookEverywhere(`round ${r4} open after the revote`);
    await send('POST', `/api/rounds/${r4}/close`);
    notClosed.delete(r4);
    await settled(r4);
    await lookEverywhere(`round ${r4} closed`);

    // Round 5: a secret practice round (proefstemming), four ballots, then cancelled.
    const r5 = await openSecretRound([practiceId]);
    expect((await send<Round>('GET', `/api/rounds/${r5}`)).practice).toBe(true);
    // (Voters and choices such that neither figure it would have shown is one shown elsewhere.)
    for (const [i, choice] of [[7, 'for'], [6, 'against'], [0, 'for'], [1, 'against']] as [number, Choice][]) await vote(r5, members[i], [choice]);
    await settled(r5);
    forbidden.push(...wouldBeFigures(r5));
    await send('POST', `/api/rounds/${r5}/cancel`, { reason: 'proef mislukt' });
    await settled(r5);
    await lookEverywhere(`practice round ${r5} cancelled`);

    found.push(...changingTallies(tallies));
    // The suite looked where it says it looks.
    expect(looked.some((w) => w.includes('report.pdf'))).toBe(true);
    expect(looked.some((w) => w.includes('results.csv') && w.includes('chair'))).toBe(true);
    expect(looked.some((w) => w.includes('/audit'))).toBe(true);
    expect(looked.some((w) => w.includes(`/api/rounds/${r1}/ballots`))).toBe(true);
    expect(feeds.kiosk.rounds.length).toBeGreaterThan(0);
    expect(forbidden.length).toBeGreaterThanOrEqual(6);
    expect(looked.some((w) => w.includes(`practice round ${r5} cancelled`) && w.includes(`/api/rounds/${r5}`))).toBe(true);
    expect([...new Set(found)]).toEqual([]);
  }, 180_000);
});

describe('the suite can fail: its detectors on answers that leak', () => {
  const member: KnownMember = { code: 'GM7001', name: 'Geheimstad A', weight: 11_003 };
  it('finds a choice next to a member or a weight, a roll call, early or changing tallies, and ballots in the order of voting', () => {
    const seen = new Map<number, Set<string>>();
    expect(jsonLeaks('x', [{ receipt: 'B', choices: [{ motionId: 1, choice: 'for' }], weight: 11_003 }], seen)).toHaveLength(1);
    expect(jsonLeaks('x', { rollCall: [{ memberCode: 'GM7001', choices: [{ motionId: 1, choice: 'for' }] }] }, seen)).toHaveLength(1);
    expect(jsonLeaks('x', { id: 9, secret: true, state: 'cancelled', tallies: [] }, seen)).toHaveLength(1);
    expect(jsonLeaks('x', { id: 9, secret: true, state: 'closed', rollCall: [] }, seen)).toHaveLength(1);
    expect(jsonLeaks('x', [{ receipt: 'B', choices: [] }, { receipt: 'A', choices: [] }], seen)).toHaveLength(1);
    expect(jsonLeaks('x', { receipt: 'A', choices: [{ motionId: 1, split: { for: 40, against: 21, abstain: 0 } }] }, seen)).toHaveLength(1);
    expect(jsonLeaks('x', { receipt: 'A', choices: [{ motionId: 1, choice: 'for' }] }, seen)).toEqual([]);
    jsonLeaks('x', { id: 9, secret: true, state: 'closed', tallies: [{ motionId: 1, for: { weight: 1, count: 1 } }] }, seen);
    jsonLeaks('x', { id: 9, secret: true, state: 'closed', tallies: [{ motionId: 1, for: { weight: 2, count: 2 } }] }, seen);
    expect(changingTallies(seen)).toHaveLength(1);
  });
  it('finds a member beside a choice in text, a row per member, a forbidden figure and an audit entry with a choice', () => {
    expect(textLeaks('x', 'Geheimstad A   GM7001   Voor', [member], [])).toHaveLength(1);
    expect(textLeaks('x', 'vote,1,1,5.1,Benoeming,GM7001,Geheimstad A,for,11003,1,', [member], [])).toHaveLength(2);
    expect(textLeaks('x', 'Tegen 94.068 2', [], [94_068])).toHaveLength(1);
    expect(textLeaks('x', '{"weight":94068}', [], [94_068])).toHaveLength(1);
    expect(textLeaks('x', 'hash 0a94068f', [], [94_068])).toHaveLength(0);
    expect(auditLeaks('x', '{"seq":3,"action":"ballot.cast","data":{"roundId":2,"memberCode":"GM7001","weight":11003}}', new Set([2]), new Set())).toHaveLength(1);
  });
});
