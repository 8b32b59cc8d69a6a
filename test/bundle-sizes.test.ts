/**
 * The pages carry zod/mini, not classic zod, and only the schemas they use (issue 18: "the bundles no
 * larger than today"; docs/architecture.md, "Bundle sizes"). Reads the clients as `npm run build`
 * built them (`npm test` builds first).
 */
import { existsSync, readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleSizes, type BundleSize } from '../scripts/bundle-sizes.js';

const ROOT = resolve(import.meta.dirname, '..');
let sizes: ReturnType<typeof bundleSizes>;
const text = (size: BundleSize) => size.files.map((f) => readFileSync(f, 'utf8')).join('\n');

beforeAll(() => {
  if (!existsSync(resolve(ROOT, 'dist/projector-view/index.html'))) throw new Error('no built clients: run `npm run build` first');
  sizes = bundleSizes();
});

describe('the clients’ bundles', () => {
  it('carry zod/mini and no classic zod (its schemas are named ZodObject, mini’s ZodMiniObject)', () => {
    for (const page of ['kiosk', 'projector', 'home', 'chair start', 'chair all'] as const) {
      const js = text(sizes[page]);
      expect(js, page).not.toMatch(/["'`]ZodObject["'`]/);
    }
    for (const page of ['kiosk', 'projector', 'chair start'] as const) expect(text(sizes[page]), page).toMatch(/["'`]ZodMiniObject["'`]/);
  });

  it('keep only the schemas a page uses: the projector has the meeting’s, not the chair’s or the weight scheme’s', () => {
    const projector = text(sizes.projector);
    expect(projector).toContain('not a calendar date'); // a meeting's date, in the agenda the projector reads
    expect(projector).not.toContain('a motion is named twice'); // RoundCreateSchema
    expect(projector).not.toContain('minPopulation must be strictly increasing'); // the weight scheme
    expect(projector).not.toContain('file contents (not JSON)'); // the OpenAPI description of files
  });

  it('are measured as docs/architecture.md says: `node scripts/bundle-sizes.js` prints every page', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/bundle-sizes.js'], { cwd: ROOT });
    for (const page of ['kiosk', 'projector', 'home', 'chair start', 'chair all'] as const) {
      expect(stdout).toMatch(new RegExp(`^${page} +${sizes[page].raw.toLocaleString('en')} +${sizes[page].gzip.toLocaleString('en')}$`, 'm'));
    }
  });
});
