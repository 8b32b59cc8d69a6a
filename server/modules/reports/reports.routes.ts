import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FileSchema, IdParamsSchema, VotingRecordSchema } from '../../../shared/schemas.ts';
import { fileSlug, reportPdf, resultsCsv, resultsCsvIsPublic, roundCsvName } from './reports.service.ts';

/** `?lang=en`: the CSV in English with commas; Dutch with semicolons otherwise. */
const CsvQuerySchema = z.object({ lang: z.enum(['nl', 'en']).optional() });
import { renderVotingRecordCsv, votingRecord } from './voting-record.ts';

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
        summary: 'Roll call and totals of a round as CSV for a Dutch spreadsheet (UTF-8 with BOM, semicolons); lang=en: English with commas',
        params: IdParamsSchema,
        querystring: CsvQuerySchema,
        response: { 200: { description: 'The results', content: { 'text/csv': { schema: FileSchema } } } },
      },
    },
    async (request, reply) => {
      const round = domain.rounds.view(request.params.id, 'public');
      if (!resultsCsvIsPublic(round)) await app.requireAdmin(request, reply);
      const audience = app.audienceOf(request);
      const lang = request.query.lang ?? 'nl';
      const csv = resultsCsv(domain, round.id, audience, lang);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${roundCsvName(round.number, lang)}"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  );

  // The voting record (stemgedrag): public, as the VNG publishes it; it grows with every close.
  app.get(
    '/api/meetings/:id/voting-record.json',
    {
      schema: {
        tags: ['reports'],
        summary: 'The voting record: per member its choice on every motion decided in an open round',
        params: IdParamsSchema,
        response: { 200: VotingRecordSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return votingRecord(domain, request.params.id);
    },
  );
  app.get(
    '/api/meetings/:id/voting-record.csv',
    {
      schema: {
        tags: ['reports'],
        summary: 'The voting record as CSV for a Dutch spreadsheet (UTF-8 with BOM, semicolons); lang=en: English with commas',
        params: IdParamsSchema,
        querystring: CsvQuerySchema,
        response: { 200: { description: 'The voting record', content: { 'text/csv': { schema: FileSchema } } } },
      },
    },
    async (request, reply) => {
      const meeting = domain.meetings.get(request.params.id);
      const csv = renderVotingRecordCsv(votingRecord(domain, meeting.id), request.query.lang ?? 'nl');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="stemgedrag-${fileSlug(meeting.title)}-${meeting.date}.csv"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  );
}
