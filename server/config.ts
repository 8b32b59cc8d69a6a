import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseTrustedProxies } from './lib/client-address.ts';

/** Everything the app needs, parsed once at start and injected; nothing else reads process.env. */
export const AppConfigSchema = z.object({
  dbPath: z.string().min(1),
  /** Key for the HMAC of card codes; when absent a key file beside the database is used/created. */
  cardKey: z.string().min(32).optional(),
  cardKeyFile: z.string().optional(),
  /** When set, this is the admin token; otherwise one is generated on first start (stored hashed). */
  adminToken: z.string().min(16).optional(),
  publicUrl: z.string().default('http://127.0.0.1:3000'),
  /**
   * No STEMKAART_PUBLIC_URL: once listening, links and kiosk pairing URLs name the address and port
   * really listened on (a LAN address of the machine for 0.0.0.0); `publicUrl` is the guess before.
   */
  publicUrlFromListen: z.boolean().default(false),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `pretty`: one readable line per event (pino-pretty) for a person at a terminal; `json`: one JSON object a line. */
  logFormat: z.enum(['json', 'pretty']).default('json'),
  /** Unknown card codes per kiosk answered at once before their answers are held (cards/scan-limiter.ts). */
  unknownScanLimit: z.number().int().positive().default(3),
  unknownScanWindowS: z.number().int().positive().default(60),
  /** The first held answer, doubling per unknown code up to the maximum (ms). */
  unknownScanDelayMs: z.number().int().min(0).default(500),
  unknownScanMaxDelayMs: z.number().int().min(0).default(5000),
  /** Failed admin credentials (login, Bearer, /chair handshake) per address within the window before 429. */
  adminFailureLimit: z.number().int().positive().default(10),
  adminFailureWindowS: z.number().int().positive().default(60),
  sessionTtlS: z.number().int().positive().default(12 * 3600),
  /** Directory of the built browser clients. */
  clientsDir: z.string().optional(),
  /** The reverse proxies' addresses or CIDR ranges (`STEMKAART_TRUST_PROXY`); none: the connection's address is the client's. */
  trustProxy: z.array(z.string()).default([]),
  secureCookies: z.boolean().default(false),
  /** Serve HTTPS directly with this certificate and key (PEM text); absent: plain HTTP (or TLS at a reverse proxy). */
  tls: z.object({ cert: z.string().min(1), key: z.string().min(1) }).optional(),
  /** Online backups: how many to keep, how often while a round is open, where (default `<db dir>/backups`). */
  backupKeep: z.number().int().positive().default(20),
  backupIntervalS: z.number().int().positive().default(300),
  backupDir: z.string().optional(),
  /**
   * General per-IP limit for requests without valid kiosk or chair credentials (those are never
   * throttled: every desk of a venue may share one NAT address).
   */
  rateLimitMax: z.number().int().positive().default(1000),
  rateLimitWindowS: z.number().int().positive().default(60),
  /**
   * Feed relays (docs/scaling.md): when set, every `/live` event is also published through this Redis
   * (or Valkey) with Socket.IO's Redis Streams adapter, for the relays to serve. Unset: one process.
   */
  redisUrl: z.string().optional(),
});
export type AppConfig = z.input<typeof AppConfigSchema>;
export type ResolvedConfig = z.output<typeof AppConfigSchema>;

/** `STEMKAART_TRUST_PROXY`: the proxies' addresses (server/lib/client-address.ts); `1`/`true` refused. */
const trustProxyVariable = z
  .string()
  .optional()
  .superRefine((value, ctx) => {
    try {
      parseTrustedProxies(value);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
    }
  })
  .transform((value) => parseTrustedProxies(value));

const EnvSchema = z.object({
  STEMKAART_DB: z.string().min(1).default('data/stemkaart.db'),
  STEMKAART_HOST: z.string().min(1).default('127.0.0.1'),
  STEMKAART_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  STEMKAART_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  STEMKAART_DEMO: z.enum(['0', '1', 'shareholder']).default('1'),
  STEMKAART_CARD_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  STEMKAART_PUBLIC_URL: z.string().url().optional(),
  STEMKAART_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  STEMKAART_LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
  STEMKAART_TRUST_PROXY: trustProxyVariable,
  STEMKAART_TLS_CERT: z.string().min(1).optional(),
  STEMKAART_TLS_KEY: z.string().min(1).optional(),
  STEMKAART_BACKUP_KEEP: z.coerce.number().int().positive().default(20),
  STEMKAART_BACKUP_INTERVAL_S: z.coerce.number().int().positive().default(300),
  STEMKAART_RATE_LIMIT_PER_MIN: z.coerce.number().int().positive().default(1000),
  STEMKAART_REDIS_URL: z.string().regex(/^rediss?:\/\/[^\s]+$/, 'must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379').optional(),
});

