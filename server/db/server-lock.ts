/**
 * Which server holds a database file. A running server keeps members, cards, kiosks and open rounds
 * in memory; a command line that wrote to its database behind its back would leave it stale (a
 * reissued card that still votes). So a server records itself beside the database
 * (`<db>.server`, readable by its owner only) from opening it until it closes, and the command line
 * asks before it writes. A server that was killed leaves the file behind; a file whose process is
 * gone does not count.
 *
 * The database is the file, not its path: the record names its device and inode, and counts only
 * for that file; and a database file with more than one name (hard link) is refused, by the server
 * and the command line alike (`refuseHardLinks`), since a command line given the other name would
 * find no record, write its own `-wal` and key file, and change the data behind the server's back.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface DatabaseHolder {
  pid: number;
  /** Where the command line reaches the server (loopback); null until it listens. */
  url: string | null;
  startedAt: string;
}

interface LockFile extends DatabaseHolder {
  /** Tells this claim from another one of the same process (tests open one file twice). */
  claim: string;
  /** The database file's device and inode (as decimal strings), when it existed at the claim. */
  dev?: string;
  ino?: string;
}

/** The device and inode of a file, or null when there is none. */
function identity(path: string): { dev: string; ino: string } | null {
  try {
    const st = statSync(path, { bigint: true });
    return { dev: String(st.dev), ino: String(st.ino) };
  } catch {
    return null;
  }
}

/**
 * Refuses a database file with more than one name (hard link): through another name the command
 * line would not find the server's record. No file yet, or `:memory:`: nothing to refuse.
 */
export function refuseHardLinks(dbPath: string): void {
  if (dbPath === ':memory:') return;
  let links: number;
  try {
    links = statSync(dbPath).nlink;
  } catch {
    return;
  }
  if (links > 1) {
    throw new Error(
      `${dbPath} has ${links} hard links: Stemkaart refuses a database file with more than one name, since a command line given another name could write behind a running server. Remove the other names (ls -i shows the inode), or use a copy`,
    );
  }
}

/**
 * The record's file, beside the database's real file: the same for every path that leads to it (a
 * symbolic link, a relative path), so a command line given another path still finds the server.
 */
export function lockFileOf(dbPath: string): string {
  let path = resolve(dbPath);
  try {
    path = realpathSync(path);
  } catch {
    // Not there yet: the server creates it at this path.
  }
  return `${path}.server`;
}

function read(file: string): LockFile | null {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as LockFile;
    return typeof data.pid === 'number' ? data : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The server holding the database now, or null (no file, or its process is gone). */
export function currentHolder(dbPath: string): DatabaseHolder | null {
  if (dbPath === ':memory:') return null;
  refuseHardLinks(dbPath);
  const data = read(lockFileOf(dbPath));
  if (!data || !alive(data.pid)) return null;
  // A record of another file that was at this path (replaced since) does not count.
  const id = identity(dbPath);
  if (data.ino !== undefined && id !== null && (id.dev !== data.dev || id.ino !== data.ino)) return null;
  return { pid: data.pid, url: data.url, startedAt: data.startedAt };
}

export interface DatabaseClaim {
  /** Records the address the server listens on. */
  listening(url: string): void;
  /** Removes the record (only this claim's). */
  release(): void;
}

/** Records this process as the database's server; `:memory:` needs no record. */
export function claimDatabase(dbPath: string): DatabaseClaim {
  if (dbPath === ':memory:') return { listening: () => undefined, release: () => undefined };
  const file = lockFileOf(dbPath);
  const data: LockFile = { pid: process.pid, url: null, startedAt: new Date().toISOString(), claim: randomUUID(), ...identity(dbPath) };
  const write = () => {
    writeFileSync(file, `${JSON.stringify(data)}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  };
  write();
  return {
    listening(url) {
      data.url = url;
      write();
    },
    release() {
      if (read(file)?.claim === data.claim) rmSync(file, { force: true });
    },
  };
}
