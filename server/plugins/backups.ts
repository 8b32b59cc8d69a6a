/**
 * Backups inside the app's lifecycle: taken on request (`POST /api/backups`), after every round
 * close and every result recorded by hand, and periodically while a round is open
 * (modules/backups/schedule.ts). The last one is awaited before the database closes. Disabled for
 * an in-memory database.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { backupDirOf, createBackups, type BackupService } from '../modules/backups/backups.ts';
import { scheduleBackups, type BackupSchedule } from '../modules/backups/schedule.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** null when the database is in memory. */
    backups: BackupService | null;
    backupSchedule: BackupSchedule | null;
  }
}

async function backupsPlugin(app: FastifyInstance) {
  const { config, domain } = app;
  if (config.dbPath === ':memory:') {
    app.decorate('backups', null);
    app.decorate('backupSchedule', null);
    return;
  }
  const backups = createBackups({ db: domain.db, dir: config.backupDir ?? backupDirOf(config.dbPath), keep: config.backupKeep, log: app.log });
  app.decorate('backups', backups);

  const openRounds = domain.db.prepare("SELECT id FROM rounds WHERE state = 'open'").pluck();
  const schedule = scheduleBackups({
    events: domain.events,
    openRounds: () => openRounds.all() as number[],
    openedAt: (roundId) => domain.rounds.findRow(roundId)?.opened_at ?? null,
    take: (reason) => void backups.run(reason).catch(() => undefined),
    intervalMs: config.backupIntervalS * 1000,
  });
  app.decorate('backupSchedule', schedule);

  app.addHook('preClose', async () => {
    schedule.stop();
    await backups.idle();
  });
}

export default fp(backupsPlugin, { name: 'backups', dependencies: ['domain'] });
