import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CheckinInputSchema, CheckinResultSchema, IdParamsSchema, PresenceAdminSchema } from '../../../shared/schemas.ts';

export async function presenceRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { domain } = app;

  app.post('/api/checkins', { preHandler: app.requireKiosk('checkin'), schema: { tags: ['presence'], summary: 'Check a card in or out (idempotent)', body: CheckinInputSchema, response: { 200: CheckinResultSchema } } }, async (request) =>
    domain.presence.checkIn(request.kiosk!, request.body.code, request.body.direction),
  );

  app.get('/api/meetings/:id/presence', { preHandler: app.requireAdmin, schema: { tags: ['presence'], summary: 'The members present now, with their weight', params: IdParamsSchema, response: { 200: PresenceAdminSchema } } }, async (request) =>
    domain.presence.list(request.params.id),
  );
}
