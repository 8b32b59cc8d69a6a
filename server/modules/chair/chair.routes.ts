import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CheckinResultSchema, IdParamsSchema, MotionSchema, RoundAdminSchema } from '../../../shared/schemas.ts';
import { CardStateSchema, ManualPresenceSchema, ManualResultInputSchema } from '../../../shared/chair.ts';

/** The chair console's additions to the contract (docs/api.md, "Chair additions"). Admin only. */
export async function chairRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { chair } = app.domain;
  const params = IdParamsSchema;
  const tags = ['chair'];

  app.post(
    '/api/motions/:id/manual-result',
    { preHandler: app.requireAdmin, schema: { tags, summary: 'Record the outcome of a motion decided by a show of cards', params, body: ManualResultInputSchema, response: { 200: MotionSchema } } },
    async (request) => chair.recordManualResult(request.params.id, request.body, 'admin'),
  );

  app.post(
    '/api/rounds/:id/revote',
    { preHandler: app.requireAdmin, schema: { tags, summary: 'Herstemming: cancel (or take a closed) round and open a new one on the same motions', params, response: { 201: RoundAdminSchema } } },
    async (request, reply) => {
      reply.code(201);
      return chair.revote(request.params.id, 'admin');
    },
  );

  app.post(
    '/api/meetings/:id/presence',
    { preHandler: app.requireAdmin, schema: { tags, summary: 'Check a member in or out by hand', params, body: ManualPresenceSchema, response: { 200: CheckinResultSchema } } },
    async (request) => chair.setPresence(request.params.id, request.body.memberCode, request.body.direction, 'admin'),
  );

  app.get(
    '/api/meetings/:id/cards',
    { preHandler: app.requireAdmin, schema: { tags, summary: 'Members with a card in the meeting and the state of their latest card', params, response: { 200: z.array(CardStateSchema) } } },
    async (request) => chair.cardList(request.params.id),
  );
}
