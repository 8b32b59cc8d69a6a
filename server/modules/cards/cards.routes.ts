import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CardIssueSchema, FileSchema, Id, IssuedCardsSchema, MemberCodeSchema, OkSchema } from '../../../shared/schemas.ts';
import { cardSheetPdf, prefersPdf } from './card-sheet-pdf.ts';
import type { IssuedCard, PendingCards } from './cards.service.ts';

export async function cardsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { domain } = app;
  const memberParams = z.object({ id: Id, memberCode: MemberCodeSchema });
  // The codes as JSON, or the printable card sheet with `Accept: application/pdf`.
  const issued = { 201: { description: 'The new cards with their codes (shown only here), or their card sheet', content: { 'application/json': { schema: IssuedCardsSchema }, 'application/pdf': { schema: FileSchema } } } };

  // `Accept: application/pdf` → the printable card sheet instead of the JSON codes (never cached).
  // The sheet is made before the cards are stored: a sheet that cannot be made (a 500) leaves no card
  // whose code exists nowhere, and the member without one (issuing skips members with an active card).
  async function answer(request: FastifyRequest, reply: FastifyReply, meetingId: number, pending: PendingCards, name: (cards: IssuedCard[]) => string) {
    if (!prefersPdf(request.headers.accept)) {
      const cards = pending.commit();
      return reply.code(201).send({ cards });
    }
    const pdf = await cardSheetPdf(domain, meetingId, pending.cards);
    const cards = pending.commit();
    return reply.code(201).type('application/pdf').header('content-disposition', `attachment; filename="${name(cards)}"`).header('cache-control', 'no-store').send(pdf);
  }

  app.post(
    '/api/meetings/:id/cards',
    { preHandler: app.requireAdmin, schema: { tags: ['cards'], summary: 'Issue cards (default: every member without an active card)', params: z.object({ id: Id }), body: z.nullish(CardIssueSchema), response: issued } },
    async (request, reply) => {
      const pending = domain.cards.prepareIssue(request.params.id, request.body?.members, 'admin');
      return answer(request, reply, request.params.id, pending, () => `stemkaarten-${request.params.id}.pdf`);
    },
  );

  app.post(
    '/api/meetings/:id/cards/:memberCode/reissue',
    { preHandler: app.requireAdmin, schema: { tags: ['cards'], summary: "Revoke the member's active card and issue a new one", params: memberParams, response: issued } },
    async (request, reply) => {
      const pending = domain.cards.prepareReissue(request.params.id, request.params.memberCode, 'admin');
      return answer(request, reply, request.params.id, pending, ([card]) => `stemkaart-${request.params.id}-${card.memberCode}.pdf`);
    },
  );

  app.post(
    '/api/meetings/:id/cards/:memberCode/revoke',
    { preHandler: app.requireAdmin, schema: { tags: ['cards'], summary: "Withdraw the member's active card", params: memberParams, response: { 200: OkSchema } } },
    async (request) => {
      domain.cards.revoke(request.params.id, request.params.memberCode, 'admin');
      return { ok: true as const };
    },
  );
}
