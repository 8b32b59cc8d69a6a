import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParamsSchema, SnapshotPublicSchema } from '../../../shared/schemas.ts';

/** The header that carries the feed's sequence number with a snapshot (see modules/live/redis-feed.ts). */
export const FEED_SEQ_HEADER = 'stemkaart-feed-seq';

/**
 * `GET /api/meetings/:id/live`: the public snapshot a new `/live` socket gets, over HTTP. Feed relays
 * take it once per meeting (not per socket) and keep it current from the Redis feed; with Redis, the
 * answer names the number of the last event published before it, so a relay knows which events the
 * snapshot already holds.
 */
export async function liveRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/api/meetings/:id/live', { schema: { tags: ['meetings'], summary: 'The live feed\'s snapshot of a meeting (what a new /live socket gets first)', params: IdParamsSchema, response: { 200: SnapshotPublicSchema } } }, async (request, reply) => {
    // Read in the same turn as the snapshot is built: no event can come between.
    const seq = app.feedPublisher?.seq();
    const snapshot = app.liveFeed.snapshot(request.params.id, 'public');
    if (seq !== undefined) reply.header(FEED_SEQ_HEADER, String(seq));
    return snapshot;
  });
}
