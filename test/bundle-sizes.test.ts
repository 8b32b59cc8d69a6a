/**
 * The pages carry zod/mini, not classic zod, only the schemas and words they use, and stay under the
 * sizes docs/architecture.md records (issue 18: "the bundles no larger than today"; "Bundle sizes"). Reads the clients as `npm run build`
 * built them (`npm test` builds first).
 */
import { existsSync, readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleSizes, type BundleSize } from '../scripts/bundle-sizes.js';

const ROOT = resolve(import.meta.dirname, '..');
const PAGES = ['kiosk', 'projector', 'home', 'record', 'receipt', 'chair start', 'chair all'] as const;
let sizes: ReturnType<typeof bundleSizes>;
const text = (size: BundleSize) => size.files.map((f) => readFileSync(f, 'utf8')).join('\n');

beforeAll(() => {
  if (!existsSync(resolve(ROOT, 'dist/projector-view/index.html'))) throw new Error('no built clients: run `npm run build` first');
  sizes = bundleSizes();
});

describe('the clients’ bundles', () => {
  it('carry zod/mini and no classic zod (its schemas are named ZodObject, mini’s ZodMiniObject)', () => {
    for (const page of PAGES) {
      const js = text(sizes[page]);
      expect(js, page).not.toMatch(/["'`]ZodObject["'`]/);
    }
    // Every page checks its answers (the kit's API client), so each carries zod/mini.
    for (const page of PAGES.filter((p) => p !== 'chair all')) expect(text(sizes[page]), page).toMatch(/["'`]ZodMiniObject["'`]/);
  });

  it('keep only the schemas a page uses: the projector has the meeting’s, not the chair’s, the ballots’ or the weight scheme’s', () => {
    const projector = text(sizes.projector);
    expect(projector).toContain('boardAdviceText'); // a motion of the meeting's agenda, which the projector reads
    expect(projector).not.toContain('BallotPublic'); // the published ballots, only the receipt check reads them
    expect(projector).not.toContain('a motion is named twice'); // RoundCreateSchema
    expect(projector).not.toContain('minPopulation must be strictly increasing'); // the weight scheme
    expect(projector).not.toContain('file contents (not JSON)'); // the OpenAPI description of files
  });

  it('keep each public page to its own calls and words: the meeting list has neither the agenda nor another page’s sentences', () => {
    const home = text(sizes.home);
    expect(home).toContain('Volg de stemmingen'); // its own words
    expect(home).toContain('createdAt'); // the meeting list's schema: it still checks its answer
    expect(home).not.toContain('boardAdviceText'); // MeetingDetailSchema
    expect(home).not.toContain('BallotPublic');
    expect(home).not.toContain('Ontvangstcode'); // the receipt check's words
    expect(home).not.toContain('Stemgedrag per lid'); // the voting record's
    expect(home).not.toContain('Proefstemming'); // the projector's
    expect(home).not.toContain('engine.io'); // no live feed
    expect(text(sizes.projector)).not.toContain('Ontvangstcode');
  });

  it('start the chair console with every tab’s view and words (issue 22: no screen of the hall waits for a late code load); only the pairing QR code comes later', () => {
    expect(text(sizes['chair start'])).toContain('item-number'); // views/agenda.ts
    expect(text(sizes['chair start'])).toContain('Handmatig vastgestelde uitslagen'); // i18n-kiosks.ts
    expect(text(sizes['chair start'])).not.toContain('bwip-js');
  });

  it('start the kiosk with the ballot flow, the staff settings and the receipt’s QR code in its one script (issue 22: ready means ready)', () => {
    expect(sizes.kiosk.files).toHaveLength(1);
    const kiosk = text(sizes.kiosk);
    expect(kiosk).toContain('Controleer uw stem'); // the ballot's words
    expect(kiosk).toContain('Beheer van deze kiosk'); // the staff settings
    expect(kiosk).toContain('bwip-js');
  });

  // The sizes of docs/architecture.md, "Bundle sizes", with a little room: a page that grows past its
  // ceiling fails here, and whoever makes it grow says why there and raises the figure with it.
  it.each([
    ['kiosk', 306_000],
    ['projector', 100_000],
    ['home', 28_500],
    ['record', 78_500],
    ['receipt', 36_000],
    ['chair start', 179_000],
  ] as const)('%s stays under %i bytes (raw, before compression)', (page, ceiling) => {
    expect(sizes[page].raw).toBeLessThanOrEqual(ceiling);
  });

  it('are measured as docs/architecture.md says: `node scripts/bundle-sizes.js` prints every page', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/bundle-sizes.js'], { cwd: ROOT });
    for (const page of PAGES) {
      expect(stdout).toMatch(new RegExp(`^${page} +${sizes[page].raw.toLocaleString('en')} +${sizes[page].gzip.toLocaleString('en')}$`, 'm'));
    }
  });
});
