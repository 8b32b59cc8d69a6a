/**
 * The boundaries between server, shared/, client-kit/ and the three clients are enforced by the
 * tools, not by habit: each fixture in test/fixtures/boundaries breaks one rule on purpose, and the
 * lint rules (eslint.config.js) or the environment of a tsconfig must refuse it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const FIXTURES = resolve(ROOT, 'test/fixtures/boundaries');
const eslint = new ESLint({ cwd: ROOT });

/** Lints a fixture as if it stood where its first line says ("linted as: <path>"). */
async function lintAs(fixture: string): Promise<{ path: string; messages: string[] }> {
  const text = readFileSync(resolve(FIXTURES, fixture), 'utf8');
  const path = /linted as: (\S+)/.exec(text)?.[1];
  if (!path) throw new Error(`${fixture} does not say where it is linted`);
  const [result] = await eslint.lintText(text, { filePath: resolve(ROOT, path) });
  return { path, messages: result.messages.map((m) => `${m.ruleId}: ${m.message}`) };
}

/** Type-checks one fixture with the compiler options of a tsconfig. */
function typeErrors(fixture: string, tsconfig: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(resolve(ROOT, tsconfig), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) throw new Error(`cannot read ${tsconfig}`);
  const program = ts.createProgram([resolve(FIXTURES, fixture)], config.options);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('import boundaries (eslint)', () => {
  it('refuse a client importing server code, values and types alike', async () => {
    const { messages } = await lintAs('client-imports-server.ts');
    expect(messages).toHaveLength(2);
    for (const m of messages) expect(m).toMatch(/^no-restricted-imports: .*A client reaches the server over HTTP/);
  });

  it('refuse browser code importing a Node module', async () => {
    expect((await lintAs('client-imports-node.ts')).messages).toEqual([expect.stringMatching(/Browser code cannot use Node modules/)]);
  });

  it('refuse one client importing another', async () => {
    expect((await lintAs('client-imports-other-client.ts')).messages).toEqual([expect.stringMatching(/Clients share code only through client-kit/)]);
  });

  it('refuse the kit importing a client', async () => {
    expect((await lintAs('kit-imports-client.ts')).messages).toEqual([expect.stringMatching(/client-kit serves every client and knows none of them/)]);
  });

  it('refuse the server importing the kit or a client', async () => {
    const { messages } = await lintAs('server-imports-client.ts');
    expect(messages).toHaveLength(2);
    for (const m of messages) expect(m).toMatch(/The server never imports browser code/);
  });

  it('refuse shared/ importing anything but zod/mini and shared/', async () => {
    const { messages } = await lintAs('shared-imports-outside.ts');
    expect(messages).toHaveLength(4);
    for (const m of messages) expect(m).toMatch(/shared\/ is the wire contract/);
  });

  it('refuse classic zod in browser code, client and kit alike (zod/mini keeps the bundles small)', async () => {
    const { messages } = await lintAs('client-imports-classic-zod.ts');
    expect(messages).toEqual([expect.stringMatching(/Browser code uses 'zod\/mini'/)]);
    expect((await lintAs('kit-imports-classic-zod.ts')).messages).toEqual([expect.stringMatching(/Browser code uses 'zod\/mini'/)]);
  });

  it('let a client import its own code, the kit, shared/ and packages', async () => {
    expect((await lintAs('client-allowed.ts')).messages).toEqual([]);
  });
});

describe('environments (tsconfig per environment)', () => {
  it('give the server no DOM', () => {
    expect(typeErrors('server-uses-dom.ts', 'tsconfig.json')).toEqual([expect.stringMatching(/Cannot find name 'document'/)]);
  });

  it('give a client no Node globals', () => {
    expect(typeErrors('client-uses-node.ts', 'tsconfig.dom.json')).toEqual([expect.stringMatching(/Cannot find name 'process'/)]);
  });

  it('give shared/ neither', () => {
    const errors = typeErrors('shared-uses-dom.ts', 'tsconfig.shared.json');
    expect(errors).toEqual([expect.stringMatching(/Cannot find name 'window'/), expect.stringMatching(/Cannot find name 'process'/)]);
  });
});
