/**
 * The one way a screen talks HTTP to the server (docs/api.md). Every answer is checked against its
 * zod schema of shared/schemas.ts before a screen sees it; every failure is an `ApiFailure` with the
 * contract's reason (or `network` when there was no answer, `bad_response` when the answer did not
 * match its schema) and a sentence in the screen's language. Nothing here retries on its own: the
 * caller knows what may be repeated (`retryable`).
 */
import * as z from 'zod/mini';
import { ERROR_STATUS, type ErrorReason, type Lang } from '../shared/errors.ts';

export type FailureReason = ErrorReason | 'network' | 'bad_response';

/** Any zod 4 schema whose output is `T`: the `zod/mini` schemas of shared/ (classic ones would do too). */
export type Schema<T> = z.core.$ZodType<T>;

// The server words every refusal itself (in the language asked for); these are for when it could not.
const OWN_MESSAGES: Record<'network' | 'bad_response' | 'internal', Record<Lang, string>> = {
  network: { nl: 'De server is niet bereikbaar.', en: 'The server cannot be reached.' },
  bad_response: { nl: 'Onverwacht antwoord van de server.', en: 'Unexpected answer from the server.' },
  internal: { nl: 'Er ging iets mis op de server.', en: 'Something went wrong on the server.' },
};

export class ApiFailure extends Error {
  readonly reason: FailureReason;
  readonly status: number | null;
  /** The server's own sentence, in the language asked for (may be more specific than the reason's). */
  readonly serverMessage: string | null;
  /** `message` is the server's sentence, else a sentence of the kit in `lang`. */
  constructor(reason: FailureReason, status: number | null, serverMessage: string | null, lang: Lang = 'nl') {
    super(serverMessage ?? OWN_MESSAGES[reason === 'network' || reason === 'bad_response' ? reason : 'internal'][lang]);
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
  /** The screen's language now: the server words its errors in it. */
  lang: () => Lang;
  /** A bearer token (kiosks); without it the session cookie of the page authenticates (chair). */
  token?: string;
  baseUrl?: string;
  fetch?: typeof fetch;
  /** A request without an answer after this long counts as a network failure. */
  timeoutMs?: number;
  /** Told after every request whether the server answered at all (for a connection status). */
  onReachable?: (reachable: boolean) => void;
  /** The server answered 401 to this path (the token was revoked, the session expired). */
  onUnauthorized?: (path: string) => void;
}

export interface RequestOptions {
  body?: unknown;
  /** Leave the bearer token out (a public route must not see a kiosk's token). */
  anonymous?: boolean;
}

export interface ApiClient {
  get<T>(path: string, schema: Schema<T>, options?: RequestOptions): Promise<T>;
  post<T>(path: string, schema: Schema<T>, body?: unknown): Promise<T>;
  put<T>(path: string, schema: Schema<T>, body?: unknown): Promise<T>;
  patch<T>(path: string, schema: Schema<T>, body?: unknown): Promise<T>;
  delete<T>(path: string, schema: Schema<T>): Promise<T>;
  /** For answers that are not JSON (a PDF): the checked `Response`, failures as above. */
  fetchRaw(method: string, path: string, accept: string): Promise<Response>;
}

function isReason(value: unknown): value is ErrorReason {
  return typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value);
}

export function createApi(options: ApiOptions): ApiClient {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = options.baseUrl ?? '';
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function send(method: string, path: string, accept: string, request: RequestOptions = {}): Promise<Response> {
    const lang = options.lang();
    const headers: Record<string, string> = { Accept: accept, 'Accept-Language': lang === 'en' ? 'en, nl;q=0.5' : 'nl, en;q=0.5' };
    if (options.token && !request.anonymous) headers.Authorization = `Bearer ${options.token}`;
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: abort.signal,
        cache: 'no-store',
        credentials: options.token ? 'omit' : 'same-origin',
      });
    } catch {
      options.onReachable?.(false);
      throw new ApiFailure('network', null, null, lang);
    } finally {
      clearTimeout(timer);
    }
    // A proxy's 502/504 is no answer from Stemkaart itself.
    const reachable = !(response.status === 502 || response.status === 504);
    options.onReachable?.(reachable);
    if (response.status === 401) options.onUnauthorized?.(path);
    if (!response.ok) {
      const error = ((await response.json().catch(() => null)) as { error?: unknown; message?: unknown } | null) ?? {};
      const reason: FailureReason = isReason(error.error) ? error.error : reachable ? 'internal' : 'network';
      throw new ApiFailure(reason, response.status, typeof error.message === 'string' ? error.message : null, lang);
    }
    return response;
  }

  async function json<T>(method: string, path: string, schema: Schema<T>, request?: RequestOptions): Promise<T> {
    const response = await send(method, path, 'application/json', request);
    const payload: unknown = await response.json().catch(() => undefined);
    const parsed = z.safeParse(schema, payload);
    if (!parsed.success) throw new ApiFailure('bad_response', response.status, null, options.lang());
    return parsed.data;
  }

  return {
    get: (path, schema, request) => json('GET', path, schema, request),
    post: (path, schema, body) => json('POST', path, schema, { body }),
    put: (path, schema, body) => json('PUT', path, schema, { body }),
    patch: (path, schema, body) => json('PATCH', path, schema, { body }),
    delete: (path, schema) => json('DELETE', path, schema),
    fetchRaw: (method, path, accept) => send(method, path, accept),
  };
}
