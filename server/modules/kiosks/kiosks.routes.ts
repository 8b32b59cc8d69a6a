import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../../../shared/errors.ts';
import { IdParamsSchema, KioskSchema, KioskIdentitySchema, PairedKioskSchema } from '../../../shared/schemas.ts';

export async function kiosksRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { domain } = app;
  const params = IdParamsSchema;

  app.post('/api/meetings/:id/kiosks', { preHandler: app.requireAdmin, schema: { tags: ['kiosks'], summary: 'Pair a kiosk; the URL opens it already paired', params, body: z.unknown(), response: { 201: PairedKioskSchema } } }, async (request, reply) => {
    reply.code(201);
    return domain.kiosks.pair(request.params.id, request.body, 'admin');
  });

  app.get('/api/meetings/:id/kiosks', { preHandler: app.requireAdmin, schema: { tags: ['kiosks'], summary: 'Kiosks of a meeting (without tokens)', params, response: { 200: z.array(KioskSchema) } } }, async (request) =>
    domain.kiosks.list(request.params.id),
  );

  app.delete('/api/kiosks/:id', { preHandler: app.requireAdmin, schema: { tags: ['kiosks'], summary: 'Revoke a kiosk: its token stops working at once', params, response: { 200: KioskSchema } } }, async (request) =>
    domain.kiosks.revoke(request.params.id, 'admin'),
  );

  // The kiosk page asks who it is after pairing (and after every reload).
  app.get('/api/kiosk/me', { schema: { tags: ['kiosks'], summary: 'The calling kiosk, its mode and its meeting', response: { 200: KioskIdentitySchema } } }, async (request) => {
    if (request.bearer?.kind !== 'kiosk') throw new ApiError('unauthorized');
    const { kiosk } = request.bearer;
    const meeting = domain.meetings.get(kiosk.meetingId);
    return { id: kiosk.id, name: kiosk.name, mode: kiosk.mode, meetingId: kiosk.meetingId, meeting: { id: meeting.id, title: meeting.title, date: meeting.date, venue: meeting.venue, requireCheckIn: meeting.requireCheckIn, timeZone: meeting.timeZone } };
  });
}
