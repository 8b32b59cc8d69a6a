/**
 * Backups inside the app's lifecycle: one after every round close, and one every
 * `backupIntervalS` while a round is open and something changed. The last one is awaited before
 * the database closes. Disabled for an in-memory database.
 */
import { dirname, join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createBackups, type BackupService } from '../modules/backups/backups.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** null when the database is in memory. */
    backups: BackupService | null;
  }
}

async function backupsPlugin(app: FastifyInstance) {
  const { config, domain } = app;
  if (config.dbPath === ':memory:') {
    app.decorate('backups', null);
    return;
  }
  const dir = config.backupDir ?? join(dirname(resolve(config.dbPath)), 'backups');
  const backups = createBackups({ db: domain.db, dir, keep: config.backupKeep, log: app.log });
  app.decorate('backups', backups);

  const anyOpenRound = domain.db.prepare("SELECT 1 FROM rounds WHERE state = 'open' LIMIT 1").pluck();
  let changed = false;
  const unsubscribe = [
    domain.events.on('round-changed', ({ roundId, cause }) => {
      changed = true;
      // The outcome of every vote is in a backup as soon as it is known.
      if (cause === 'close') backups.run(`close-r${roundId}`).catch(() => undefined);
    }),
    domain.events.on('manual-result', ({ motionId }) => {
      changed = true;
      backups.run(`manual-m${motionId}`).catch(() => undefined);
    }),
    domain.events.on('presence-changed', () => {
      changed = true;
    }),
    domain.events.on('meeting-changed', () => {
      changed = true;
    }),
  ];
  const timer = setInterval(() => {
    if (!changed || anyOpenRound.get() === undefined) return;
    changed = false;
    backups.run('periodic').catch(() => undefined);
  }, config.backupIntervalS * 1000);
  timer.unref();

  app.addHook('preClose', async () => {
    clearInterval(timer);
    for (const off of unsubscribe) off();
    await backups.idle();
  });
}

export default fp(backupsPlugin, { name: 'backups', dependencies: ['domain'] });
