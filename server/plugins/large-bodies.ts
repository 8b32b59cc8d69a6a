/**
 * Large response bodies go out as Buffers of their exact size. Node writes a string body through a
 * buffer sized for the worst case, three bytes a character: the 12 MB roll call of a
 * 100,000-member round took 36 MB more on its way out. Not a cache: nothing is kept between
 * responses, so there is nothing to invalidate (test: api-setup.test.ts, a large list arrives whole
 * with its exact length).
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Bodies longer than this (characters) are sent as a Buffer. */
export const LARGE_BODY = 64 * 1024;

async function largeBodies(app: FastifyInstance) {
  app.addHook('onSend', (_request, _reply, payload, done) => {
    done(null, typeof payload === 'string' && payload.length > LARGE_BODY ? Buffer.from(payload, 'utf8') : payload);
  });
}

export default fp(largeBodies, { name: 'large-bodies' });
