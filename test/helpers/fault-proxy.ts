/**
 * A loopback TCP proxy between a browser and the server that can fail the way a venue network does
 * (the dress rehearsal, issue 22): `cut()` drops every connection and refuses new ones until
 * `restore()`; `delay(ms)` holds every answer (server → browser) that long, in order. WebSocket and
 * HTTP pass through unchanged otherwise.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface FaultProxy {
  url: string;
  cut(): void;
  restore(): void;
  delay(ms: number): void;
  close(): Promise<void>;
}

export function startFaultProxy(upstreamPort: number): Promise<FaultProxy> {
  const open = new Set<Socket>();
  let down = false;
  let delayMs = 0;
  const server = createServer((browser) => {
    if (down) {
      browser.destroy();
      return;
    }
    open.add(browser);
    browser.pause();
    const upstream = connect(upstreamPort, '127.0.0.1');
    open.add(upstream);
    const end = () => {
      browser.destroy();
      upstream.destroy();
    };
    for (const s of [browser, upstream]) {
      s.on('error', end);
      s.on('close', () => {
        open.delete(s);
        end();
      });
    }
    upstream.once('connect', () => {
      browser.pipe(upstream);
      browser.resume();
    });
    // Answers keep their order when the delay changes: none is written before the one before it.
    let releaseAt = 0;
    upstream.on('data', (chunk: Buffer) => {
      if (delayMs === 0 && releaseAt <= Date.now()) {
        browser.write(chunk);
        return;
      }
      releaseAt = Math.max(Date.now() + delayMs, releaseAt);
      setTimeout(() => {
        if (!browser.destroyed) browser.write(chunk);
      }, releaseAt - Date.now());
    });
    upstream.on('end', () => setTimeout(() => browser.end(), Math.max(0, releaseAt - Date.now())));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        cut() {
          down = true;
          for (const s of open) s.destroy();
        },
        restore() {
          down = false;
        },
        delay(ms) {
          delayMs = ms;
        },
        close: () =>
          new Promise<void>((done) => {
            down = true;
            for (const s of open) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
