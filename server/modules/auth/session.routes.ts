import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ApiError } from '../../../shared/errors.ts';
import { OkSchema, SessionLoginSchema } from '../../../shared/schemas.ts';
import { SESSION_COOKIE } from './auth.ts';

/** The chair console's login: the admin token once, then an httpOnly SameSite=Strict cookie. */
export async function sessionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { auth } = app.domain;
  const { secureCookies } = app.config;

  app.post('/api/session', { schema: { tags: ['session'], summary: 'Log in with the admin token (sets the session cookie)', body: SessionLoginSchema, response: { 200: OkSchema } } }, async (request, reply) => {
    let session: string;
    let expiresAt: Date;
    try {
      ({ session, expiresAt } = auth.login(request.body.token));
    } catch (err) {
      // A wrong token counts against the address, like a wrong Bearer header; the right one always works.
      if (err instanceof ApiError && err.reason === 'unauthorized' && app.adminFailures.fail(request.ip)) throw new ApiError('rate_limited');
      throw err;
    }
    reply.setCookie(SESSION_COOKIE, session, { httpOnly: true, sameSite: 'strict', secure: secureCookies, path: '/', expires: expiresAt });
    return { ok: true as const };
  });

  app.get('/api/session', { schema: { tags: ['session'], summary: 'Whether the session cookie is valid', response: { 200: OkSchema } } }, async (request) => {
    if (!app.isAdmin(request)) throw new ApiError('unauthorized');
    return { ok: true as const };
  });

  app.delete('/api/session', { schema: { tags: ['session'], summary: 'Log out', response: { 200: OkSchema } } }, async (request, reply) => {
    auth.logout(request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: secureCookies });
    return { ok: true as const };
  });
}
