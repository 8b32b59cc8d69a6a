import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AuditVerifySchema, FileSchema, IdParamsSchema } from '../../../shared/schemas.ts';

export async function auditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { domain } = app;
  const params = IdParamsSchema;

  app.get('/api/meetings/:id/audit', { preHandler: app.requireAdmin, schema: { tags: ['audit'], summary: 'The audit log as NDJSON, one entry a line', params, response: { 200: { description: 'One audit entry a line', content: { 'application/x-ndjson': { schema: FileSchema } } } } } }, async (request, reply) => {
    domain.meetings.get(request.params.id);
    // Streamed page by page: a 100,000-member meeting's log is tens of megabytes.
    return reply.type('application/x-ndjson; charset=utf-8').send(Readable.from(domain.audit.ndjsonPages(request.params.id)));
  });

  app.get(
    '/api/meetings/:id/audit/verify',
    { preHandler: app.requireAdmin, schema: { tags: ['audit'], summary: 'Recompute the hash chain and recount every closed round', params, response: { 200: AuditVerifySchema } } },
    async (request) => domain.verify(request.params.id),
  );
}
