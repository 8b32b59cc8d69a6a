import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CheckinInputSchema, IdParamsSchema } from '../../../shared/schemas.ts';

export async function presenceRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { domain } = app;

  app.post('/api/checkins', { preHandler: app.requireKiosk('checkin'), schema: { tags: ['presence'], summary: 'Check a card in or out (idempotent)', body: CheckinInputSchema } }, async (request) =>
    domain.presence.checkIn(request.kiosk!, request.body.code, request.body.direction),
  );

  app.get('/api/meetings/:id/presence', { preHandler: app.requireAdmin, schema: { tags: ['presence'], summary: 'The members present now, with their weight', params: IdParamsSchema } }, async (request) =>
    domain.presence.list(request.params.id),
  );
}
