import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ResolvedConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { claimDatabase } from '../db/server-lock.ts';
import { localUrl } from '../lib/addresses.ts';
import { createDomain, type Domain } from '../domain.ts';
import { loadCardKey } from '../modules/cards/card-key.ts';

declare module 'fastify' {
  interface FastifyInstance {
    domain: Domain;
    config: ResolvedConfig;
  }
}

/** Opens the database (migrated, WAL, synchronous=FULL), builds the domain and closes both with the app. */
async function domainPlugin(app: FastifyInstance, opts: { config: ResolvedConfig }) {
  const { config } = opts;
  const db = openDatabase(config.dbPath);
  const domain = createDomain({
    db,
    cardKey: loadCardKey(config),
    publicUrl: config.publicUrl,
    adminToken: config.adminToken,
    generateAdminToken: true,
    sessionTtlS: config.sessionTtlS,
    unknownScanLimit: config.unknownScanLimit,
    unknownScanWindowS: config.unknownScanWindowS,
  });
  app.decorate('config', config);
  app.decorate('domain', domain);
  // While this server holds the database, the command line writes through it or not at all.
  const claim = claimDatabase(config.dbPath);
  app.addHook('onListen', async () => {
    const address = app.server.address();
    if (address && typeof address === 'object') claim.listening(localUrl(address, config.tls !== undefined));
  });
  app.addHook('onClose', async () => {
    domain.close();
    db.close();
    claim.release();
  });
}

export default fp(domainPlugin, { name: 'domain' });
