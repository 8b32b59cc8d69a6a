import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler } from 'fastify-type-provider-zod';
import { proxyTrust } from './lib/client-address.ts';
import { OkSchema } from '../shared/schemas.ts';
import type { Server as TlsServer } from 'node:tls';
import { AppConfigSchema, type AppConfig } from './config.ts';
import { redirectPlainHttp } from './lib/plain-http-redirect.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { backupsRoutes } from './modules/backups/backups.routes.ts';
import { sessionRoutes } from './modules/auth/session.routes.ts';
import { ballotsRoutes } from './modules/ballots/ballots.routes.ts';
import { cardsRoutes } from './modules/cards/cards.routes.ts';
import { chairRoutes } from './modules/chair/chair.routes.ts';
import { kiosksRoutes } from './modules/kiosks/kiosks.routes.ts';
import { liveRoutes } from './modules/live/live.routes.ts';
import { meetingsRoutes } from './modules/meetings/meetings.routes.ts';
import { membersRoutes } from './modules/members/members.routes.ts';
import { presenceRoutes } from './modules/presence/presence.routes.ts';
import { proxiesRoutes } from './modules/proxies/proxies.routes.ts';
import { reportsRoutes } from './modules/reports/reports.routes.ts';
import { roundsRoutes } from './modules/rounds/rounds.routes.ts';
import authPlugin from './plugins/auth.ts';
import backupsPlugin from './plugins/backups.ts';
import clientsPlugin from './plugins/clients.ts';
import domainPlugin from './plugins/domain.ts';
import errorsPlugin, { sendError } from './plugins/errors.ts';
import largeBodiesPlugin from './plugins/large-bodies.ts';
import metricsPlugin from './plugins/metrics.ts';
import socketIoPlugin from './plugins/socket-io.ts';
import securityPlugin, { docsContentSecurityPolicy } from './plugins/security.ts';
import viewsPlugin, { withAudiences, zodSerializerCompiler } from './plugins/views.ts';

/** Where card codes, tokens and cookies could appear in a log line: never written. */
export const LOG_REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'req.body.code',
  'req.body.token',
  'body.code',
  'body.token',
];

/**
 * When the server speaks TLS itself: TLS 1.3 (its suites are all forward-secret AEAD), and on TLS 1.2
 * only ECDHE key exchange with GCM or ChaCha20-Poly1305. Node's default also offered CBC suites and
 * RSA key exchange, which record a session that a later stolen key can decrypt.
 */
export const TLS_POLICY = {
  minVersion: 'TLSv1.2' as const,
  ciphers: [
    'TLS_AES_128_GCM_SHA256',
    'TLS_AES_256_GCM_SHA384',
    'TLS_CHACHA20_POLY1305_SHA256',
    'ECDHE-ECDSA-AES128-GCM-SHA256',
    'ECDHE-RSA-AES128-GCM-SHA256',
    'ECDHE-ECDSA-AES256-GCM-SHA384',
    'ECDHE-RSA-AES256-GCM-SHA384',
    'ECDHE-ECDSA-CHACHA20-POLY1305',
    'ECDHE-RSA-CHACHA20-POLY1305',
  ].join(':'),
  honorCipherOrder: true,
};

/**
 * fastify-type-provider-zod lists every named schema twice, as input (`…Input`) and output; the
 * views are only ever answers, so the input copies no route refers to are left out.
 */
function withoutUnusedComponents<T extends { components?: { schemas?: Record<string, unknown> }; paths?: unknown }>(document: T): T {
  const schemas = document.components?.schemas;
  if (!schemas) return document;
  const used = JSON.stringify(document.paths ?? {}) + JSON.stringify(Object.entries(schemas).filter(([name]) => !name.endsWith('Input')));
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => !name.endsWith('Input') || used.includes(`"#/components/schemas/${name}"`)));
  return { ...document, components: { ...document.components, schemas: kept } };
}

/**
 * A person at a terminal reads one line an event: `[14:02:07.123] INFO: request completed POST
 * /api/ballots 201 (4 ms)`. Options only (the printer runs in a worker thread).
 */
const PRETTY_LOG = {
  translateTime: 'SYS:HH:MM:ss.l',
  singleLine: true,
  ignore: 'pid,hostname,reqId,req,res,responseTime',
  messageFormat: '{if reqId}({reqId}) {end}{msg}{if req.method} {req.method} {req.url}{end}{if res.statusCode} {res.statusCode}{end}',
};

