import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BallotInputSchema, BallotReceiptSchema, ScanInputSchema, ScanResultSchema } from '../../../shared/schemas.ts';

export async function ballotsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { domain } = app;

  app.post(
    '/api/scan',
    { preHandler: app.requireKiosk('voting'), schema: { tags: ['voting'], summary: 'Scan a card at a voting kiosk: member, open round, earlier ballot', body: ScanInputSchema, response: { 200: ScanResultSchema } } },
    async (request) => domain.ballots.scan(request.kiosk!, request.body.code),
  );

  app.post(
    '/api/ballots',
    {
      preHandler: app.requireKiosk('voting'),
      schema: {
        tags: ['voting'],
        summary: 'Cast a ballot; acknowledged (201) only after it is durably stored; the same nonce again answers 200 with the same receipt',
        body: BallotInputSchema,
        response: { 200: BallotReceiptSchema, 201: BallotReceiptSchema },
      },
    },
    async (request, reply) => {
      const result = await domain.ballots.cast(request.kiosk!, request.body);
      reply.code(result.created ? 201 : 200);
      return { receipt: result.receipt, castAt: result.castAt };
    },
  );
}
