import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CardIssueSchema, Id, MemberCodeSchema } from '../../../shared/schemas.ts';

export async function cardsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { domain } = app;
  const memberParams = z.object({ id: Id, memberCode: MemberCodeSchema });

  app.post(
    '/api/meetings/:id/cards',
    { preHandler: app.requireAdmin, schema: { tags: ['cards'], summary: 'Issue cards (default: every member without an active card)', params: z.object({ id: Id }), body: CardIssueSchema.nullish() } },
    async (request, reply) => {
      const cards = domain.cards.issue(request.params.id, request.body?.members, 'admin');
      reply.code(201);
      return { cards };
    },
  );

  app.post(
    '/api/meetings/:id/cards/:memberCode/reissue',
    { preHandler: app.requireAdmin, schema: { tags: ['cards'], summary: "Revoke the member's active card and issue a new one", params: memberParams } },
    async (request, reply) => {
      const card = domain.cards.reissue(request.params.id, request.params.memberCode, 'admin');
      reply.code(201);
      return { cards: [card] };
    },
  );

  app.post(
    '/api/meetings/:id/cards/:memberCode/revoke',
    { preHandler: app.requireAdmin, schema: { tags: ['cards'], summary: "Withdraw the member's active card", params: memberParams } },
    async (request) => {
      domain.revokeCard(request.params.id, request.params.memberCode, 'admin');
      return { ok: true };
    },
  );
}
