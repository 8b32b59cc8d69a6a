import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParamsSchema, MeetingSchema, ProxySchema } from '../../../shared/schemas.ts';

/** Proxy votes (docs/api.md, "Proxy votes (volmacht)"): the meeting's rule and its proxies, admin only. */
export async function proxiesRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { domain } = app;
  const params = IdParamsSchema;

  app.patch(
    '/api/meetings/:id',
    { preHandler: app.requireAdmin, schema: { tags: ['proxies'], summary: 'Change the proxy rule of a meeting none of whose rounds was ever opened', params, body: z.unknown(), response: { 200: MeetingSchema } } },
    async (request) => domain.proxies.setRule(request.params.id, request.body, 'admin'),
  );
  app.post(
    '/api/meetings/:id/proxies',
    { preHandler: app.requireAdmin, schema: { tags: ['proxies'], summary: 'Register a proxy (volmacht): principal, holder, reference', params, body: z.unknown(), response: { 201: ProxySchema } } },
    async (request, reply) => {
      reply.code(201);
      return domain.proxies.add(request.params.id, request.body, 'admin');
    },
  );
  app.get(
    '/api/meetings/:id/proxies',
    { preHandler: app.requireAdmin, schema: { tags: ['proxies'], summary: 'The proxies of a meeting with their state now', params, response: { 200: z.array(ProxySchema) } } },
    async (request) => domain.proxies.list(request.params.id),
  );
  app.delete(
    '/api/proxies/:id',
    { preHandler: app.requireAdmin, schema: { tags: ['proxies'], summary: 'End a proxy (its ballots already cast stay)', params, response: { 200: ProxySchema } } },
    async (request) => domain.proxies.end(request.params.id, 'admin'),
  );
}
