/**
 * Every HTTP call of the chair console. The session cookie (httpOnly, set by POST /api/session)
 * authenticates; errors come back as ApiFailure carrying the server's reason and message, which
 * the UI shows as they are (the server words them in the chosen language).
 */
import type {
  AuditVerify,
  Kiosk,
  KioskMode,
  Majority,
  Meeting,
  MeetingDetail,
  Member,
  Outcome,
  Round,
} from '../../shared/schemas.ts';
import type { CardState } from '../../shared/chair.ts';

export type { CardState };

export class ApiFailure extends Error {
  readonly status: number;
  readonly reason: string;
  constructor(status: number, reason: string, message: string) {
    super(message);
    this.name = 'ApiFailure';
    this.status = status;
    this.reason = reason;
  }
}

let language: 'nl' | 'en' = 'nl';
/** Server messages follow the console's language switch. */
export function setApiLanguage(lang: 'nl' | 'en'): void {
  language = lang;
}

/** Called on any 401 so the console can fall back to the login screen. */
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

async function request(method: string, path: string, body?: unknown, accept = 'application/json'): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept, 'Accept-Language': language === 'en' ? 'en' : 'nl' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiFailure(0, 'network', language === 'en' ? 'The server cannot be reached.' : 'De server is niet bereikbaar.');
  }
  if (!response.ok) {
    let reason = 'internal';
    let message = `${response.status} ${response.statusText}`;
    try {
      const data = (await response.json()) as { error?: string; message?: string };
      reason = data.error ?? reason;
      message = data.message ?? message;
    } catch {
      // not JSON: keep the status line
    }
    if (response.status === 401 && !path.startsWith('/api/session')) onUnauthorized();
    throw new ApiFailure(response.status, reason, message);
  }
  return response;
}

async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await request(method, path, body);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

// ---------- session ----------

export async function sessionActive(): Promise<boolean> {
  try {
    await json('GET', '/api/session');
    return true;
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 401) return false;
    throw error;
  }
}
export const login = (token: string) => json<unknown>('POST', '/api/session', { token });
export const logout = () => json<unknown>('DELETE', '/api/session');

// ---------- meetings, members, agenda ----------

export const listMeetings = () => json<Meeting[]>('GET', '/api/meetings');
export const getMeeting = (id: number) => json<MeetingDetail>('GET', `/api/meetings/${id}`);
export const listMembers = () => json<Member[]>('GET', '/api/members');
export const withdrawMotion = (motionId: number) => json<unknown>('POST', `/api/motions/${motionId}/withdraw`);

export interface ManualResultInput {
  outcome: Outcome;
  for?: number;
  against?: number;
  abstain?: number;
  note?: string;
}
export const recordManualResult = (motionId: number, input: ManualResultInput) =>
  json<unknown>('POST', `/api/motions/${motionId}/manual-result`, input);

// ---------- rounds ----------

export interface RoundOptions {
  motionIds: number[];
  secret: boolean;
  allowChange: boolean;
  showLive: boolean;
  majority: Majority;
  quorumPercent: number;
}
export const getRound = (id: number) => json<Round>('GET', `/api/rounds/${id}`);
export const createRound = (meetingId: number, options: RoundOptions) => json<Round>('POST', `/api/meetings/${meetingId}/rounds`, options);
export const openRound = (id: number) => json<Round>('POST', `/api/rounds/${id}/open`);
export const closeRound = (id: number) => json<Round>('POST', `/api/rounds/${id}/close`);
export const cancelRound = (id: number, reason: string) => json<Round>('POST', `/api/rounds/${id}/cancel`, reason ? { reason } : {});
export const revoteRound = (id: number) => json<Round>('POST', `/api/rounds/${id}/revote`);
export const resultsCsvUrl = (roundId: number) => `/api/rounds/${roundId}/results.csv`;

// ---------- presence ----------

export interface PresentMember {
  code: string;
  name: string;
  weight: number;
  since?: string | null;
}
/** The presence list; tolerant of `memberCode` or `code` so it survives small contract drift. */
export async function listPresence(meetingId: number): Promise<PresentMember[]> {
  const data = await json<unknown>('GET', `/api/meetings/${meetingId}/presence`);
  const rows = Array.isArray(data) ? data : ((data as { members?: unknown[] })?.members ?? []);
  return rows.map((row) => {
    const r = row as Record<string, unknown>;
    return {
      code: String(r.code ?? r.memberCode ?? ''),
      name: String(r.name ?? ''),
      weight: Number(r.weight ?? 0),
      since: (r.since ?? r.checkedInAt ?? r.at ?? null) as string | null,
    };
  });
}
export const setPresence = (meetingId: number, memberCode: string, direction: 'in' | 'out') =>
  json<{ member: { code: string; name: string; weight: number }; present: boolean }>('POST', `/api/meetings/${meetingId}/presence`, {
    memberCode,
    direction,
  });

// ---------- cards ----------

export type CardOutcome = { kind: 'pdf'; url: string; filename: string } | { kind: 'codes'; cards: { memberCode: string; code: string }[] };

/** Reissue asks for the printable card; a server without PDF support answers JSON with the code. */
export async function reissueCard(meetingId: number, memberCode: string): Promise<CardOutcome> {
  const response = await request('POST', `/api/meetings/${meetingId}/cards/${encodeURIComponent(memberCode)}/reissue`, undefined, 'application/pdf, application/json;q=0.5');
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('application/pdf')) {
    const filename = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `stemkaart-${memberCode}.pdf`;
    return { kind: 'pdf', url: URL.createObjectURL(await response.blob()), filename };
  }
  const data = (await response.json()) as { cards?: { memberCode: string; code: string }[] };
  return { kind: 'codes', cards: data.cards ?? [] };
}
export const listCards = (meetingId: number) => json<CardState[]>('GET', `/api/meetings/${meetingId}/cards`);
export const revokeCard = (meetingId: number, memberCode: string) =>
  json<unknown>('POST', `/api/meetings/${meetingId}/cards/${encodeURIComponent(memberCode)}/revoke`);

// ---------- kiosks ----------

export const listKiosks = (meetingId: number) => json<Kiosk[]>('GET', `/api/meetings/${meetingId}/kiosks`);
export const pairKiosk = (meetingId: number, name: string, mode: KioskMode) =>
  json<Kiosk & { token: string; url: string }>('POST', `/api/meetings/${meetingId}/kiosks`, { name, mode });
export const revokeKiosk = (kioskId: number) => json<unknown>('DELETE', `/api/kiosks/${kioskId}`);

// ---------- results and audit ----------

export const verifyAudit = (meetingId: number) => json<AuditVerify>('GET', `/api/meetings/${meetingId}/audit/verify`);
export const reportPdfUrl = (meetingId: number) => `/api/meetings/${meetingId}/report.pdf`;
