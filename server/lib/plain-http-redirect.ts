/**
 * Plain HTTP on the HTTPS port. A browser (or a person typing `http://192.168.1.10:3443`) that speaks
 * plain HTTP to a TLS server gets an empty reply, which looks like a dead server. The first byte of
 * a connection tells them apart: a TLS handshake starts with 0x16 (a record of type "handshake"),
 * an HTTP request with a letter. A plain request is answered by a redirect to the same address over
 * HTTPS, with a short sentence for clients that do not follow it; everything else goes on to TLS.
 */
import type { Socket } from 'node:net';
import type { Server as TlsServer } from 'node:tls';

const TLS_HANDSHAKE = 0x16;
/** A request head bigger than this, or slower than the timeout, is not worth redirecting. */
const MAX_HEAD_BYTES = 8 * 1024;
const HEAD_TIMEOUT_MS = 10_000;

/** `host[:port]` as a client may send it; anything else falls back to the configured address. */
const HOST_PATTERN = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** The redirect for one request head; `fallbackOrigin` is the server's own https origin. */
export function redirectFor(head: string, fallbackOrigin: string): { status: 301 | 308; location: string } {
  const [requestLine = '', ...lines] = head.split('\r\n');
  const [method = 'GET', target = '/'] = requestLine.split(' ');
  const hostLine = lines.find((l) => /^host:/i.test(l));
  const host = hostLine?.slice(5).trim() ?? '';
  const origin = HOST_PATTERN.test(host) ? `https://${host}` : fallbackOrigin;
  const path = target.startsWith('/') && !target.startsWith('//') ? target : '/';
  return { status: method === 'GET' || method === 'HEAD' ? 301 : 308, location: `${origin}${path}` };
}

function answerPlain(socket: Socket, first: Buffer, fallbackOrigin: string): void {
  let head = first;
  const finish = () => {
    socket.removeAllListeners('data');
    const { status, location } = redirectFor(head.toString('latin1'), fallbackOrigin);
    const body =
      `Deze server spreekt alleen HTTPS. Ga naar ${location}\n` +
      `This server speaks HTTPS only. Go to ${location}\n`;
    socket.end(
      `HTTP/1.1 ${status} ${status === 301 ? 'Moved Permanently' : 'Permanent Redirect'}\r\n` +
        `Location: ${location}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Cache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  };
  if (head.includes('\r\n\r\n') || head.length >= MAX_HEAD_BYTES) return finish();
  socket.on('data', (chunk: Buffer) => {
    head = Buffer.concat([head, chunk]);
    if (head.includes('\r\n\r\n') || head.length >= MAX_HEAD_BYTES) finish();
  });
}

/**
 * Puts itself in front of the TLS server's own connection handling. `fallbackOrigin` (e.g.
 * `https://192.168.1.10:3443`) is used when a request names no usable Host.
 */
export function redirectPlainHttp(server: TlsServer, fallbackOrigin: string): void {
  const tlsListeners = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    const onError = () => socket.destroy();
    socket.on('error', onError);
    socket.setTimeout(HEAD_TIMEOUT_MS, () => socket.destroy());
    socket.once('data', (first: Buffer) => {
      socket.pause();
      if (first[0] === TLS_HANDSHAKE) {
        socket.setTimeout(0);
        socket.removeListener('error', onError);
        // The TLS socket reads what is buffered before reading on (Node's initRead).
        socket.unshift(first);
        for (const listener of tlsListeners) listener.call(server, socket);
        return;
      }
      socket.resume();
      answerPlain(socket, first, fallbackOrigin);
    });
  });
}
