/**
 * The contract's error answer (docs/api.md, "Errors") for any Fastify app: the voting server's error
 * handler and the feed relay's both send it through here.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_MESSAGES, ERROR_STATUS, type ErrorDetails, type ErrorReason, type Lang } from '../../shared/errors.ts';

/** `en` when the client prefers English over Dutch in Accept-Language; Dutch otherwise. */
export function languageOf(header: string | undefined): Lang {
  if (!header) return 'nl';
  let best: { lang: Lang; q: number } | null = null;
  for (const part of header.split(',')) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.find((p) => p.trim().startsWith('q='));
    const q = qParam ? Number(qParam.trim().slice(2)) : 1;
    const lang = tag.startsWith('en') ? 'en' : tag.startsWith('nl') ? 'nl' : null;
    if (lang && Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? 'nl';
}

export function sendError(reply: FastifyReply, request: FastifyRequest, reason: ErrorReason, messages?: Partial<Record<Lang, string>>, details?: ErrorDetails) {
  const lang = languageOf(request.headers['accept-language']);
  const message = messages?.[lang] ?? messages?.en ?? ERROR_MESSAGES[reason][lang];
  return reply.code(ERROR_STATUS[reason]).type('application/json; charset=utf-8').send({ error: reason, message, ...details });
}
