/**
 * A small TCP load balancer on loopback, standing in for nginx or Caddy in front of feed relays:
 * connections go to the upstreams in turn, and to the next one when an upstream refuses (a relay that
 * died). WebSocket connections pass through it unchanged.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  url: string;
  close(): Promise<void>;
}

export function startTcpProxy(upstreams: () => number[]): Promise<TcpProxy> {
  let turn = 0;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.pause();
    const ports = upstreams();
    const first = turn++ % Math.max(1, ports.length);
    const attempt = (k: number) => {
      if (k >= ports.length) return client.destroy();
      const upstream = connect(ports[(first + k) % ports.length], '127.0.0.1');
      upstream.once('error', () => (upstream.readyState === 'opening' ? attempt(k + 1) : client.destroy()));
      upstream.once('connect', () => {
        open.add(upstream);
        upstream.on('close', () => {
          open.delete(upstream);
          client.destroy();
        });
        client.on('close', () => upstream.destroy());
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    attempt(0);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        port,
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            for (const s of open) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
