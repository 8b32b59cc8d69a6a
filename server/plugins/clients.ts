import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { PROJECT_ROOT } from '../paths.ts';

export const DEFAULT_CLIENTS_DIR = join(PROJECT_ROOT, 'dist');

/**
 * Serves the built browser clients: the kiosk at /kiosk/, the chair console at /chair/, the
 * projector at /projector/ and the public meeting list at /. A client not built is skipped. A feed
 * relay (`publicOnly`) serves only the projector and the public page.
 */
async function clientsPlugin(app: FastifyInstance, opts: { dir?: string; publicOnly?: boolean }) {
  const dir = opts.dir ?? DEFAULT_CLIENTS_DIR;
  const mounts = [
    { folder: 'kiosk-client', prefix: '/kiosk/' },
    { folder: 'chair-console', prefix: '/chair/' },
    { folder: 'projector-view', prefix: '/projector/' },
  ].filter((m) => !opts.publicOnly || m.folder === 'projector-view');
  let decorated = false;
  for (const { folder, prefix } of mounts) {
    const root = join(dir, folder);
    if (!existsSync(join(root, 'index.html'))) {
      app.log.debug({ folder }, 'client not built; not served');
      continue;
    }
    await app.register(fastifyStatic, { root, prefix, decorateReply: !decorated, index: ['index.html'], wildcard: true });
    decorated = true;
    const bare = prefix.slice(0, -1);
    app.get(bare, { schema: { hide: true } }, (request, reply) => {
      const q = request.url.indexOf('?');
      return reply.redirect(prefix + (q >= 0 ? request.url.slice(q) : ''), 302);
    });
  }
  const home = join(dir, 'projector-view', 'home.html');
  if (existsSync(home)) {
    app.get('/', { schema: { hide: true } }, (_request, reply) => reply.sendFile('home.html', join(dir, 'projector-view')));
  }
}

export default fp(clientsPlugin, { name: 'clients' });
