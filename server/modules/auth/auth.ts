import { ApiError } from '../../../shared/errors.ts';
import { constantTimeEqual, randomToken, sha256, sha256Hex } from '../../lib/crypto.ts';
import type { DomainContext } from '../context.ts';

export const SESSION_COOKIE = 'stemkaart_session';

export type AuthService = ReturnType<typeof createAuth>;

/**
 * The chair's credentials. The admin token comes from the configuration, or is generated on first
 * start and stored only as a hash. Login sessions (the console's cookie) are stored hashed too.
 */
export function createAuth(ctx: DomainContext, opts: { adminToken?: string; sessionTtlS: number }) {
  const { db } = ctx;
  const getSetting = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
  const putSetting = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  const insertSession = db.prepare('INSERT INTO admin_sessions (token_hash, created_at, expires_at) VALUES (?, ?, ?)');
  const getSession = db.prepare('SELECT expires_at FROM admin_sessions WHERE token_hash = ?').pluck();
  const deleteSession = db.prepare('DELETE FROM admin_sessions WHERE token_hash = ?');
  const purgeSessions = db.prepare('DELETE FROM admin_sessions WHERE expires_at < ?');

  let generatedAdminToken: string | null = null;
  let adminHash: string;
  if (opts.adminToken) {
    adminHash = sha256Hex(opts.adminToken);
  } else {
    const stored = getSetting.get('admin_token_sha256') as string | undefined;
    if (stored) {
      adminHash = stored;
    } else {
      generatedAdminToken = randomToken(24);
      adminHash = sha256Hex(generatedAdminToken);
      putSetting.run('admin_token_sha256', adminHash);
    }
  }

  return {
    /** The token generated on this start (printed once by main), or null. */
    generatedAdminToken: (): string | null => generatedAdminToken,
    isAdminToken: (token: string): boolean => constantTimeEqual(sha256Hex(token), adminHash),
    login(token: string): { session: string; expiresAt: Date } {
      if (!constantTimeEqual(sha256Hex(token), adminHash)) throw new ApiError('unauthorized');
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