/** Reads the PEM files named by STEMKAART_TLS_CERT / STEMKAART_TLS_KEY (both or neither). */
function readTls(certPath: string | undefined, keyPath: string | undefined): { cert: string; key: string } | undefined {
  if (!certPath && !keyPath) return undefined;
  if (!certPath || !keyPath) throw new Error('Invalid configuration:\n  STEMKAART_TLS_CERT and STEMKAART_TLS_KEY must be set together');
  const read = (name: string, path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      throw new Error(`Invalid configuration:\n  ${name}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { cause: err });
    }
  };
  return { cert: read('STEMKAART_TLS_CERT', certPath), key: read('STEMKAART_TLS_KEY', keyPath) };
}

export interface ServerEnv {
  app: AppConfig;
  host: string;
  port: number;
  demo: boolean;
  /** `STEMKAART_DEMO=shareholder`: the demo meeting allows proxies and has some registered. */
  demoProxies: boolean;
}

function parseEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): z.output<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/**
 * Reads and validates the environment; throws one readable message naming every bad variable.
 * `stdoutIsTty` chooses the log format when STEMKAART_LOG_FORMAT is `auto`.
 */
export function configFromEnv(env: NodeJS.ProcessEnv, stdoutIsTty = false): ServerEnv {
  const e = parseEnv(EnvSchema, env);
  const hostForUrl = e.STEMKAART_HOST === '0.0.0.0' || e.STEMKAART_HOST === '::' ? '127.0.0.1' : e.STEMKAART_HOST;
  const tls = readTls(e.STEMKAART_TLS_CERT, e.STEMKAART_TLS_KEY);
  const scheme = tls ? 'https' : 'http';
  return {
    host: e.STEMKAART_HOST,
    port: e.STEMKAART_PORT,
    demo: e.STEMKAART_DEMO !== '0',
    demoProxies: e.STEMKAART_DEMO === 'shareholder',
    app: {
      dbPath: e.STEMKAART_DB,
      adminToken: e.STEMKAART_ADMIN_TOKEN,
      cardKey: e.STEMKAART_CARD_KEY,
      publicUrl: e.STEMKAART_PUBLIC_URL ?? `${scheme}://${hostForUrl}:${e.STEMKAART_PORT}`,
      publicUrlFromListen: e.STEMKAART_PUBLIC_URL === undefined,
      logLevel: e.STEMKAART_LOG_LEVEL,
      logFormat: e.STEMKAART_LOG_FORMAT === 'auto' ? (stdoutIsTty ? 'pretty' : 'json') : e.STEMKAART_LOG_FORMAT,
      trustProxy: e.STEMKAART_TRUST_PROXY,
      secureCookies: tls !== undefined || (e.STEMKAART_PUBLIC_URL ?? '').startsWith('https:'),
      tls,
      backupKeep: e.STEMKAART_BACKUP_KEEP,
      backupIntervalS: e.STEMKAART_BACKUP_INTERVAL_S,
      rateLimitMax: e.STEMKAART_RATE_LIMIT_PER_MIN,
      redisUrl: e.STEMKAART_REDIS_URL,
    },
  };
}

/** A feed relay's settings (`npm run start:relay`, docs/scaling.md). */
export const RelayConfigSchema = z.object({
  redisUrl: z.string().min(1),
  /** The voting server's base URL, for snapshots and the public GETs. */
  primaryUrl: z.string().min(1),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  clientsDir: z.string().optional(),
  /** The reverse proxies' addresses or CIDR ranges (`STEMKAART_TRUST_PROXY`). */
  trustProxy: z.array(z.string()).default([]),
  /** At most one emit per round (or meeting's presence, snapshot) to this relay's sockets within this many ms. */
  coalesceMs: z.number().int().min(0).default(150),
  /** How long a public GET answer is reused before the voting server is asked again. */
  cacheMs: z.number().int().min(0).default(1000),
  https: z.boolean().default(false),
});
export type RelayConfig = z.input<typeof RelayConfigSchema>;
export type ResolvedRelayConfig = z.output<typeof RelayConfigSchema>;

const RelayEnvSchema = z.object({
  STEMKAART_REDIS_URL: z.string({ error: 'is required (redis://host:port of the voting server\'s Redis)' }).regex(/^rediss?:\/\/[^\s]+$/, 'must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379'),
  STEMKAART_PRIMARY_URL: z.string({ error: 'is required (the voting server\'s base URL, e.g. http://10.0.0.5:3000)' }).url('must be a URL, e.g. http://10.0.0.5:3000').regex(/^https?:/, 'must be an http:// or https:// URL'),
  STEMKAART_HOST: z.string().min(1).default('127.0.0.1'),
  STEMKAART_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  STEMKAART_PUBLIC_URL: z.string().url().optional(),
  STEMKAART_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  STEMKAART_TRUST_PROXY: trustProxyVariable,
  STEMKAART_RELAY_COALESCE_MS: z.coerce.number().int().min(0).max(5000).default(150),
});

export interface RelayEnv {
  relay: RelayConfig;
  host: string;
  port: number;
}

/** Reads and validates a relay's environment; throws one readable message naming every bad variable. */
export function relayConfigFromEnv(env: NodeJS.ProcessEnv): RelayEnv {
  const e = parseEnv(RelayEnvSchema, env);
  return {
    host: e.STEMKAART_HOST,
    port: e.STEMKAART_PORT,
    relay: {
      redisUrl: e.STEMKAART_REDIS_URL,
      primaryUrl: e.STEMKAART_PRIMARY_URL.replace(/\/+$/, ''),
      logLevel: e.STEMKAART_LOG_LEVEL,
      trustProxy: e.STEMKAART_TRUST_PROXY,
      coalesceMs: e.STEMKAART_RELAY_COALESCE_MS,
      https: (e.STEMKAART_PUBLIC_URL ?? '').startsWith('https:'),
    },
  };
}
