import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AgendaCreatedSchema, IdParamsSchema, MeetingDetailSchema, MeetingSchema, MotionSchema } from '../../../shared/schemas.ts';

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
}
