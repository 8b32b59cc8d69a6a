import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MemberImportResultSchema, MemberInputSchema, MemberSchema, WeightSchemeSchema } from '../../../shared/schemas.ts';
import { charsetOf, parseMemberFile } from './member-file.ts';

/** A 100,000-member file is about 4 MiB; the limit leaves room for long names and extra columns. */
export const MEMBERS_BODY_LIMIT = 64 * 1024 * 1024;

export async function membersRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { members } = app.domain;

  app.get('/api/members', { schema: { tags: ['members'], summary: 'Members and their weights, sorted by name', response: { 200: z.array(MemberSchema) } } }, async () => members.list());

  app.put(
    '/api/members',
    {
      preHandler: app.requireAdmin,
      bodyLimit: MEMBERS_BODY_LIMIT,
      schema: {
        tags: ['members'],
        summary: 'Upsert members by code (case-insensitive), from JSON or CSV (, ; or tab; UTF-8 or Windows-1252); all or nothing',
        // Validated row by row by the service, so that the error names the failing row.
        body: z.unknown().describe(`JSON array of ${Object.keys(MemberInputSchema.shape).join(', ')}; or text/csv with header code,name,province,population[,weight] (or naam, provincie, inwonertal, gewicht), up to 64 MiB`),
        response: { 200: MemberImportResultSchema },
      },
    },
    async (request) => {
      const rows = Buffer.isBuffer(request.body) ? parseMemberFile({ bytes: request.body, charset: charsetOf(request.headers['content-type']) }) : request.body;
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
