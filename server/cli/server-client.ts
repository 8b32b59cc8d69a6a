/**
 * The command line's way to a running server: its HTTP API on the loopback address the server
 * recorded beside the database (server/db/server-lock.ts), with the admin token. Used by the
 * commands that change data while a server holds the database, so that its memory stays true.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export class ServerError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    /** The whole error answer, with any figures beside `error` and `message`. */
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface ServerClient {
  readonly url: string;
  /** A JSON (or text/csv) request; resolves with the parsed JSON answer, rejects with a ServerError. */
  call<T = unknown>(method: string, path: string, body?: { json?: unknown; csv?: string }): Promise<T>;
}

export function serverClient(opts: { url: string; adminToken: string; lang: 'nl' | 'en'; tlsCertFile?: string }): ServerClient {
  const base = new URL(opts.url);
  const https = base.protocol === 'https:';
  // A server speaking HTTPS itself: trust exactly its certificate (named by STEMKAART_TLS_CERT), on
  // the loopback address, whatever name the certificate is for.
  const ca = https && opts.tlsCertFile ? readFileSync(opts.tlsCertFile) : undefined;
  return {
    url: opts.url,
    call<T>(method: string, path: string, body?: { json?: unknown; csv?: string }): Promise<T> {
      const payload = body?.json !== undefined ? JSON.stringify(body.json) : body?.csv;
      const headers: Record<string, string> = { authorization: `Bearer ${opts.adminToken}`, 'accept-language': opts.lang, accept: 'application/json' };
      if (payload !== undefined) {
        headers['content-type'] = body?.json !== undefined ? 'application/json' : 'text/csv; charset=utf-8';
        headers['content-length'] = String(Buffer.byteLength(payload));
      }
      const target = new URL(path, base);
      return new Promise<T>((resolve, reject) => {
        const options = { method, headers, ...(ca ? { ca, checkServerIdentity: () => undefined } : {}) };
        const req = (https ? httpsRequest : httpRequest)(target, options, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let data: unknown;
            try {
              data = text ? JSON.parse(text) : null;
            } catch {
              data = null;
            }
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) return resolve(data as T);
            const error = data as { error?: string; message?: string } | null;
            reject(new ServerError(status, error?.error ?? 'internal', error?.message ?? `the server answered ${status}`, (error ?? {}) as Record<string, unknown>));
          });
        });
        req.on('error', (err) => reject(new Error(`cannot reach the server at ${opts.url} (${(err as NodeJS.ErrnoException).code ?? err.message})`)));
        if (payload !== undefined) req.write(payload);
        req.end();
      });
    },
  };
}
