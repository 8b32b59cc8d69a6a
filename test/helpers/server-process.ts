/**
 * The real server as a child process (`node dist/server/main.js`, as `npm start` runs it; bundled by
 * the global setup), for tests that kill it, stop it with a signal or talk to it over real HTTP(S).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');

export interface ServerProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:PORT` (or https) as printed on the `listening on` line. */
  base: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string;
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  exited: Promise<number | string>;
}

/**
 * Starts the server (or, with `entry` = `dist/relay/main.js`, a feed relay) and resolves when it
 * printed `listening on`; rejects if it exits before.
 */
export function startServer(env: Record<string, string>, entry = 'dist/server/main.js'): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--enable-source-maps', entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', STEMKAART_PORT: '0', STEMKAART_DEMO: '0', STEMKAART_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | string>((res) => child.on('exit', (code, signal) => res(code ?? signal ?? -1)));
  return new Promise((res, rej) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /^listening on (https?:\/\/\S+)$/m.exec(out);
      if (m) {
        child.stdout!.off('data', onData);
        child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
        res({ child, base: m[1], output: () => out, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (out += c.toString('utf8')));
    void exited.then((code) => rej(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
}

// Tests read answers freely; the contract's shapes are checked by the assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** A small JSON client over fetch for one base URL. */
export function client(base: string) {
  return async function call(method: string, path: string, opts: { token?: string; body?: unknown } = {}): Promise<{ status: number; body: Json }> {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(base + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON (NDJSON, HTML): keep the text
    }
    return { status: res.status, body };
  };
}

export type Client = ReturnType<typeof client>;
