/**
 * A real Stemkaart server on a free port with a small meeting made through the HTTP API, and
 * Socket.IO clients that record what they receive. Used by the live-feed tests, the projector's
 * browser test and `npm run bench:live`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, Snapshot } from '../../shared/events.ts';
import type { Choice, MeetingDetail, PresenceSummary, Projector, Round } from '../../shared/schemas.ts';
import { buildApp } from '../../server/app.ts';

export const LIVE_ADMIN_TOKEN = 'live-test-admin-token-0123456789';

export interface RunningServer {
  app: FastifyInstance;
  baseUrl: string;
  adminToken: string;
  dir: string;
  close(): Promise<void>;
}

export async function startServer(options: { dir?: string; clientsDir?: string; port?: number } = {}): Promise<RunningServer> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'stemkaart-live-')));
  const app = await buildApp({ dbPath: join(dir, 'stemkaart.db'), adminToken: LIVE_ADMIN_TOKEN, logLevel: 'silent', clientsDir: options.clientsDir });
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    adminToken: LIVE_ADMIN_TOKEN,
    dir,
    async close() {
      await app.close();
      if (!options.dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = unknown>(baseUrl: string, method: string, path: string, body?: unknown, token?: string): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, headers: response.headers };
}

/** Like `call`, but throws unless the status is the expected one. */
export async function ok<T = unknown>(baseUrl: string, method: string, path: string, body?: unknown, token?: string, expected = [200, 201]): Promise<T> {
  const answer = await call<T>(baseUrl, method, path, body, token);
  if (!expected.includes(answer.status)) throw new Error(`${method} ${path} → ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export interface SeededCard {
  memberCode: string;
  code: string;
  weight: number;
}

export interface SeededMeeting {
  meetingId: number;
  motionIds: number[];
  cards: SeededCard[];
  checkinToken: string;
  votingToken: string;
  votingKioskId: number;
}

/**
 * Members GM9001.. with weights 1..75 spread, one meeting of `date` with one agenda item of `motions`
 * motions, a card each, a check-in and a voting kiosk. Nobody is checked in yet.
 */
export async function seedMeeting(
  baseUrl: string,
  adminToken: string,
  options: { members?: number; motions?: number; title?: string; date?: string; requireCheckIn?: boolean; secretMinBallots?: number } = {},
): Promise<SeededMeeting> {
  const memberCount = options.members ?? 6;
  const members = Array.from({ length: memberCount }, (_, i) => {
    const weight = 1 + ((i * 37) % 75);
    return { code: `GM${9001 + i}`, name: `Gemeente ${String.fromCharCode(65 + (i % 26))}${i >= 26 ? i : ''}`, province: 'Utrecht', population: weight * 1000 + 500 };
  });
  await ok(baseUrl, 'PUT', '/api/members', members, adminToken);
  const meeting = await ok<{ id: number }>(
    baseUrl,
    'POST',
    '/api/meetings',
    { title: options.title ?? 'Proef-ALV', date: options.date ?? '2030-06-07', venue: 'Jaarbeurs, Utrecht', requireCheckIn: options.requireCheckIn ?? true, secretMinBallots: options.secretMinBallots ?? 1 },
    adminToken,
  );
  const motionCount = options.motions ?? 2;
  await ok(
    baseUrl,
    'POST',
    `/api/meetings/${meeting.id}/agenda`,
    {
      items: [
        {
          number: '7',
          title: 'Moties',
          motions: Array.from({ length: motionCount }, (_, i) => ({
            ref: `7.${i + 1}`,
            kind: 'motion',
            title: i === 0 ? 'Goed beleid = integraal beleid' : `Motie nummer ${i + 1} over de financiële verhouding`,
            submitters: [members[0].code],
            boardAdvice: i % 2 === 0 ? 'adopt' : 'reject',
          })),
        },
      ],
    },
    adminToken,
  );
  const detail = await ok<MeetingDetail>(baseUrl, 'GET', `/api/meetings/${meeting.id}`);
  const motionIds = detail.agenda.flatMap((item) => item.motions.map((m) => m.id));
  const issued = await ok<{ cards: { memberCode: string; code: string }[] }>(baseUrl, 'POST', `/api/meetings/${meeting.id}/cards`, {}, adminToken);
  const weightOf = new Map(members.map((m) => [m.code, 1 + (members.indexOf(m) * 37) % 75]));
  const checkin = await ok<{ id: number; token: string }>(baseUrl, 'POST', `/api/meetings/${meeting.id}/kiosks`, { name: 'Ingang', mode: 'checkin' }, adminToken);
  const voting = await ok<{ id: number; token: string }>(baseUrl, 'POST', `/api/meetings/${meeting.id}/kiosks`, { name: 'Stembalie 1', mode: 'voting' }, adminToken);
  return {
    meetingId: meeting.id,
    motionIds,
    cards: issued.cards.map((c) => ({ ...c, weight: weightOf.get(c.memberCode) ?? 0 })),
    checkinToken: checkin.token,
    votingToken: voting.token,
    votingKioskId: voting.id,
  };
}

export function checkIn(baseUrl: string, seeded: SeededMeeting, code: string, direction: 'in' | 'out' = 'in'): Promise<unknown> {
  return ok(baseUrl, 'POST', '/api/checkins', { code, direction }, seeded.checkinToken);
}

export async function createRound(
  baseUrl: string,
  adminToken: string,
  meetingId: number,
  body: { motionIds: number[]; secret?: boolean; showLive?: boolean; allowChange?: boolean; majority?: 'simple' | 'two_thirds'; quorumPercent?: number },
  open = true,
): Promise<number> {
  const round = await ok<{ id: number }>(baseUrl, 'POST', `/api/meetings/${meetingId}/rounds`, body, adminToken);
  if (open) await ok(baseUrl, 'POST', `/api/rounds/${round.id}/open`, undefined, adminToken);
  return round.id;
}

let nonceCounter = 0;
export function castBallot(baseUrl: string, seeded: SeededMeeting, code: string, roundId: number, motionIds: number[], choice: Choice | Choice[]): Promise<{ receipt: string; castAt: string }> {
  const choices = motionIds.map((motionId, i) => ({ motionId, choice: Array.isArray(choice) ? choice[i] : choice }));
  nonceCounter += 1;
  return ok(baseUrl, 'POST', '/api/ballots', { code, roundId, choices, nonce: `n-${process.pid}-${nonceCounter}-${Date.now()}` }, seeded.votingToken);
}

// ---------- Socket.IO clients ----------

export type FeedSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Recorder {
  socket: FeedSocket;
  snapshots: Snapshot[];
  rounds: Round[];
  presence: PresenceSummary[];
  projector: Projector[];
  /** Raw JSON of everything received, to check what is never sent. */
  raw: string[];
  disconnects: string[];
  lastRound(id?: number): Round | undefined;
}

export function connectFeed(
  baseUrl: string,
  namespace: '/live' | '/chair' | '/kiosk',
  options: { meetingId?: number; token?: string; cookie?: string; origin?: string; reconnection?: boolean; reconnectionDelayMs?: number } = {},
): Recorder {
  const socket: FeedSocket = io(`${baseUrl}${namespace}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: options.reconnection ?? false,
    // As the projector reconnects (projector-view/src/socket.ts): from half a second on.
    ...(options.reconnectionDelayMs === undefined ? {} : { reconnectionDelay: options.reconnectionDelayMs, reconnectionDelayMax: options.reconnectionDelayMs * 2 }),
    query: options.meetingId === undefined ? {} : { meetingId: String(options.meetingId) },
    auth: options.token === undefined ? {} : { token: options.token },
    extraHeaders: options.cookie || options.origin ? { ...(options.cookie ? { cookie: options.cookie } : {}), ...(options.origin ? { origin: options.origin } : {}) } : undefined,
  });
  const recorder: Recorder = {
    socket,
    snapshots: [],
    rounds: [],
    presence: [],
    projector: [],
    raw: [],
    disconnects: [],
    lastRound(id) {
      for (let i = this.rounds.length - 1; i >= 0; i -= 1) if (id === undefined || this.rounds[i].id === id) return this.rounds[i];
      return undefined;
    },
  };
  socket.on('snapshot', (s) => {
    recorder.snapshots.push(s);
    recorder.raw.push(JSON.stringify(s));
  });
  socket.on('round', (r) => {
    recorder.rounds.push(r);
    recorder.raw.push(JSON.stringify(r));
  });
  socket.on('presence', (p) => {
    recorder.presence.push(p);
    recorder.raw.push(JSON.stringify(p));
  });
  socket.on('projector', (p) => {
    recorder.projector.push(p);
    recorder.raw.push(JSON.stringify(p));
  });
  socket.on('disconnect', (reason) => recorder.disconnects.push(reason));
  return recorder;
}

/** Resolves on connect, rejects with the refusal (`message` = reason) on connect_error. */
export function connected(recorder: Recorder): Promise<void> {
  return new Promise((resolve, reject) => {
    if (recorder.socket.connected) return resolve();
    recorder.socket.once('connect', () => resolve());
    recorder.socket.once('connect_error', (error) => reject(error));
  });
}
