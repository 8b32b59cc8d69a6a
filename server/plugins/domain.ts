import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ResolvedConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { claimDatabase, currentHolder } from '../db/server-lock.ts';
import { localUrl, publicUrlFor } from '../lib/addresses.ts';
import { StartupError } from '../startup.ts';
import { createDomain, type Domain } from '../domain.ts';
import { loadCardKey } from '../modules/cards/card-key.ts';

declare module 'fastify' {
  interface FastifyInstance {
    domain: Domain;
    config: ResolvedConfig;
    /** The base of printed links and kiosk pairing URLs: STEMKAART_PUBLIC_URL, or what the server listens on. */
    publicUrl(): string;
    /** A line to print about how `publicUrl` was chosen (a LAN address), or null. */
    publicUrlNote(): string | null;
  }
}

/** Opens the database (migrated, WAL, synchronous=FULL), builds the domain and closes both with the app. */
async function domainPlugin(app: FastifyInstance, opts: { config: ResolvedConfig }) {
  const { config } = opts;
  const holder = currentHolder(config.dbPath);
  if (holder && holder.pid !== process.pid) {
    throw new StartupError(`STEMKAART_DB: another Stemkaart server (pid ${holder.pid}${holder.url ? `, ${holder.url}` : ''}) is using ${config.dbPath}; stop it first, or give this one another database`);
  }
  const db = openDatabase(config.dbPath);
  let publicUrl = config.publicUrl;
  let publicUrlNote: string | null = null;
  const domain = createDomain({
    db,
    cardKey: loadCardKey(config),
    publicUrl: () => publicUrl,
    adminToken: config.adminToken,
    generateAdminToken: true,
    sessionTtlS: config.sessionTtlS,
    unknownScanLimit: config.unknownScanLimit,
    unknownScanWindowS: config.unknownScanWindowS,
    unknownScanDelayMs: config.unknownScanDelayMs,
    unknownScanMaxDelayMs: config.unknownScanMaxDelayMs,
    log: app.log,
  });
  app.decorate('config', config);
  app.decorate('domain', domain);
  app.decorate('publicUrl', () => publicUrl);
  app.decorate('publicUrlNote', () => publicUrlNote);
  // While this server holds the database, the command line writes through it or not at all.
  const claim = claimDatabase(config.dbPath);
  app.addHook('onListen', async () => {
    const address = app.server.address();
    if (!address || typeof address !== 'object') return;
    claim.listening(localUrl(address, config.tls !== undefined));
    if (config.publicUrlFromListen) ({ url: publicUrl, note: publicUrlNote } = publicUrlFor(address, config.tls !== undefined));
  });
  app.addHook('onClose', async () => {
    domain.close();
    db.close();
    claim.release();
  });
}

export default fp(domainPlugin, { name: 'domain' });
