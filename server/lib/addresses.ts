/** Addresses the server names: for itself on this machine, and for the devices in the hall. */
import type { AddressInfo } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';

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

/**
 * The base of the links the server prints and of kiosk pairing URLs, from the address it really
 * listens on (so a chosen port 0 is the real port). On every interface (0.0.0.0): a LAN address of
 * this machine, never 127.0.0.1, which no tablet in the hall can reach; `note` says so.
 */
export function publicUrlFor(address: AddressInfo, https: boolean, lan = lanAddress(), host = hostname()): { url: string; note: string | null } {
  const scheme = https ? 'https' : 'http';
  if (!WILDCARD.has(address.address)) return { url: `${scheme}://${hostPart(address.address)}:${address.port}`, note: null };
  if (lan) {
    return {
      url: `${scheme}://${lan}:${address.port}`,
      note: `Links name ${lan}, a LAN address of this machine (the server listens on every interface); set STEMKAART_PUBLIC_URL to name another address.`,
    };
  }
  return {
    url: `${scheme}://${host}:${address.port}`,
    note: `This machine has no LAN address: links name its host name ${host}; set STEMKAART_PUBLIC_URL to name the address the devices use.`,
  };
}
