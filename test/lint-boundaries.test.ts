/**
 * The import rules of eslint.config.js for the server: services stay below the composition root
 * (issue 13), and the modules of server/modules keep the order of server/modules/layers.js (issue 27);
 * and the size rule of `npm run check`.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { checkSizes, KNOWN_OFFENDERS, sizeProblem, sourceFiles } from '../scripts/check-sizes.js';
import { MODULE_LAYERS } from '../server/modules/layers.js';

const ROOT = resolve(import.meta.dirname, '..');

const eslint = new ESLint();
async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('eslint: services import no composition root', () => {
  it('refuses server/domain.ts, the app, its plugins and the command line in a service', async () => {
    for (const target of ['../../domain.ts', '../../app.ts', '../../plugins/backups.ts', '../../cli/main.ts']) {
      const found = await problems('server/modules/rounds/example.ts', `import type { X } from '${target}';\nexport type Y = X;\n`);
      expect(found, target).toEqual([expect.stringMatching(/^no-restricted-imports: .*Services import no composition root/)]);
    }
  });

  it('lets a service import another service, and the composition root import services', async () => {
    expect(await problems('server/modules/rounds/example.ts', "import type { X } from '../cards/cards.service.ts';\nexport type Y = X;\n")).toEqual([]);
    expect(await problems('server/domain.example.ts', "import type { X } from './modules/cards/cards.service.ts';\nexport type Y = X;\n")).toEqual([]);
  });
});

describe('eslint: the layers of server/modules (server/modules/layers.js)', () => {
  const LAYER = /^no-restricted-imports: .*Module layers \(server\/modules\/layers\.js\)/;

  it('refuses an import upward: meetings → rounds, audit → meetings, rounds → ballots, context → members', async () => {
    for (const [file, target] of [
      ['server/modules/meetings/example.ts', '../rounds/rounds.service.ts'],
      ['server/modules/audit/example.ts', '../meetings/meetings.service.ts'],
      ['server/modules/rounds/example.ts', '../ballots/ballot-writer.ts'],
      ['server/modules/cards/example.ts', '../reports/reports.service.ts'],
      ['server/modules/rounds/example.ts', '../../modules/chair/chair.service.ts'],
      ['server/modules/context.ts', './members/members.service.ts'],
    ]) {
      const found = await problems(file, `import type { X } from '${target}';\nexport type Y = X;\n`);
      expect(found, `${file} → ${target}`).toEqual([expect.stringMatching(LAYER)]);
    }
  });

  it('refuses an import sideways, within one layer: members → meetings, cards → kiosks, chair → demo', async () => {
    for (const [file, target] of [
      ['server/modules/members/example.ts', '../meetings/meetings.service.ts'],
      ['server/modules/cards/example.ts', '../kiosks/kiosks.service.ts'],
      ['server/modules/chair/example.ts', '../demo/demo.ts'],
    ]) {
      expect(await problems(file, `import { x } from '${target}';\nexport const y = x;\n`), `${file} → ${target}`).toEqual([expect.stringMatching(LAYER)]);
    }
  });

  it('says which layers a module may import from', async () => {
    const [message] = await problems('server/modules/meetings/example.ts', "import { x } from '../rounds/rounds.service.ts';\nexport const y = x;\n");
    expect(message).toContain('meetings is in layer 3 of 10 and imports only from the layers below (audit, pdf, context)');
  });

  it('lets a module import downward, its own files, and the server\'s db/ and lib/', async () => {
    const code = [
      "import type { A } from '../audit/audit.ts';",
      "import type { B } from '../context.ts';",
      "import type { C } from '../meetings/meetings.service.ts';",
      "import type { D } from './open-round.ts';",
      "import type { E } from '../../db/transaction.ts';",
      "import type { F } from '../../lib/collate.ts';",
      'export type Y = A | B | C | D | E | F;',
      '',
    ].join('\n');
    expect(await problems('server/modules/rounds/example.ts', code)).toEqual([]);
    expect(await problems('server/modules/context.ts', "import type { A } from './audit/audit.ts';\nexport type Y = A;\n")).toEqual([]);
  });

  it('places every folder of server/modules in exactly one layer', () => {
    const folders = readdirSync(resolve(ROOT, 'server/modules'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    const listed = MODULE_LAYERS.flat();
    expect(new Set(listed).size).toBe(listed.length);
    expect(folders.filter((name) => !listed.includes(name))).toEqual([]);
    expect(listed.filter((name) => name !== 'context' && !folders.includes(name))).toEqual([]);
  });

  it('holds today: no file of server/modules imports against the order', async () => {
    const results = await eslint.lintFiles(['server/modules/']);
    const against = results.flatMap((r) => r.messages.filter((m) => LAYER.test(`${m.ruleId}: ${m.message}`)).map((m) => `${r.filePath}:${m.line}`));
    expect(against).toEqual([]);
  }, 120_000);
});

describe('the size rule (scripts/check-sizes.js, `npm run check`)', () => {
  const lines = (n: number, top = '') => `${top}${Array.from({ length: n - (top ? top.split('\n').length - 1 : 0) }, (_, i) => `export const x${i} = ${i};`).join('\n')}\n`;

  it('refuses a source file over 450 lines that does not say why at its top', () => {
    expect(sizeProblem('server/x.ts', lines(450))).toBeNull();
    expect(sizeProblem('server/x.ts', lines(451))).toBe('server/x.ts: 451 lines (more than 450) and no "size-reason:" at its top');
    // A reason far down the file, or one too short to be a reason, does not count.
    expect(sizeProblem('server/x.ts', `${lines(460)}// size-reason: one table of every schema, read as one.\n`)).not.toBeNull();
    expect(sizeProblem('server/x.ts', lines(460, '// size-reason: big\n'))).not.toBeNull();
  });

  it('accepts one that says why in its first lines', () => {
    expect(sizeProblem('server/x.ts', lines(600, '/**\n * The wire contract.\n * size-reason: one table of every schema; split, a reader would hunt across files.\n */\n'))).toBeNull();
  });

  it('holds today: no source file over 450 lines without its reason', () => {
    expect(checkSizes(ROOT)).toEqual([]);
    for (const file of KNOWN_OFFENDERS) expect(sourceFiles(ROOT), `${file} is gone: remove it from KNOWN_OFFENDERS`).toContain(file);
  });
});
