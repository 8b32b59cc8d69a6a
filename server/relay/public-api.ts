/**
 * The public GETs of meetings and rounds on a feed relay, answered by the voting server and shared:
 * the relay asks without any credentials (so only public views come back), asks once for requests that
 * arrive together, and reuses an answer for `cacheMs` (or until a round opens or closes, when pages
 * fetch the motions' statuses again). At most a few requests are on their way to the voting server at
 * once, however many viewers load a page. When the voting server cannot be reached, the last answer is
 * served again if there is one.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { languageOf, sendError } from '../lib/http-errors.ts';

/** The voting server's public GETs that a relay serves (docs/api.md); anything else is 404 here. */
export const PUBLIC_GETS = [
  '/api/meetings',
  '/api/meetings/:id',
  '/api/meetings/:id/rounds',
  '/api/meetings/:id/live',
  '/api/meetings/:id/projector',
  '/api/meetings/:id/voting-order',
  '/api/meetings/:id/report.pdf',
  '/api/meetings/:id/voting-record.csv',
  '/api/meetings/:id/voting-record.json',
  '/api/rounds/:id',
  '/api/rounds/:id/ballots',
  '/api/rounds/:id/roll-call',
  '/api/rounds/:id/results.csv',
  '/api/members',
  '/api/weight-scheme',
] as const;

const PASSED_HEADERS = ['content-type', 'content-disposition', 'cache-control', 'content-language', 'etag'];
/** An answer the voting server marked immutable (a closed round's roll call) is kept until it is pushed out, whatever happens to the meeting. */
const immutable = (answer: Answer): boolean => answer.status === 200 && /\bimmutable\b/.test(answer.headers['cache-control'] ?? '');
const MAX_UPSTREAM = 8;
const MAX_ENTRIES = 500;

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  at: number;
  generation: number;
}

export interface PublicApiOptions {
  primaryUrl: string;
  cacheMs: number;
  /** Changes when cached answers may be out of date (see RelayFeed.generation). */
  generation(): number;
}

export async function publicApiRoutes(app: FastifyInstance, opts: PublicApiOptions): Promise<void> {
  const cache = new Map<string, Answer>();
  const inFlight = new Map<string, Promise<Answer>>();
  let active = 0;
  const queue: (() => void)[] = [];

  async function upstream(path: string, lang: string): Promise<Answer> {
    if (active >= MAX_UPSTREAM) await new Promise<void>((go) => queue.push(go));
    active++;
    const generation = opts.generation();
    try {
      const response = await fetch(opts.primaryUrl + path, { headers: { 'accept-language': lang }, signal: AbortSignal.timeout(15_000) });
      const headers: Record<string, string> = {};
      for (const name of PASSED_HEADERS) {
        const value = response.headers.get(name);
        if (value !== null) headers[name] = value;
      }
      return { status: response.status, headers, body: Buffer.from(await response.arrayBuffer()), at: Date.now(), generation };
    } finally {
      active--;
      queue.shift()?.();
    }
  }

  // The same bytes to every viewer; a viewer that holds them already (If-None-Match) gets a 304.
  const send = (request: FastifyRequest, reply: FastifyReply, answer: Answer) => {
    const etag = answer.headers.etag;
    if (answer.status === 200 && etag !== undefined && request.headers['if-none-match'] === etag) return reply.code(304).headers(answer.headers).send();
    return reply.code(answer.status).headers(answer.headers).send(answer.body);
  };

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const lang = languageOf(request.headers['accept-language']);
    const key = `${lang} ${request.url}`;
    const held = cache.get(key);
    if (held && (immutable(held) || (held.generation === opts.generation() && Date.now() - held.at < opts.cacheMs))) return send(request, reply, held);
    const flightKey = `${key} ${opts.generation()}`;
    let flight = inFlight.get(flightKey);
    if (!flight) {
      flight = upstream(request.url, lang).finally(() => inFlight.delete(flightKey));
      inFlight.set(flightKey, flight);
    }
    try {
      const answer = await flight;
      // Errors (a 404 of an unknown meeting included) are not kept: they are cheap and may change.
      if (answer.status === 200) {
        if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
        cache.delete(key);
        cache.set(key, answer);
      }
      return send(request, reply, answer);
    } catch (err) {
      request.log.warn({ err: (err as Error).message, url: request.url }, 'relay: the voting server did not answer');
      if (held) return send(request, reply, held);
      return sendError(reply, request, 'storage_unavailable', {
        nl: 'De stemserver is even niet bereikbaar. Probeer het zo opnieuw.',
        en: 'The voting server cannot be reached at the moment. Please try again shortly.',
      });
    }
  };

  for (const path of PUBLIC_GETS) app.get(path, handler);
}
