import { z } from 'zod';

/** Everything the app needs, parsed once at start and injected; nothing else reads process.env. */
export const AppConfigSchema = z.object({
  dbPath: z.string().min(1),
  /** Key for the HMAC of card codes; when absent a key file beside the database is used/created. */
  cardKey: z.string().min(32).optional(),
  cardKeyFile: z.string().optional(),
  /** When set, this is the admin token; otherwise one is generated on first start (stored hashed). */
  adminToken: z.string().min(16).optional(),
  publicUrl: z.string().default('http://127.0.0.1:3000'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Unknown card codes tolerated per kiosk within the window before it is answered 429. */
  unknownScanLimit: z.number().int().positive().default(10),
  unknownScanWindowS: z.number().int().positive().default(60),
  loginAttemptLimit: z.number().int().positive().default(10),
  loginWindowS: z.number().int().positive().default(60),
  sessionTtlS: z.number().int().positive().default(12 * 3600),
  /** Directory of the built browser clients. */
  clientsDir: z.string().optional(),
  trustProxy: z.boolean().default(false),
  secureCookies: z.boolean().default(false),
});
export type AppConfig = z.input<typeof AppConfigSchema>;
export type ResolvedConfig = z.output<typeof AppConfigSchema>;

const EnvSchema = z.object({
  STEMKAART_DB: z.string().min(1).default('data/stemkaart.db'),
  STEMKAART_HOST: z.string().min(1).default('127.0.0.1'),
  STEMKAART_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  STEMKAART_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  STEMKAART_DEMO: z.enum(['0', '1']).default('1'),
  STEMKAART_CARD_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  STEMKAART_PUBLIC_URL: z.string().url().optional(),
  STEMKAART_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  STEMKAART_TRUST_PROXY: z.enum(['0', '1']).default('0'),
});

export interface ServerEnv {
  app: AppConfig;
  host: string;
  port: number;
  demo: boolean;
}

/** Reads and validates the environment; throws one readable message naming every bad variable. */
export function configFromEnv(env: NodeJS.ProcessEnv): ServerEnv {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const hostForUrl = e.STEMKAART_HOST === '0.0.0.0' || e.STEMKAART_HOST === '::' ? '127.0.0.1' : e.STEMKAART_HOST;
  return {
    host: e.STEMKAART_HOST,
    port: e.STEMKAART_PORT,
    demo: e.STEMKAART_DEMO === '1',
    app: {
      dbPath: e.STEMKAART_DB,
      adminToken: e.STEMKAART_ADMIN_TOKEN,
      cardKey: e.STEMKAART_CARD_KEY,
      publicUrl: e.STEMKAART_PUBLIC_URL ?? `http://${hostForUrl}:${e.STEMKAART_PORT}`,
      logLevel: e.STEMKAART_LOG_LEVEL,
      trustProxy: e.STEMKAART_TRUST_PROXY === '1',
      secureCookies: (e.STEMKAART_PUBLIC_URL ?? '').startsWith('https:'),
    },
  };
}
