/**
 * The ballot benchmark's processes: a server (or the empty route) started with `node` and awaited
 * until it prints where it listens, and the kiosks' and audience's processes (bench/cast.ts,
 * bench/audience.ts) forked and talked to over IPC.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');

export interface Server {
  child: ChildProcess;
  baseUrl: string;
  stdout: string[];
  exited: Promise<number | null>;
}

/** Starts `node <file>` and resolves once it prints `listening on URL`. */
export function startListening(file: string, execArgv: string[], env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, [...execArgv, file], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stdout: string[] = [];
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return new Promise((resolveStart, reject) => {
    let buffer = '';
    let started = false;
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        stdout.push(line);
        const m = /^listening on (http:\/\/\S+)$/.exec(line);
        if (m && !started) {
          started = true;
          resolveStart({ child, baseUrl: m[1], stdout, exited });
        }
      }
    });
    void exited.then((code) => {
      if (!started) reject(new Error(`server exited with ${code} before listening`));
    });
  });
}

/** Forks one of the benchmark's helper processes (a file in bench/). */
export function child(file: string): ChildProcess {
  return fork(join(ROOT, 'bench', file), [], { execArgv: ['--import', 'tsx'], serialization: 'advanced', cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

export function nextMessage<T>(proc: ChildProcess, type: string): Promise<T> {
  return new Promise((done, reject) => {
    const onMessage = (msg: { type: string; message?: string }) => {
      if (msg.type === type) {
        proc.off('message', onMessage);
        done(msg as T);
      } else if (msg.type === 'error') {
        proc.off('message', onMessage);
        reject(new Error(msg.message));
      }
    };
    proc.on('message', onMessage);
    proc.once('exit', (code) => reject(new Error(`${type}: child exited with ${code}`)));
  });
}
