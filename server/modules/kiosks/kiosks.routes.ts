import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../../../shared/errors.ts';
import { IdParamsSchema, KioskIdentitySchema, KioskPinInputSchema, KioskPinStateSchema, KioskSchema, PairedKioskSchema, StaffPinInputSchema } from '../../../shared/schemas.ts';

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

  // The staff PIN of a meeting's kiosks (issue 23, point 8): set by the chair, asked by a kiosk after
  // the 3 s press before its Beheer settings open. Without a PIN set a kiosk opens them as before.
  app.get('/api/meetings/:id/kiosk-pin', { preHandler: app.requireAdmin, schema: { tags: ['kiosks'], summary: 'Whether the meeting\'s kiosks ask a staff PIN', params, response: { 200: KioskPinStateSchema } } }, async (request) => ({
    pinSet: domain.meetings.kioskPinSet(request.params.id),
  }));
  app.put(
    '/api/meetings/:id/kiosk-pin',
    { preHandler: app.requireAdmin, schema: { tags: ['kiosks'], summary: 'Set (4 to 8 digits) or remove (null) the staff PIN of the meeting\'s kiosks; stored hashed', params, body: KioskPinInputSchema, response: { 200: KioskPinStateSchema } } },
    async (request) => {
      domain.meetings.setKioskPin(request.params.id, request.body.pin, 'admin');
      return { pinSet: request.body.pin !== null };
    },
  );

  // Any paired kiosk, checked before the body is read (as requireKiosk does).
  const anyKiosk = async (request: FastifyRequest) => {
    if (request.bearer?.kind !== 'kiosk') throw new ApiError(request.bearer?.kind === 'admin' ? 'forbidden' : 'unauthorized');
  };
  app.get('/api/kiosk/staff-pin', { onRequest: anyKiosk, schema: { tags: ['kiosks'], summary: 'Whether this kiosk asks a staff PIN before its Beheer settings', response: { 200: KioskPinStateSchema } } }, async (request) => {
    const kiosk = request.bearer!.kind === 'kiosk' ? request.bearer!.kiosk : null;
    return { pinSet: domain.meetings.kioskPinSet(kiosk!.meetingId) };
  });
  app.post('/api/kiosk/staff-pin', { onRequest: anyKiosk, schema: { tags: ['kiosks'], summary: 'Check the staff PIN at a kiosk: 200 when right (or none set), 403 when wrong', body: StaffPinInputSchema, response: { 200: KioskPinStateSchema } } }, async (request) => {
    const { kiosk } = request.bearer as { kind: 'kiosk'; kiosk: { id: number; meetingId: number } };
    // Wrong PINs count per kiosk in the failure limit of wrong tokens: 10 a minute, then 429.
    const where = `kiosk-pin:${kiosk.id}`;
    // Past the limit even the right PIN waits: otherwise guesses would go on, told apart by their answer.
    if (app.adminFailures.limited(where)) throw new ApiError('rate_limited');
    if (!domain.meetings.kioskPinMatches(kiosk.meetingId, request.body.pin)) {
      if (app.adminFailures.fail(where)) throw new ApiError('rate_limited');
      throw new ApiError('forbidden', { nl: 'De pincode is onjuist.', en: 'The PIN is wrong.' });
    }
    return { pinSet: domain.meetings.kioskPinSet(kiosk.meetingId) };
  });
}
