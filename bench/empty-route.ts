/**
 * The reference of the ballot benchmark: a Fastify server whose `POST /api/ballots` does nothing but
 * answer 201 with a receipt-shaped body (JSON body parsed by Fastify, no schema, no hooks, no
 * logger). bench/ballots.ts drives it with the same kiosks' process and the same requests as the
 * voting server, in the same run: a ballot's rate against this is what the issue's ratio means.
 * Prints `listening on http://HOST:PORT` like bench/serve.ts.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
const castAt = new Date().toISOString();
app.post('/api/ballots', async (_request, reply) => {
  reply.code(201);
  return { receipt: 'AAAA-BBBB-CCCC', castAt };
});
process.stdout.on('error', () => undefined);
const shutdown = () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
const address = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`listening on http://127.0.0.1:${new URL(address).port}`);
