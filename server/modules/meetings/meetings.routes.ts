import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AgendaCreatedSchema, AgendaItemSchema, IdParamsSchema, MeetingDetailSchema, MeetingSchema, MotionSchema, ProjectorSchema, VotingOrderQuerySchema, VotingOrderSchema } from '../../../shared/schemas.ts';
import { languageOf } from '../../lib/http-errors.ts';
import { votingOrder } from './voting-order.ts';

export async function meetingsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { domain } = app;
  const params = IdParamsSchema;

  app.post('/api/meetings', { preHandler: app.requireAdmin, schema: { tags: ['meetings'], summary: 'Create a meeting', body: z.unknown(), response: { 201: MeetingSchema } } }, async (request, reply) => {
    reply.code(201);
    return domain.meetings.create(request.body, 'admin');
  });

  app.get('/api/meetings', { schema: { tags: ['meetings'], summary: 'All meetings, newest first', response: { 200: z.array(MeetingSchema) } } }, async () => domain.meetings.list());

  app.get('/api/meetings/:id', { schema: { tags: ['meetings'], summary: 'A meeting with agenda, rounds and presence', params, response: { 200: MeetingDetailSchema } } }, async (request) =>
    domain.meetingDetail(request.params.id),
  );

  app.post('/api/meetings/:id/agenda', { preHandler: app.requireAdmin, schema: { tags: ['meetings'], summary: 'Add agenda items with their motions', params, body: z.unknown(), response: { 201: AgendaCreatedSchema } } }, async (request, reply) => {
    const items = domain.meetings.addAgenda(request.params.id, request.body, 'admin');
    reply.code(201);
    return { items };
  });

  app.post('/api/motions/:id/withdraw', { preHandler: app.requireAdmin, schema: { tags: ['meetings'], summary: 'Withdraw a motion', params, response: { 200: MotionSchema } } }, async (request) =>
    domain.meetings.withdraw(request.params.id, 'admin'),
  );

  // The chair's edits, while nothing was voted on (docs/api.md, "Motions, agenda and the projector").
  app.patch(
    '/api/motions/:id',
    { preHandler: app.requireAdmin, schema: { tags: ['meetings'], summary: 'Change a motion that was never in an open round', params, body: z.unknown(), response: { 200: MotionSchema } } },
    async (request) => domain.agenda.patchMotion(request.params.id, request.body, 'admin'),
  );
  app.delete(
    '/api/motions/:id',
    { preHandler: app.requireAdmin, schema: { tags: ['meetings'], summary: 'Remove a motion that was never in an open round', params, response: { 204: z.null() } } },
    async (request, reply) => {
      domain.agenda.deleteMotion(request.params.id, 'admin');
      return reply.code(204).send(null);
    },
  );
  app.patch(
    '/api/agenda-items/:id',
    { preHandler: app.requireAdmin, schema: { tags: ['meetings'], summary: 'Change the number or title of an agenda item whose motions were never voted on', params, body: z.unknown(), response: { 200: AgendaItemSchema } } },
    async (request) => domain.agenda.patchItem(request.params.id, request.body, 'admin'),
  );
  app.delete(
    '/api/agenda-items/:id',
    { preHandler: app.requireAdmin, schema: { tags: ['meetings'], summary: 'Remove an agenda item and its motions, none of which was voted on', params, response: { 204: z.null() } } },
    async (request, reply) => {
      domain.agenda.deleteItem(request.params.id, 'admin');
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/meetings/:id/projector',
    { schema: { tags: ['meetings'], summary: 'What the projector shows: auto (the open or last closed round) or one motion', params, response: { 200: ProjectorSchema } } },
    async (request) => domain.meetings.projector(request.params.id),
  );
  app.put(
    '/api/meetings/:id/projector',
    { preHandler: app.requireAdmin, schema: { tags: ['meetings'], summary: 'Show one motion on the projector, or go back to auto', params, body: z.unknown(), response: { 200: ProjectorSchema } } },
    async (request) => domain.meetings.setProjector(request.params.id, request.body, 'admin'),
  );

  app.get(
    '/api/meetings/:id/voting-order',
    {
      schema: {
        tags: ['meetings'],
        summary: 'The usual order of voting (amendments first), the next motion, and warnings for the motions chosen for a round',
        params,
        querystring: VotingOrderQuerySchema,
        response: { 200: VotingOrderSchema },
      },
    },
    async (request) => votingOrder(domain.meetingDetail(request.params.id), request.query.motionIds ?? [], languageOf(request.headers['accept-language'])),
  );
}