/** Builds the whole app from a config. Never listens and never reads process.env. */
export async function buildApp(input: AppConfig): Promise<FastifyInstance> {
  const config = AppConfigSchema.parse(input);
  const options = {
    logger: {
      level: config.logLevel,
      // Redaction happens here, before a line reaches the pretty printer's worker thread.
      redact: { paths: LOG_REDACT, censor: '[redacted]' },
      ...(config.logFormat === 'pretty' ? { transport: { target: 'pino-pretty', options: PRETTY_LOG } } : {}),
    },
    bodyLimit: 1024 * 1024,
    // Behind the named reverse proxies the client is the rightmost X-Forwarded-For entry that is not
    // one of them (server/lib/client-address.ts; Socket.IO handshakes are read the same way).
    trustProxy: config.trustProxy.length > 0 ? proxyTrust(config.trustProxy) : false,
    // On close, idle keep-alive connections are dropped but requests in flight (a ballot) are finished.
    forceCloseConnections: 'idle' as const,
    // While closing, new requests get the contract's 503 (below), not Fastify's own body.
    return503OnClosing: false,
    // A malformed or overlong path component (e.g. a 2,000-digit id) answers in the contract's shape too.
    frameworkErrors: (err: FastifyError, request: FastifyRequest, reply: FastifyReply) =>
      sendError(reply, request, 'validation', { nl: `Ongeldig pad: ${err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'een deel is te lang' : 'ongeldige tekens'}.`, en: `Invalid path: ${err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a component is too long' : 'invalid characters'}.` }),
  };
  // HTTPS directly (STEMKAART_TLS_CERT/KEY), or plain HTTP behind a TLS reverse proxy.
  const app = (config.tls ? Fastify({ ...options, https: { ...config.tls, ...TLS_POLICY } }) : Fastify(options)) as unknown as FastifyInstance;
  // Plain HTTP on the HTTPS port gets a redirect, not an empty reply.
  if (config.tls) redirectPlainHttp(app.server as unknown as TlsServer, new URL(config.publicUrl).origin.replace(/^http:/, 'https:'));
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(zodSerializerCompiler);

  // An empty JSON body reads as no body, so `curl -X POST -H 'content-type: application/json'` works.
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (typeof body === 'string' && body.trim() === '') return done(null, undefined);
    return jsonParser(request, body as string, done);
  });
  // CSV for PUT /api/members. No text/plain parser (Fastify has one by default): a page of another
  // site can send text/plain without asking first (a "simple" request), and no route needs it.
  app.removeContentTypeParser('text/plain');
  // CSV stays bytes until the route knows its character set (UTF-8 or Windows-1252, see member-file.ts).
  app.addContentTypeParser(['text/csv', 'text/tab-separated-values'], { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  await app.register(largeBodiesPlugin);

  // Requests that arrive (on a kept-alive connection) once closing has begun are refused in the
  // contract's shape; those already in flight finish before the database closes.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (request, reply) => {
    if (closing) {
      reply.header('connection', 'close');
      return sendError(reply, request, 'storage_unavailable', { nl: 'De server wordt gestopt. Probeer het zo opnieuw.', en: 'The server is stopping. Please try again shortly.' });
    }
  });

  // Infrastructure
  await app.register(errorsPlugin);
  await app.register(fastifyCookie);
  await app.register(domainPlugin, { config });
  await app.register(authPlugin);
  await app.register(securityPlugin);
  await app.register(viewsPlugin);
  await app.register(backupsPlugin);
  await app.register(metricsPlugin);
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Stemkaart API', description: 'Weighted in-person voting with barcode voting cards. See docs/api.md.', version: '1.0.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: (document) => jsonSchemaTransform(withAudiences(document)),
    // Schemas with an id (the public and admin views) become components, referenced where used.
    transformObject: (document) => withoutUnusedComponents(jsonSchemaTransformObject(document)),
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: docsContentSecurityPolicy() });

  // Routes
  // Every screen of the hall asks this once a second (client-kit/feed.ts, the heartbeat), so it is
  // outside the per-address request limit: a hall's screens may share one address.
  app.get('/healthz', { schema: { hide: true, response: { 200: OkSchema } }, config: { rateLimit: false } }, async () => ({ ok: true as const }));
  await app.register(sessionRoutes);
  await app.register(membersRoutes);
  await app.register(meetingsRoutes);
  await app.register(cardsRoutes);
  await app.register(kiosksRoutes);
  await app.register(presenceRoutes);
  await app.register(proxiesRoutes);
  await app.register(ballotsRoutes);
  await app.register(roundsRoutes);
  await app.register(auditRoutes);
  await app.register(reportsRoutes);
  await app.register(chairRoutes);
  await app.register(backupsRoutes);
  // Live feed (Socket.IO /live, /chair, /kiosk), fed by the domain's events.
  await app.register(socketIoPlugin);
  await app.register(liveRoutes);
  await app.register(clientsPlugin, { dir: config.clientsDir });

  return app;
}
