import { ApiError } from '../../../shared/errors.ts';
import { constantTimeEqual, randomToken, sha256, sha256Hex } from '../../lib/crypto.ts';
import { afterCommit, inTransaction } from '../../db/transaction.ts';
import type { DomainContext } from '../context.ts';

export const SESSION_COOKIE = 'stemkaart_session';
const ADMIN_TOKEN_SETTING = 'admin_token_sha256';

export type AuthService = ReturnType<typeof createAuth>;

/**
 * The chair's credentials. One admin token per database, stored only as a hash (`settings`), and
 * one story for it: the server's first start generates it and prints it once, unless
 * STEMKAART_ADMIN_TOKEN chooses it (its hash is stored then, so that the command line and later
 * starts agree); `stemkaart admin-token rotate` replaces it. Nothing else makes a token: a command
 * line on an existing database never does. Login sessions (the console's cookie) are stored hashed.
 */
export function createAuth(ctx: DomainContext, opts: { adminToken?: string; sessionTtlS: number; generateIfMissing?: boolean }) {
  const { db } = ctx;
  const getSetting = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
  const putSetting = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  const insertSession = db.prepare('INSERT INTO admin_sessions (token_hash, created_at, expires_at) VALUES (?, ?, ?)');
  const getSession = db.prepare('SELECT expires_at FROM admin_sessions WHERE token_hash = ?').pluck();
  const deleteSession = db.prepare('DELETE FROM admin_sessions WHERE token_hash = ?');
  const purgeSessions = db.prepare('DELETE FROM admin_sessions WHERE expires_at < ?');
  const deleteAllSessions = db.prepare('DELETE FROM admin_sessions');

  /** The stored hash, mirrored in memory (changed only through `store`, after its commit). */
  let adminHash = (getSetting.get(ADMIN_TOKEN_SETTING) as string | undefined) ?? null;
  function store(hash: string): void {
    inTransaction(db, () => {
      putSetting.run(ADMIN_TOKEN_SETTING, hash);
      afterCommit(db, () => (adminHash = hash));
    });
  }

  let generatedAdminToken: string | null = null;
  if (opts.adminToken) {
    const hash = sha256Hex(opts.adminToken);
    // A changed token (one that may have leaked, replaced in the environment) ends every console
    // session, as `rotate` does: a cookie got with the old token must not outlive it.
    if (hash !== adminHash)
      inTransaction(db, () => {
        if (adminHash !== null) deleteAllSessions.run();
        store(hash);
      });
  } else if (adminHash === null && opts.generateIfMissing) {
    generatedAdminToken = randomToken(24);
    store(sha256Hex(generatedAdminToken));
  }
  const matches = (token: string): boolean => adminHash !== null && constantTimeEqual(sha256Hex(token), adminHash);

  return {
    /** The token generated on this start (printed once by main), or null. */
    generatedAdminToken: (): string | null => generatedAdminToken,
    isAdminToken: matches,
    /** True when the database has an admin token at all. */
    hasAdminToken: (): boolean => adminHash !== null,
    /** A new admin token, printed once by the caller: the old one and every console session stop working. */
    rotate(): string {
      const token = randomToken(24);
      inTransaction(db, () => {
        store(sha256Hex(token));
        deleteAllSessions.run();
      });
      return token;
    },
    login(token: string): { session: string; expiresAt: Date } {
      if (!matches(token)) throw new ApiError('unauthorized');
      const session = randomToken(32);
      const expiresAt = new Date(Date.now() + opts.sessionTtlS * 1000);
      purgeSessions.run(new Date().toISOString());
      insertSession.run(sha256(session), new Date().toISOString(), expiresAt.toISOString());
      return { session, expiresAt };
    },
    sessionIsValid(session: string | undefined): boolean {
      if (!session) return false;
      const expires = getSession.get(sha256(session)) as string | undefined;
      return expires !== undefined && expires > new Date().toISOString();
    },
    logout(session: string | undefined): void {
      if (session) deleteSession.run(sha256(session));
    },
  };
}
