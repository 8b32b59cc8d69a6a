import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../../shared/errors.ts';
import type { Kiosk, KioskMode } from '../../shared/schemas.ts';
import { SESSION_COOKIE } from '../modules/auth/auth.ts';
import { FailureLimiter } from '../modules/auth/failures.ts';
import { isOwnOrigin } from '../lib/origin.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What a Bearer header proved, resolved once per request. */
export type BearerCredential = { kind: 'admin' } | { kind: 'kiosk'; kiosk: Kiosk } | { kind: 'invalid' };

/** What a `/chair` handshake presented; `address` as the HTTP side would see it. */
export interface ChairHandshake {
  token: string | null;
  session: string | null;
  /** False when a browser sent the handshake from another site (then the cookie does not count). */
  sameOrigin: boolean;
  address: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    requireKiosk: (mode: KioskMode) => (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** True when the request carries valid admin credentials (for public routes with an admin view). */
    isAdmin: (request: FastifyRequest) => boolean;
    /** The admin credentials of a `/chair` handshake, under the same failure limit as HTTP. */
    chairHandshake: (handshake: ChairHandshake) => 'admin' | 'unauthorized' | 'rate_limited';
    /** Failed presentations of an admin credential per address (login, Bearer, `/chair`). */
    adminFailures: FailureLimiter;
  }
  interface FastifyRequest {
    kiosk?: Kiosk;
    /** null without a Bearer header. */
    bearer: BearerCredential | null;
  }
}

function bearerToken(request: FastifyRequest): string | null {
  const h = request.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : null;
}

/**
 * Roles: the chair (admin token as Bearer, or the console's session cookie) and paired kiosks
 * (their token as Bearer). Wrong or missing credentials → 401; right credentials, wrong role → 403.
 * A Bearer token that is neither the admin's nor a paired kiosk's counts as a failure of its address,
 * on every route (a public route answers the admin view to the right token, so it could be used to
 * test guesses); past the limit such a request gets 429 before anything else.
 */
async function authPlugin(app: FastifyInstance) {
  const { auth, kiosks } = app.domain;
  const failures = new FailureLimiter(app.config.adminFailureLimit, app.config.adminFailureWindowS * 1000);
  app.decorate('adminFailures', failures);

  app.decorateRequest('bearer', null);
  app.addHook('onRequest', (request, _reply, done) => {
    const token = bearerToken(request);
    if (token === null) return done();
    // Kiosks first: every ballot comes this way.
    const kiosk = kiosks.authenticate(token);
    request.bearer = kiosk ? { kind: 'kiosk', kiosk } : auth.isAdminToken(token) ? { kind: 'admin' } : { kind: 'invalid' };
    if (request.bearer.kind === 'invalid' && failures.fail(request.ip)) return done(new ApiError('rate_limited'));
    done();
  });

  // A cookie is sent by the browser whoever's page asks: a write that relies on it must come from
  // the server's own pages. Bearer tokens are not ambient (a page of another site does not have
  // them), and reads change nothing.
  const { publicUrl } = app.config;
  app.addHook('onRequest', (request, _reply, done) => {
    if (SAFE_METHODS.has(request.method) || request.bearer || request.cookies?.[SESSION_COOKIE] === undefined) return done();
    const origin = request.headers.origin;
    const crossSite = request.headers['sec-fetch-site'] === 'cross-site' || (origin !== undefined && !isOwnOrigin(origin, request.headers.host, publicUrl));
    if (crossSite) {
      return done(new ApiError('forbidden', { nl: 'Een wijziging vanaf een andere website wordt geweigerd.', en: 'A change requested from another website is refused.' }));
    }
    done();
  });

  function isAdmin(request: FastifyRequest): boolean {
    if (request.bearer) return request.bearer.kind === 'admin';
    return auth.sessionIsValid(request.cookies?.[SESSION_COOKIE]);
  }
  app.decorate('isAdmin', isAdmin);

  // A route that needs credentials checks them before its body is read: `preHandler: app.requireAdmin`
  // (or `requireKiosk(mode)`) is moved to the route's onRequest hooks, which run after the Bearer
  // token and the cookie are resolved and before Fastify reads the body. Without it a 64 MiB body
  // sent with no credentials was read and parsed before its 401 (issue 23, point 4).
  const credentialChecks = new WeakSet<object>();
  app.addHook('onRoute', (route) => {
    const pre = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
    const checks = pre.filter((fn) => credentialChecks.has(fn));
    if (checks.length === 0) return;
    const rest = pre.filter((fn) => !credentialChecks.has(fn));
    route.preHandler = rest.length > 0 ? rest : undefined;
    const on = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    route.onRequest = [...on, ...checks] as typeof route.onRequest;
  });

  const requireAdmin = async (request: FastifyRequest) => {
    if (isAdmin(request)) return;
    if (request.bearer?.kind === 'kiosk') throw new ApiError('forbidden');
    throw new ApiError('unauthorized');
  };
  credentialChecks.add(requireAdmin);
  app.decorate('requireAdmin', requireAdmin);

  app.decorate('chairHandshake', (h: ChairHandshake): 'admin' | 'unauthorized' | 'rate_limited' => {
    if (h.token === null && h.session === null) return 'unauthorized';
    if (h.token !== null && auth.isAdminToken(h.token)) return 'admin';
    if (h.token === null && h.sameOrigin && auth.sessionIsValid(h.session!)) return 'admin';
    return failures.fail(h.address) ? 'rate_limited' : 'unauthorized';
  });

  app.decorateRequest('kiosk', undefined);
  app.decorate('requireKiosk', (mode: KioskMode) => {
    const check = kioskCheck(mode);
    credentialChecks.add(check);
    return check;
  });
  const kioskCheck = (mode: KioskMode) => async (request: FastifyRequest) => {
    const credential = request.bearer;
    if (!credential) {
      if (isAdmin(request)) throw new ApiError('forbidden');
      throw new ApiError('unauthorized');
    }
    if (credential.kind !== 'kiosk') throw new ApiError(credential.kind === 'admin' ? 'forbidden' : 'unauthorized');
    const { kiosk } = credential;
    if (kiosk.mode !== mode) {
      throw new ApiError('forbidden', {
        nl: mode === 'voting' ? 'Deze kiosk is een aanmeldkiosk, geen stemkiosk.' : 'Deze kiosk is een stemkiosk, geen aanmeldkiosk.',
        en: mode === 'voting' ? 'This kiosk is a check-in kiosk, not a voting kiosk.' : 'This kiosk is a voting kiosk, not a check-in kiosk.',
      });
    }
    request.kiosk = kiosk;
  };
}

export default fp(authPlugin, { name: 'auth', dependencies: ['domain'] });
