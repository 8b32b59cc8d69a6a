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
import type { Db } from '../db/database.ts';
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

  const roundState = domain.db.prepare('SELECT state FROM rounds WHERE id = ?').pluck();

  /** True when a backup holds secret ballots as an open round keeps them, of a round that has ended. */
  function holdsUnsealedBallots(backup: Db): boolean {
    const table = backup.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck();
    if (table.get('secret_ballots_open')) {
      const rounds = backup.prepare('SELECT DISTINCT round_id FROM secret_ballots_open').pluck().all() as number[];
      return rounds.some((id) => roundState.get(id) !== 'open');
    }
    // Made before migration 003: every secret ballot kept its weight.
    return Boolean(table.get('secret_ballots')) && backup.prepare('SELECT 1 FROM secret_ballots LIMIT 1').get() !== undefined;
  }

  // Backups made by an earlier version, or while a round was open that ended after the server
  // stopped: replaced at start, by a fresh backup first.
  if (backups.matching(holdsUnsealedBallots).length > 0) {
    backups.run('sealed').catch(() => undefined);
    backups.forget(holdsUnsealedBallots).catch(() => undefined);
  }

  // After a secret round that was open ends: the schedule (its listener came first) has queued the
  // close backup; a cancel gets one here. Then the backups of the open round go.
  const offSecretEnd = domain.events.on('round-changed', ({ roundId, cause }) => {
    if (cause !== 'close' && cause !== 'cancel') return;
    const row = domain.rounds.findRow(roundId);
    if (row?.secret !== 1 || !row.opened_at) return;
    if (cause === 'cancel') backups.run(`cancel-r${roundId}`).catch(() => undefined);
    backups.forget(holdsUnsealedBallots).catch(() => undefined);
  });

  app.addHook('preClose', async () => {
    schedule.stop();
    offSecretEnd();
    await backups.idle();
  });
}

export default fp(backupsPlugin, { name: 'backups', dependencies: ['domain'] });
