/** The import rule of eslint.config.js that keeps services below the composition root (issue 13). */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

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
