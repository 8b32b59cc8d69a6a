import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../../../shared/errors.ts';
import { BallotPublicSchema, IdParamsSchema, RoundAdminSchema, RoundCancelSchema, RoundCloseSchema, RoundPublicSchema } from '../../../shared/schemas.ts';
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
