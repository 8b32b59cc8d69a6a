/**
 * Backups inside the app's lifecycle: taken on request (`POST /api/backups`), after every round
 * close and every result recorded by hand, and periodically while a round is open
 * (modules/backups/schedule.ts). The last one is awaited before the database closes. Disabled for
 * an in-memory database.
 *
 * A backup taken while a secret round was open holds its ballots as they were cast (with weights,
 * in the state of that moment). Once the round has closed or been cancelled, a backup is taken (it
 * holds the ballots sealed) and then every backup that still holds unsealed ballots of a round that
 * is no longer open is removed: nothing kept after the round may tell who voted what (issue 12).
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { backUpRoundEnd, backupDirOf, createBackups, holdsUnsealedBallots, type BackupService } from '../modules/backups/backups.ts';
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

  // Backups made by an earlier version, or while a round was open that ended after the server
  // stopped (or was ended from the command line by a version before this one): replaced at start,
  // by a fresh backup first.
  const unsealed = holdsUnsealedBallots(domain.db);
  if (backups.matching(unsealed).length > 0) {
    backups.run('sealed').catch(() => undefined);
    backups.forget(unsealed).catch(() => undefined);
  }

  // After every close, and after a secret round that was open ends: its backup, then the backups of
  // the open round go (backUpRoundEnd, which the command line runs too).
  const offRoundEnd = domain.events.on('round-changed', ({ roundId, cause }) => {
    if (cause !== 'close' && cause !== 'cancel') return;
    const done = backUpRoundEnd(backups, domain.db, roundId, cause);
    if (!done) return;
    schedule.taken();
    done.catch(() => undefined);
  });

  app.addHook('preClose', async () => {
    schedule.stop();
    offRoundEnd();
    await backups.idle();
  });
}

export default fp(backupsPlugin, { name: 'backups', dependencies: ['domain'] });
