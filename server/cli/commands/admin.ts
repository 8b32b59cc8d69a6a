/**
 * `stemkaart backup` and `admin-token rotate`: looking after the database and the chair's access.
 */
import { join } from 'node:path';
import type { Backup } from '../../../shared/schemas.ts';
import { backupDirOf, createBackups, describeBackup, type BackupService } from '../../modules/backups/backups.ts';
import { CliError, usage, type Command, type RunContext } from '../command.ts';

/** The backups of the command line's database: into backups/ beside it, keeping $STEMKAART_BACKUP_KEEP (20), as the server does. */
export function cliBackups(ctx: RunContext): BackupService {
  const keep = Number(ctx.io.env.STEMKAART_BACKUP_KEEP ?? 20);
  if (!Number.isInteger(keep) || keep < 1) throw usage(`STEMKAART_BACKUP_KEEP must be a positive whole number, not "${ctx.io.env.STEMKAART_BACKUP_KEEP}"`);
  return createBackups({ db: ctx.domain().db, dir: backupDirOf(ctx.dbPath), keep, log: { info: () => undefined, error: () => undefined } });
}

export const adminCommands: Command[] = [
  {
    name: 'backup',
    summary: 'Take an online backup of the database now',
    usage: 'backup [--db PATH]',
    details:
      'Into backups/ beside the database, as the server does after every close (keeping the newest\n' +
      '$STEMKAART_BACKUP_KEEP, default 20). While a server runs on the database it takes the backup itself\n' +
      'when STEMKAART_ADMIN_TOKEN is set; otherwise this command reads the database alongside it.',
    options: {},
    async run(ctx) {
      const path = await cliBackups(ctx).run('cli');
      ctx.io.stdout.write(`backup written to ${path} (${describeBackup(path).bytes} bytes)\n`);
    },
    async viaServer(ctx, server) {
      const backup = await server.call<Backup>('POST', '/api/backups');
      ctx.io.stdout.write(`backup written to ${join(backupDirOf(ctx.dbPath), backup.file)} (${backup.bytes} bytes)\n`);
    },
  },
  {
    name: 'admin-token rotate',
    summary: 'Replace the admin token (the chair console signs in with it); prints the new one once',
    usage: 'admin-token rotate [--db PATH]',
    details:
      'The old token and every signed-in console session stop working. Run it while the server is stopped.\n' +
      'Not while STEMKAART_ADMIN_TOKEN is set: then the token is that variable\'s (change it there).',
    options: {},
    writes: true,
    run(ctx) {
      if (ctx.io.env.STEMKAART_ADMIN_TOKEN) throw new CliError('STEMKAART_ADMIN_TOKEN is set: the admin token is that variable\'s; change the variable instead (and restart the server)');
      const token = ctx.domain().auth.rotate();
      ctx.io.stdout.write(`New admin token (shown once; the old one and every console session no longer work): ${token}\n`);
    },
  },
];
