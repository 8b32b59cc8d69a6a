/**
 * HTTP hardening: security headers with a strict Content-Security-Policy (helmet) and a general
 * per-IP rate limit (@fastify/rate-limit). Registered after `auth`, before the routes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import { sendError } from './errors.ts';

/**
 * The three clients are built by Vite into external module scripts and stylesheets: no inline
 * script or style element, no eval. Bars are sized through the CSSOM (`el.style.width`), which a
 * CSP does not restrict; the chair's QR code is an SVG element; the kiosk camera is a MediaStream.
 */
export function contentSecurityPolicy(https: boolean): Record<string, string[] | null> {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'connect-src': ["'self'"],
    'font-src': ["'self'", 'data:'],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'media-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    'worker-src': ["'self'", 'blob:'],
    // Only behind HTTPS: on a plain-HTTP venue network it would break every request.
    'upgrade-insecure-requests': https ? [] : null,
  };
}

/**
 * Swagger UI at /docs ships its own scripts and sets styles from JavaScript; it gets a CSP of its
 * own, scoped to its routes (still no inline scripts).
 */
export function docsContentSecurityPolicy(): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'connect-src': ["'self'"],
    'font-src': ["'self'", 'data:'],
    'frame-ancestors': ["'none'"],
    'img-src': ["'self'", 'data:'],
    'object-src': ["'none'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
  };
}

/**
 * The headers helmet sets for these options, computed once: helmet's middleware is run against a
 * recorder. (@fastify/helmet builds the middleware anew, CSP parsing included, on every request:
 * 7% of the server's CPU per ballot.) Every response gets the same headers, so once is enough.
 * Never invalidated: they follow from the configuration, fixed while the server runs.
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader() {
      // helmet removes X-Powered-By, which Fastify never sets.
    },
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}

/**
 * True when the path names a `..` segment, written plainly or percent-encoded (also twice over, and
 * with `%2f` or `%5c` for the slash): an attempt to leave a static folder. No route has such a path.
 */
export function leavesFolder(url: string): boolean {
  const q = url.indexOf('?');
  let path = q >= 0 ? url.slice(0, q) : url;
  for (let i = 0; i < 3; i++) {
    if (path.split(/[/\\]/).some((segment) => segment === '..')) return true;
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return false; // malformed escapes are the router's to refuse (400 validation)
    }
    if (decoded === path) return false;
    path = decoded;
  }
  return path.split(/[/\\]/).some((segment) => segment === '..');
}

/** The security headers of every answer, for a server reached over HTTPS or not. */
export function securityHeaders(https: boolean): Record<string, string> {
  return helmetHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(https) },
    // Browsers ignore HSTS over plain HTTP; send it only when the server is reached over HTTPS.
    strictTransportSecurity: https ? { maxAge: 15_552_000, includeSubDomains: false } : false,
    // The kiosk page carries its pairing token in the URL fragment: never leak the URL.
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
}

async function securityPlugin(app: FastifyInstance) {
  const { config } = app;
  const https = config.tls !== undefined || config.publicUrl.startsWith('https:');
  const headers = securityHeaders(https);
  // On every response, the 404 answer included; a route may still replace one (Swagger UI's CSP).
  // A path that tries to leave a folder is not found, before any static handler sees it (it used to
  // reach @fastify/send, whose 403 became a 500 with a stack trace logged at error level).
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(headers);
    // Whatever answers a request with credentials (admin views, a kiosk's card holders and receipts,
    // card codes, kiosk tokens) and the login itself is kept by no browser or proxy cache.
    if (request.headers.authorization !== undefined || request.headers.cookie !== undefined || request.url.startsWith('/api/session')) {
      reply.header('cache-control', 'no-store');
    }
    if (leavesFolder(request.raw.url ?? '')) {
      void sendError(reply, request, 'not_found');
      return;
    }
    done();
  });

  await app.register(fastifyRateLimit, {
    global: true,
    max: config.rateLimitMax,
    timeWindow: config.rateLimitWindowS * 1000,
    // Every kiosk of a venue (and the chair) may sit behind one NAT address, and a desk must never
    // be turned away in the middle of a vote: requests with valid kiosk or chair credentials are
    // not counted. Kiosks have their own limit on unknown codes; failed admin credentials have their own
    // (plugins/auth.ts).
    allowList: (request) => (request.bearer ? request.bearer.kind !== 'invalid' : app.isAdmin(request)),
  });
}

export default fp(securityPlugin, { name: 'security', dependencies: ['domain', 'auth'] });
