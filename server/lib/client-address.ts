/**
 * The address of the client behind the reverse proxies named in `STEMKAART_TRUST_PROXY`, the same for
 * HTTP (Fastify's `trustProxy`) and Socket.IO handshakes. Each proxy appends the address it got the
 * request from to `X-Forwarded-For`, so only the entries it appended are true: the client is the
 * rightmost entry that is not one of the named proxies (walking from the connection's own address
 * leftwards). Entries further left are whatever the client wrote, and never taken.
 */
import { BlockList, isIP } from 'node:net';

/** Whether an address is one of the named proxies. */
export type ProxyTrust = (address: string) => boolean;

const BARE_TRUE = /^(1|true|yes|on)$/i;

/**
 * The proxies' addresses from `STEMKAART_TRUST_PROXY`: comma-separated addresses or CIDR ranges
 * (`127.0.0.1`, `10.0.0.0/8`, `::1`). Empty or `0`: none. `1`/`true`, which used to trust any proxy
 * (and so let any client choose its address), is refused with a sentence saying what to write.
 */
export function parseTrustedProxies(value: string | undefined): string[] {
  const text = (value ?? '').trim();
  if (text === '' || text === '0' || /^false$/i.test(text)) return [];
  if (BARE_TRUE.test(text)) {
    throw new Error(
      `must name the reverse proxies' addresses, not "${text}": with "${text}" any client could choose its own address by writing X-Forwarded-For. ` +
        'Write e.g. STEMKAART_TRUST_PROXY=127.0.0.1 (comma-separated addresses or CIDR ranges)',
    );
  }
  const entries = text.split(',').map((e) => e.trim()).filter((e) => e !== '');
  for (const entry of entries) {
    if (!validEntry(entry)) throw new Error(`"${entry}" is not an IP address or CIDR range (e.g. 127.0.0.1, 10.0.0.0/8, ::1)`);
  }
  return entries;
}

function validEntry(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** IPv4 addresses may reach a dual-stack socket as `::ffff:a.b.c.d`. */
function plain(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1] : address;
}

/** The test for "is this one of the named proxies?" (never true when none are named). */
export function proxyTrust(entries: readonly string[]): ProxyTrust {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return (address) => {
    const a = plain(address.trim());
    const family = isIP(a);
    return family !== 0 && list.check(a, family === 4 ? 'ipv4' : 'ipv6');
  };
}

/**
 * The client's address: the connection's own address unless it is a named proxy; then the rightmost
 * `X-Forwarded-For` entry that is not a named proxy (or the leftmost, when all are).
 */
export function clientAddress(socketAddress: string, forwardedFor: string | string[] | undefined, trusted: ProxyTrust): string {
  let address = plain(socketAddress);
  if (!trusted(address) || forwardedFor === undefined) return address;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',').map((e) => e.trim()).filter((e) => e !== '');
  for (let i = hops.length - 1; i >= 0; i--) {
    address = plain(hops[i]);
    if (!trusted(address)) return address;
  }
  return address;
}
