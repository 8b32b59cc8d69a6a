/**
 * The language of what the command line and the server print for a person: Dutch, the product's
 * language, unless English is asked for: `STEMKAART_LANG=en`, or a locale that names English
 * (`LANG=en_GB.UTF-8`). `LANG=C.UTF-8`, the usual server default, names no language: Dutch.
 */
import type { Lang } from '../../shared/errors.ts';

export function consoleLang(env: NodeJS.ProcessEnv): Lang {
  const chosen = env.STEMKAART_LANG?.trim().toLowerCase();
  if (chosen) return chosen.startsWith('en') ? 'en' : 'nl';
  return /^en/i.test(env.LC_ALL || env.LC_MESSAGES || env.LANG || '') ? 'en' : 'nl';
}
