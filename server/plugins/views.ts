/**
 * Schema-first answers (STYLE 17). Every JSON answer leaves through its route's zod response schema,
 * so a field the schema does not name is dropped whatever a service returned; a route that answers
 * the public and the chair alike declares the public schemas in `response` and the admin ones in
 * `adminResponse`, and gets the admin view only when it asked for it with `app.audienceOf(request)`.
 * A JSON answer without a schema for its status is not sent at all (500): forgetting one fails
 * loudly instead of leaking.
 */
import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import fp from 'fastify-plugin';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';

type ZodType = z.core.$ZodType;

export type Audience = 'public' | 'admin';

declare module 'fastify' {
  interface FastifySchema {
    /** The admin views of a route that answers the public too (`response` holds the public ones). */
    adminResponse?: Record<number, ZodType>;
  }
  interface FastifyRequest {
    /** `public` until the route asks for the admin view with `app.audienceOf(request)`. */
    audience: Audience;
  }
  interface FastifyInstance {
    /** `admin` with admin credentials, else `public`; the answer is then shaped by that view's schema. */
    audienceOf: (request: FastifyRequest) => Audience;
  }
}

/**
 * Fastify's serializer compiler for zod schemas. Like fastify-type-provider-zod's, but parsing rather
 * than encoding: response schemas have no transforms, so both give the same result, and zod compiles
 * its parsers (a 100,000-member roll call parses several times faster than it encodes).
 */
export function zodSerializerCompiler({ schema, method, url }: { schema: unknown; method: string; url: string }): (data: unknown) => string {
  const zod = schema as ZodType;
  return (data) => {
    const result = z.safeParse(zod, data);
    if (!result.success) throw new ResponseSerializationError(method, url, { cause: result.error });
    return JSON.stringify(result.data);
  };
}

/**
 * Whether `response` names a schema for this status (exact, `2xx` or `default`) and, where the
 * schemas are given per content type, for this content type: otherwise Fastify would send the
 * object through plain JSON.stringify.
 */
function declares(response: FastifySchema['response'], status: number, contentType: unknown): boolean {
  if (!response || typeof response !== 'object') return false;
  const byCode = response as Record<string, unknown>;
  const entry = byCode[status] ?? byCode[`${String(status)[0]}xx`] ?? byCode.default;
  if (entry === undefined) return false;
  const content = (entry as { content?: Record<string, unknown> }).content;
  if (!content || typeof content !== 'object') return true;
  const media = String(contentType ?? 'application/json').split(';')[0].trim().toLowerCase();
  return media in content || '*/*' in content;
}

/** For the OpenAPI description: a route with an admin view documents both, as either/or. */
export function withAudiences<T extends { schema: FastifySchema }>(document: T): T {
  const schema = document.schema;
  if (!schema?.adminResponse) return document;
  const { adminResponse, ...rest } = schema;
  const response = { ...(rest.response as Record<number, ZodType>) };
  for (const [code, admin] of Object.entries(adminResponse)) {
    const open = response[Number(code)];
    // What classic zod's `.describe()` does, for the zod/mini schemas of shared/ too: a copy, described.
    const documented = z.core.clone(open ? z.union([open, admin]) : admin);
    z.globalRegistry.add(documented, { description: 'Without credentials the public view; with admin credentials the admin view.' });
    response[Number(code)] = documented;
  }
  return { ...document, schema: { ...rest, response } };
}

async function viewsPlugin(app: FastifyInstance) {
  app.decorateRequest('audience', 'public');
  app.decorate('audienceOf', (request: FastifyRequest): Audience => {
    request.audience = app.isAdmin(request) ? 'admin' : 'public';
    return request.audience;
  });

  // The admin serializers, compiled once per route and status.
  const adminSerializers = new WeakMap<object, Map<number, (data: unknown) => string>>();
  app.addHook('onRoute', (route) => {
    const admin = route.schema?.adminResponse;
    if (!admin) return;
    const compiled = new Map<number, (data: unknown) => string>();
    for (const [code, schema] of Object.entries(admin)) compiled.set(Number(code), zodSerializerCompiler({ schema, method: String(route.method), url: route.url }));
    adminSerializers.set(route.schema!, compiled);
  });

  app.addHook('preSerialization', (request, reply, payload, done) => {
    const status = reply.statusCode;
    // Errors have one shape, made by the error handler; documentation routes are Swagger UI's own.
    const schema = request.routeOptions.schema;
    if (status >= 400 || (schema as { hide?: boolean } | undefined)?.hide) return done(null, payload);
    const admin = request.audience === 'admin' && schema ? adminSerializers.get(schema)?.get(status) : undefined;
    if (admin) {
      reply.serializer(admin);
      return done(null, payload);
    }
    if (!declares(schema?.response, status, reply.getHeader('content-type'))) {
      const missing: Error = new Error(`${request.method} ${request.routeOptions.url ?? request.url} answered ${status} without a response schema`);
      return (done as (err: Error) => void)(missing);
    }
    done(null, payload);
  });
}

export default fp(viewsPlugin, { name: 'views', dependencies: ['auth'] });
