/**
 * Every HTTP call of the kiosk, in one place (docs/api.md). A failure is an `ApiFailure`: either the
 * server answered with an error reason of the contract, or there was no answer at all (network).
 * The caller decides what may be retried; nothing here retries on its own.
 */
import { z } from 'zod';
import type { ErrorReason, Lang } from '../../shared/errors.ts';
import { ERROR_STATUS } from '../../shared/errors.ts';
import {
  BallotChoiceSchema,
  BallotReceiptSchema,
  BOARD_ADVICES,
  KIOSK_MODES,
  MemberRefSchema,
  MOTION_KINDS,
  ROUND_STATES,
  type BallotChoice,
  type BallotReceipt,
} from '../../shared/schemas.ts';

/** `GET /api/kiosk/me`: who this kiosk is. */
export const KioskIdentitySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  mode: z.enum(KIOSK_MODES),
  meetingId: z.number().int(),
  meeting: z.object({ id: z.number().int(), title: z.string(), date: z.string() }),
});
export type KioskIdentity = z.infer<typeof KioskIdentitySchema>;

// The kiosk reads the answers below leniently: only what docs/api.md promises is required, the
// extras of shared/schemas.ts get defaults, so a kiosk keeps working against a slightly older server.

/** `POST /api/scan`. */
export const KioskScanSchema = z.object({
  member: MemberRefSchema,
  round: z.object({
    id: z.number().int(),
    motions: z.array(
      z.object({
        id: z.number().int(),
        ref: z.string(),
        title: z.string(),
        kind: z.enum(MOTION_KINDS),
        boardAdvice: z.enum(BOARD_ADVICES).optional().default('none'),
      }),
    ),
    allowChange: z.boolean(),
    secret: z.boolean().optional().default(false),
  }),
  ballot: z
    .object({ choices: z.array(BallotChoiceSchema), receipt: z.string().optional(), castAt: z.string().optional() })
    .nullable()
    .optional()
    .default(null),
});
export type KioskScan = z.infer<typeof KioskScanSchema>;
export type KioskMember = KioskScan['member'];
export type ScanMotion = KioskScan['round']['motions'][number];

/** `POST /api/checkins`; `changed: false` is a double scan. */
export const KioskCheckinSchema = z.object({
  member: MemberRefSchema,
  present: z.boolean(),
  changed: z.boolean().optional().default(true),
});
export type KioskCheckin = z.infer<typeof KioskCheckinSchema>;

/** The parts of `GET /api/meetings/:id` the kiosk shows: which round is open, on what. */
export const KioskMeetingSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  agenda: z.array(
    z.object({ motions: z.array(z.object({ id: z.number().int(), ref: z.string(), title: z.string() })) }),
  ),
  rounds: z.array(z.object({ id: z.number().int(), state: z.enum(ROUND_STATES), motionIds: z.array(z.number().int()) })),
});
export type KioskMeeting = z.infer<typeof KioskMeetingSchema>;

export type FailureReason = ErrorReason | 'network' | 'bad_response';

export class ApiFailure extends Error {
  readonly reason: FailureReason;
  readonly status: number | null;
  /** The server's own sentence, in the language asked for (may be more specific than ours). */
  readonly serverMessage: string | null;
  constructor(reason: FailureReason, status: number | null, serverMessage: string | null) {
    super(`${reason}${status ? ` (${status})` : ''}${serverMessage ? `: ${serverMessage}` : ''}`);
    this.name = 'ApiFailure';
    this.reason = reason;
    this.status = status;
    this.serverMessage = serverMessage;
  }
  /** No answer, or an answer that says "try again": safe to repeat an idempotent request. */
  get retryable(): boolean {
    return this.reason === 'network' || this.status === null || this.status >= 500 || this.status === 429;
  }
}

export interface ApiOptions {
  token: string;
  lang: () => Lang;
  baseUrl?: string;
  fetch?: typeof fetch;
  /** A request without an answer after this long counts as a network failure. */
  timeoutMs?: number;
  /** Told after every request whether the server answered at all (for the connection status). */
  onReachable?: (reachable: boolean) => void;
  /** The server no longer knows this kiosk's token (revoked or never paired). */
  onUnauthorized?: () => void;
}

export interface BallotInput {
  code: string;
  roundId: number;
  choices: BallotChoice[];
  nonce: string;
}

export interface KioskApi {
  me(): Promise<KioskIdentity>;
  meeting(id: number): Promise<KioskMeeting>;
  checkin(code: string, direction: 'in' | 'out'): Promise<KioskCheckin>;
  scan(code: string): Promise<KioskScan>;
  castBallot(input: BallotInput): Promise<BallotReceipt>;
}

function isReason(value: unknown): value is ErrorReason {
  return typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value);
}

export function createApi(options: ApiOptions): KioskApi {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = options.baseUrl ?? '';
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function request<T>(method: 'GET' | 'POST', path: string, schema: z.ZodType<T, unknown>, body?: unknown, auth = true): Promise<T> {
    const lang = options.lang();
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'Accept-Language': lang === 'en' ? 'en, nl;q=0.5' : 'nl, en;q=0.5',
    };
    if (auth) headers.Authorization = `Bearer ${options.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: abort.signal,
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch {
      options.onReachable?.(false);
      throw new ApiFailure('network', null, null);
    } finally {
      clearTimeout(timer);
    }
    const payload: unknown = await response.json().catch(() => null);
    // A proxy's 502/504 is no answer from Stemkaart itself.
    const reachable = !(response.status === 502 || response.status === 504);
    options.onReachable?.(reachable);
    if (response.status === 401) options.onUnauthorized?.();
    if (!response.ok) {
      const error = (payload as { error?: unknown; message?: unknown } | null) ?? {};
      const reason: FailureReason = isReason(error.error) ? error.error : reachable ? 'internal' : 'network';
      throw new ApiFailure(reason, response.status, typeof error.message === 'string' ? error.message : null);
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) throw new ApiFailure('bad_response', response.status, null);
    return parsed.data;
  }

  return {
    me: () => request('GET', '/api/kiosk/me', KioskIdentitySchema),
    meeting: (id) => request('GET', `/api/meetings/${id}`, KioskMeetingSchema, undefined, false),
    checkin: (code, direction) => request('POST', '/api/checkins', KioskCheckinSchema, { code, direction }),
    scan: (code) => request('POST', '/api/scan', KioskScanSchema, { code }),
    castBallot: (input) => request('POST', '/api/ballots', BallotReceiptSchema, input),
  };
}
