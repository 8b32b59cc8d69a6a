import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { PROJECT_ROOT } from '../paths.ts';

export const DEFAULT_CLIENTS_DIR = join(PROJECT_ROOT, 'dist');

/**
 * Serves the built browser clients: the kiosk at /kiosk/, the chair console at /chair/, the
 * projector and the public pages at /projector/, the public meeting list at / and /favicon.ico;
 * text assets pre-compressed (brotli, gzip) when the browser accepts it. A client not built is skipped. A feed
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
    await app.register(fastifyStatic, {
      root,
      prefix,
      decorateReply: !decorated,
      index: ['index.html'],
      wildcard: true,
      // The build wrote file.br and file.gz beside each text asset (scripts/assets.js): sent as they
      // are with Content-Encoding to a browser that accepts them; caches must keep them apart.
      preCompressed: true,
      setHeaders: (res) => res.setHeader('Vary', 'Accept-Encoding'),
    });
    // Vite names each file of a client's assets/ folder by a hash of its content, so a browser may
    // keep it for good, without first asking whether it changed. The pages themselves (and the
    // kiosk's watchdog, boot.js) are asked for again each time, and name the new files after an
    // update.
    await app.register(fastifyStatic, {
      root: join(root, 'assets'),
      prefix: `${prefix}assets/`,
      decorateReply: false,
      index: false,
      wildcard: true,
      preCompressed: true,
      maxAge: '365d',
      immutable: true,
      setHeaders: (res) => res.setHeader('Vary', 'Accept-Encoding'),
    });
    decorated = true;
    const bare = prefix.slice(0, -1);
    app.get(bare, { schema: { hide: true } }, (request, reply) => {
      const q = request.url.indexOf('?');
      return reply.redirect(prefix + (q >= 0 ? request.url.slice(q) : ''), 302);
    });
  }
  const publicDir = join(dir, 'projector-view');
  if (existsSync(join(publicDir, 'home.html'))) {
    app.get('/', { schema: { hide: true } }, (_request, reply) => reply.sendFile('home.html', publicDir));
  }
  // Every browser asks for it on every page (a 404 each time otherwise); drawn by the build.
  if (existsSync(join(publicDir, 'favicon.ico'))) {
    app.get('/favicon.ico', { schema: { hide: true } }, (_request, reply) => reply.header('Cache-Control', 'public, max-age=86400').sendFile('favicon.ico', publicDir));
  }
}

export default fp(clientsPlugin, { name: 'clients' });
