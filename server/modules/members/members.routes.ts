import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MemberImportResultSchema, MemberInputSchema, MemberSchema, WeightSchemeSchema } from '../../../shared/schemas.ts';
import { parseMembersCsv } from './members.service.ts';

export async function membersRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { members } = app.domain;

  app.get('/api/members', { schema: { tags: ['members'], summary: 'Members and their weights, sorted by name', response: { 200: z.array(MemberSchema) } } }, async () => members.list());

  app.put(
    '/api/members',
    {
      preHandler: app.requireAdmin,
      schema: {
        tags: ['members'],
        summary: 'Upsert members by code, from JSON or text/csv; all or nothing',
        // Validated row by row by the service, so that the error names the failing row.
        body: z.unknown().describe(`JSON array of ${Object.keys(MemberInputSchema.shape).join(', ')}; or text/csv with header code,name,province,population[,weight]`),
        response: { 200: MemberImportResultSchema },
      },
    },
    async (request) => {
      const rows = typeof request.body === 'string' ? parseMembersCsv(request.body) : request.body;
      return members.import(rows, 'admin');
    },
  );

  app.get('/api/weight-scheme', { schema: { tags: ['members'], summary: 'The weight scheme in force', response: { 200: WeightSchemeSchema } } }, async () => members.scheme());

  app.put(
    '/api/weight-scheme',
    {
      preHandler: app.requireAdmin,
      schema: { tags: ['members'], summary: 'Replace the weight scheme; recomputes weights without an explicit one', body: z.unknown().describe('proportional or brackets scheme'), response: { 200: WeightSchemeSchema } },
    },
    async (request) => members.setScheme(request.body, 'admin'),
  );
}
