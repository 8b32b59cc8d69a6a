import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../../shared/errors.ts';
import type { Kiosk, KioskMode } from '../../shared/schemas.ts';
import { SESSION_COOKIE } from '../modules/auth/auth.ts';

declare module 'fastify' {
  interface FastifyInstance {
    requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    requireKiosk: (mode: KioskMode) => (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** True when the request carries valid admin credentials (for public routes with an admin view). */
    isAdmin: (request: FastifyRequest) => boolean;
  }
  interface FastifyRequest {
    kiosk?: Kiosk;
  }
}

function bearer(request: FastifyRequest): string | null {
  const h = request.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : '';
}

/**
 * Roles: the chair (admin token as Bearer, or the console's session cookie) and paired kiosks
 * (their token as Bearer). Wrong or missing credentials → 401; right credentials, wrong role → 403.
 */
async function authPlugin(app: FastifyInstance) {
  const { auth, kiosks } = app.domain;

  function isAdmin(request: FastifyRequest): boolean {
    const token = bearer(request);
    if (token) return auth.isAdminToken(token);
    return auth.sessionIsValid(request.cookies?.[SESSION_COOKIE]);
  }
  app.decorate('isAdmin', isAdmin);

  app.decorate('requireAdmin', async (request: FastifyRequest) => {
    if (isAdmin(request)) return;
    const token = bearer(request);
    if (token && kiosks.authenticate(token)) throw new ApiError('forbidden');
    throw new ApiError('unauthorized');
  });

  app.decorateRequest('kiosk', undefined);
  app.decorate('requireKiosk', (mode: KioskMode) => async (request: FastifyRequest) => {
    const token = bearer(request);
    if (!token) {
      if (isAdmin(request)) throw new ApiError('forbidden');
      throw new ApiError('unauthorized');
    }
    const kiosk = kiosks.authenticate(token);
    if (!kiosk) {
      if (auth.isAdminToken(token)) throw new ApiError('forbidden');
      throw new ApiError('unauthorized');
    }
    if (kiosk.mode !== mode) {
      throw new ApiError('forbidden', {
        nl: mode === 'voting' ? 'Deze kiosk is een aanmeldkiosk, geen stemkiosk.' : 'Deze kiosk is een stemkiosk, geen aanmeldkiosk.',
        en: mode === 'voting' ? 'This kiosk is a check-in kiosk, not a voting kiosk.' : 'This kiosk is a voting kiosk, not a check-in kiosk.',
      });
    }
    request.kiosk = kiosk;
  });
}

export default fp(authPlugin, { name: 'auth', dependencies: ['domain'] });
