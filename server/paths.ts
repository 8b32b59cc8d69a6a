import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project's root folder (the one with package.json), found from this module's own folder: the
 * same answer from the TypeScript source (server/) and from the bundle `npm run build` writes
 * (dist/server/). Migrations, the built clients and the demo's data are found from here.
 */
export function projectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json in ${from} or above it.`);
  }
}

export const PROJECT_ROOT = projectRoot(import.meta.dirname);
