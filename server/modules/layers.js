/**
 * The layers of server/modules/, bottom first: the one place the order is written. A module may
 * import from the layers below its own and from its own folder, never from its layer or above
 * (eslint.config.js turns this list into import rules; `npm run lint` fails on an import against
 * it, and on a folder of server/modules/ that is in no layer). docs/architecture.md shows it.
 *
 * When a lower module needs something of a higher one, it does not import it: it is given a
 * callback or a small interface of its own (a port) by the composition root (server/domain.ts), or
 * it listens to a domain event, which is delivered after commit.
 *
 * Plain JavaScript, so that eslint.config.js can read it without a TypeScript loader.
 */
export const MODULE_LAYERS = [
  // The audit log's append (every service records what it did); documents rendered from plain data.
  ['audit', 'pdf'],
  // context.ts: what every service is given (database, audit log, clock, event bus, log).
  ['context'],
  ['members', 'meetings', 'auth'],
  ['cards', 'kiosks'],
  ['presence'],
  // Proxy votes: read presence and cards; presence counts the represented through a callback.
  ['proxies'],
  ['rounds'],
  ['ballots', 'agenda'],
  ['reports'],
  // The top: they read or drive everything below; nothing in server/modules/ imports them.
  ['chair', 'verification', 'demo', 'live', 'backups'],
];

/** The layer (0 = bottom) of each module; `context` is the file server/modules/context.ts. */
export function layerOf(module) {
  return MODULE_LAYERS.findIndex((layer) => layer.includes(module));
}

/** The modules a module may not import: those of its own layer (but itself) and every layer above. */
export function forbiddenFor(module) {
  const own = layerOf(module);
  return MODULE_LAYERS.slice(own).flat().filter((other) => other !== module);
}

/** The modules a module may import (every layer below its own). */
export function allowedFor(module) {
  return MODULE_LAYERS.slice(0, layerOf(module)).flat();
}
