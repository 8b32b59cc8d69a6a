/** Addresses the server names: for itself on this machine, and for the devices in the hall. */
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';

const WILDCARD = new Set(['0.0.0.0', '::', '']);

const hostPart = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/** How a process on this machine reaches a server listening on `address` (loopback for a wildcard). */
export function localUrl(address: AddressInfo, https: boolean): string {
  // A server on every interface (0.0.0.0, or :: which takes IPv4 too) is reached on 127.0.0.1 here.
  const host = WILDCARD.has(address.address) ? '127.0.0.1' : address.address;
  return `${https ? 'https' : 'http'}://${hostPart(host)}:${address.port}`;
}

/** The first IPv4 address of this machine on a network (not loopback), or null when there is none. */
export function lanAddress(interfaces = networkInterfaces()): string | null {
  for (const list of Object.values(interfaces)) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return null;
}
