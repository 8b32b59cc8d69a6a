import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../../../shared/errors.ts';
import { BallotPublicSchema, IdParamsSchema, RollCallSchema, RoundAdminSchema, RoundCancelSchema, RoundCloseSchema, RoundPublicSchema } from '../../../shared/schemas.ts';
import { SecrecyCheckSchema, SecretRoundCheckSchema } from '../../../shared/secrecy.ts';

export async function roundsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { domain } = app;
  const params = IdParamsSchema;

  app.post('/api/meetings/:id/rounds', { preHandler: app.requireAdmin, schema: { tags: ['rounds'], summary: 'Create a round (draft) on one or more motions', params, body: z.unknown(), response: { 201: RoundAdminSchema } } }, async (request, reply) => {
    reply.code(201);
    return domain.rounds.create(request.params.id, request.body, 'admin');
  });

  app.post('/api/rounds/:id/open', { preHandler: app.requireAdmin, schema: { tags: ['rounds'], summary: 'Open a draft round', params, response: { 200: RoundAdminSchema } } }, async (request) => domain.rounds.open(request.params.id, 'admin'));
  app.post(
    '/api/rounds/:id/close',
    {
      preHandler: app.requireAdmin,
      schema: { tags: ['rounds'], summary: 'Close an open round and record the outcome (a small secret round only with confirmSmall)', params, body: RoundCloseSchema, response: { 200: RoundAdminSchema } },
    },
    async (request) => domain.rounds.close(request.params.id, 'admin', { confirmSmall: request.body?.confirmSmall === true }),
  );
  app.get(
    '/api/rounds/:id/secrecy-check',
    {
      preHandler: app.requireAdmin,
      schema: { tags: ['rounds'], summary: 'An open secret round: its ballots, the meeting minimum, and the voters whose choice its totals would make known', params, response: { 200: SecrecyCheckSchema } },
    },
    async (request) => domain.rounds.secrecyCheck(request.params.id),
  );
  app.post('/api/rounds/:id/cancel', { preHandler: app.requireAdmin, schema: { tags: ['rounds'], summary: 'Cancel a draft or open round, with an optional reason', params, body: RoundCancelSchema, response: { 200: RoundAdminSchema } } }, async (request) =>
    domain.rounds.cancel(request.params.id, request.body?.reason || undefined, 'admin'),
  );

  // Public and admin views are two schemas: without credentials the answer is parsed with the public one.
  app.get(
    '/api/rounds/:id',
    {
      schema: {
        tags: ['rounds'],
        summary: 'A round with its tallies (public view, or the admin view with credentials)',
        params,
        response: { 200: RoundPublicSchema },
        adminResponse: { 200: RoundAdminSchema },
      },
    },
    async (request) => domain.rounds.view(request.params.id, app.audienceOf(request)),
  );

  app.get(
    '/api/meetings/:id/rounds',
    {
      schema: {
        tags: ['rounds'],
        summary: 'Every round of a meeting (public views, or admin views with credentials)',
        params,
        response: { 200: z.array(RoundPublicSchema) },
        adminResponse: { 200: z.array(RoundAdminSchema) },
      },
    },
    async (request) => {
      domain.meetings.get(request.params.id);
      return domain.rounds.viewsOfMeeting(request.params.id, app.audienceOf(request));
    },
  );

  // Who voted what: one cacheable answer instead of a roll call in every live event. A closed round
  // never changes, so its body is made once (parsed by its schema, then kept as bytes) and its ETag
  // is the audit head recorded at close; an open round's is the admin's, never stored by a cache.
  const closedRollCalls = new Map<number, { etag: string; body: Buffer }>();
  const CLOSED_KEPT = 4;
  app.get(
    '/api/rounds/:id/roll-call',
    {
      schema: {
        tags: ['rounds'],
        summary: 'Who voted what in an open (not secret) round: public once closed (immutable, with an ETag), the admin only while it is open',
        params,
        response: { 200: RollCallSchema, 304: z.null() },
      },
    },
    async (request, reply) => {
      const row = domain.rounds.row(request.params.id);
      const closed = row.state === 'closed' && row.secret === 0 && row.head_hash !== null;
      let answer = closed ? closedRollCalls.get(row.id) : undefined;
      if (closed) {
        const etag = `"rc-${row.id}-${row.head_hash!.slice(0, 32)}"`;
        reply.header('etag', etag).header('cache-control', 'public, max-age=31536000, immutable');
        if (request.headers['if-none-match'] === etag) return reply.code(304).send(null);
        if (!answer) {
          answer = { etag, body: Buffer.from(JSON.stringify(z.parse(RollCallSchema, domain.rounds.rollCall(row.id, 'public'))), 'utf8') };
          if (closedRollCalls.size >= CLOSED_KEPT) closedRollCalls.delete(closedRollCalls.keys().next().value!);
          closedRollCalls.set(row.id, answer);
        }
      } else {
        if (row.state === 'open' && !row.secret) await app.requireAdmin(request, reply);
        const body = Buffer.from(JSON.stringify(z.parse(RollCallSchema, domain.rounds.rollCall(row.id, app.audienceOf(request)))), 'utf8');
        const etag = `"rc-${row.id}-${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
        reply.header('etag', etag).header('cache-control', 'no-store');
        if (request.headers['if-none-match'] === etag) return reply.code(304).send(null);
        answer = { etag, body };
      }
      // Bytes made once (parsed by RollCallSchema above), sent as they are.
      return (reply as FastifyReply).type('application/json; charset=utf-8').send(answer.body);
    },
  );

  // After close, every ballot by its receipt: a voter can check that theirs was counted as cast.
  app.get(
    '/api/rounds/:id/ballots',
    {
      schema: {
        tags: ['rounds'],
        summary: 'The ballots of a closed round: receipt and choices, sorted by receipt (no member, weight or time)',
        params,
        response: { 200: z.array(BallotPublicSchema) },
      },
    },
    async (request) => {
      const row = domain.rounds.row(request.params.id);
      if (row.state !== 'closed') throw new ApiError('invalid_state', { nl: 'De stembriefjes worden gepubliceerd na het sluiten van de stemming.', en: 'Ballots are published after the round has closed.' });
      return [...domain.rounds.eachPublishedBallot(row)];
    },
  );

  // Before a secret round: with few members present its weighted totals may tell who chose what.
  app.get(
    '/api/meetings/:id/secret-round-check',
    {
      preHandler: app.requireAdmin,
      schema: {
        tags: ['rounds'],
        summary: 'Before opening a secret round: members present, the minimum below which the chair is warned, and members whose weight no other present member has',
        params,
        response: { 200: SecretRoundCheckSchema },
      },
    },
    async (request) => domain.rounds.secretRoundCheck(request.params.id),
  );
}
