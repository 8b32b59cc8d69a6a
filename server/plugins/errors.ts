import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ApiError, type ErrorReason } from '../../shared/errors.ts';
import { isStorageError } from '../db/database.ts';
import { languageOf, sendError } from '../lib/http-errors.ts';

export { languageOf, sendError };

const FASTIFY_CODES: Record<string, ErrorReason> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'validation',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'validation',
  FST_ERR_CTP_INVALID_JSON_BODY: 'validation',
  FST_ERR_VALIDATION: 'validation',
};

/**
 * One error handler for the whole app: domain errors (ApiError) keep their reason, schema
 * failures become `validation` naming the field, a full or read-only disk becomes
 * `storage_unavailable`, and anything else a generic 500 that leaks nothing.
 */
async function errorsPlugin(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof ApiError) {
      if (err.holdMs) {
        const { holdMs } = err;
        return new Promise((resolve) => setTimeout(() => resolve(sendError(reply, request, err.reason, err.messages, err.details)), holdMs));
      }
      return sendError(reply, request, err.reason, err.messages, err.details);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const detail = err.validation
        .map((v) => `${where}${v.instancePath ? v.instancePath.replace(/\//g, '.') : ''}: ${v.message}`)
        .join('; ');
      return sendError(reply, request, 'validation', { nl: `Ongeldige invoer — ${detail}`, en: `Invalid input — ${detail}` });
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413) {
      // The route's own limit (PUT /api/members takes more than the rest).
      const mib = Math.round((request.routeOptions.bodyLimit ?? 1024 * 1024) / (1024 * 1024));
      return sendError(reply, request, 'payload_too_large', { nl: `De invoer is te groot (maximaal ${mib} MiB).`, en: `The body is too large (at most ${mib} MiB).` });
    }
    if (err.code && FASTIFY_CODES[err.code]) {
      const reason = FASTIFY_CODES[err.code];
      return sendError(reply, request, reason, reason === 'validation' ? { nl: `Ongeldige invoer: ${err.message}`, en: `Invalid input: ${err.message}` } : undefined);
    }
    if (err.statusCode === 429) return sendError(reply, request, 'rate_limited');
    if (err.statusCode === 400 || (err instanceof SyntaxError)) return sendError(reply, request, 'validation', { nl: `Ongeldige invoer: ${err.message}`, en: `Invalid input: ${err.message}` });
    // Other client errors of Fastify's plugins (a static file that may not be served, a method or
    // media type not taken): the contract's reason, and not worth an error-level line.
    if (err.statusCode === 404 || err.statusCode === 403) return sendError(reply, request, 'not_found');
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
      return sendError(reply, request, 'validation', { nl: `Ongeldig verzoek: ${err.message}`, en: `Invalid request: ${err.message}` });
    }
    if (isStorageError(err)) {
      request.log.error({ code: (err as { code?: string }).code }, 'storage unavailable');
      return sendError(reply, request, 'storage_unavailable');
    }
    request.log.error({ err }, 'unhandled error');
    return sendError(reply, request, 'internal');
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, request, 'not_found'));
}

export default fp(errorsPlugin, { name: 'errors' });
