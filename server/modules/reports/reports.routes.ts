import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FileSchema, IdParamsSchema } from '../../../shared/schemas.ts';
import { fileSlug, reportPdf, resultsCsv, resultsCsvIsPublic } from './reports.service.ts';

export async function reportsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { domain } = app;

  app.get(
    '/api/meetings/:id/report.pdf',
    {
      schema: {
        tags: ['reports'],
        summary: "The meeting's results report for the minutes (PDF; the admin's copy includes the roll call of rounds still open)",
        params: IdParamsSchema,
        response: { 200: { description: 'The report', content: { 'application/pdf': { schema: FileSchema } } } },
      },
    },
    async (request, reply) => {
      const meeting = domain.meetings.get(request.params.id);
      const pdf = await reportPdf(domain, meeting.id, app.audienceOf(request));
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="uitslagen-${fileSlug(meeting.title)}-${meeting.date}.pdf"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );

  app.get(
    '/api/rounds/:id/results.csv',
    {
      schema: {
        tags: ['reports'],
        summary: 'Roll call and totals of a round as CSV (UTF-8 with BOM; sep=semicolon for Dutch Excel)',
        params: IdParamsSchema,
        querystring: z.object({ sep: z.enum(['comma', 'semicolon']).optional().default('comma') }),
        response: { 200: { description: 'The results', content: { 'text/csv': { schema: FileSchema } } } },
      },
    },
    async (request, reply) => {
      const round = domain.rounds.view(request.params.id, 'public');
      if (!resultsCsvIsPublic(round)) await app.requireAdmin(request, reply);
      const audience = app.audienceOf(request);
      const csv = resultsCsv(domain, round.id, audience, request.query.sep === 'semicolon' ? ';' : ',');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="stemronde-${round.id}.csv"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  );
}
