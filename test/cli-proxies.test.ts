/**
 * `stemkaart proxies add|list|remove|import` and `meeting create --proxies MAX`, on the database
 * and through a running server (docs/api.md, "Proxy votes (volmacht)").
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../server/cli/main.ts';
import { readProxyCsv } from '../server/modules/proxies/proxy-file.ts';
import { client, startServer, type ServerProcess } from './helpers/server-process.ts';

const ADMIN = 'cli-proxies-admin-token-0123456789';
let dir: string;

async function cli(db: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: { STEMKAART_DB: join(dir, db), ...env }, cwd: dir };
  const code = await runCli(args, io);
  return { code, out, err };
}

/** Members GM0001.. (400 for a shareholder meeting's hundreds of proxies), a meeting allowing 2 proxies per holder, cards for all. */
async function prepare(db: string, env: NodeJS.ProcessEnv = {}, count = 5): Promise<void> {
  const lines = ['code;name;population', ...Array.from({ length: count }, (_, i) => `GM${String(i + 1).padStart(4, '0')};Lid ${i + 1};${1000 + i}`)];
  writeFileSync(join(dir, `${db}.members.csv`), `${lines.join('\n')}\n`);
  expect((await cli(db, ['members', 'import', `${db}.members.csv`], env)).code).toBe(0);
  const created = await cli(db, ['meeting', 'create', '--title', 'AVA', '--date', '2030-05-01', '--proxies', '2'], env);
  expect(created.code, created.err).toBe(0);
  const issued = await cli(db, ['cards', 'issue', '--meeting', '1', '--codes', `${db}.codes.csv`], env);
  expect(issued.code, issued.err).toBe(0);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stemkaart-cli-proxies-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the proxy file', () => {
  it('reads principal;holder;reference with or without a header, Dutch or English, and names a bad row', () => {
    expect(readProxyCsv('\uFEFFvolmachtgever;gevolmachtigde;referentie\nGM0002;GM0001;V-1\n\nGM0003;GM0001;\n')).toEqual([
      { row: 2, principal: 'GM0002', holder: 'GM0001', reference: 'V-1' },
      { row: 4, principal: 'GM0003', holder: 'GM0001', reference: null },
    ]);
    expect(readProxyCsv('GM0002,GM0001')).toEqual([{ row: 1, principal: 'GM0002', holder: 'GM0001', reference: null }]);
    expect(() => readProxyCsv('principal;holder;reference\nGM0002;;x\n')).toThrow(/Row 2: expected principal;holder;reference/);
    expect(() => readProxyCsv('principal;holder;reference\n')).toThrow(/names no proxy/);
  });
});

describe('stemkaart proxies, on the database', () => {
  it('meeting create --proxies allows them with a cap; add, list, remove; audited with actor cli', async () => {
    await prepare('a.db');
    const added = await cli('a.db', ['proxies', 'add', '--meeting', '1', '--principal', 'gm0002', '--holder', 'GM0001', '--reference', 'Formulier 17']);
    expect(added.code, added.err).toBe(0);
    expect(added.out).toBe('proxy 1 registered: GM0002 Lid 2 by GM0001 Lid 1 (suspended)\n');
    const chain = await cli('a.db', ['proxies', 'add', '--meeting', '1', '--principal', 'GM0001', '--holder', 'GM0003']);
    expect(chain.code).toBe(1);
    expect(chain.err).toMatch(/^stemkaart: .*Lid 1 heeft zelf volmachten/);
    expect((await cli('a.db', ['proxies', 'add', '--meeting', '1', '--principal', 'GM0003'])).code).toBe(2);
    const list = await cli('a.db', ['proxies', 'list', '--meeting', '1']);
    expect(list.out).toContain('GM0002');
    expect(list.out).toContain('(Formulier 17)');
    expect(list.out).toMatch(/1 proxies, 0 active now\n$/);
    const removed = await cli('a.db', ['proxies', 'remove', '1']);
    expect(removed.out).toBe('proxy 1 ended: GM0002 Lid 2 by GM0001 Lid 1 (ended)\n');
    expect((await cli('a.db', ['proxies', 'remove', 'x'])).code).toBe(2);
    const audit = await cli('a.db', ['audit', 'verify', '--meeting', '1']);
    expect(audit.code, audit.err).toBe(0);
  });

  it('imports hundreds of proxies from a CSV, all or nothing, naming the refused row', async () => {
    await prepare('b.db', {}, 400);
    const rows = Array.from({ length: 200 }, (_, i) => `GM${String(201 + i).padStart(4, '0')};GM${String(1 + Math.floor(i / 2)).padStart(4, '0')};V-${i + 1}`);
    writeFileSync(join(dir, 'bad.csv'), `principal;holder;reference\n${rows.join('\n')}\nGM0150;GM0001;te veel\n`);
    const bad = await cli('b.db', ['proxies', 'import', '--meeting', '1', 'bad.csv']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^stemkaart: Rij 202: .*heeft al 2 volmacht/);
    expect((await cli('b.db', ['proxies', 'list', '--meeting', '1'])).out).toBe('no proxies\n');
    writeFileSync(join(dir, 'good.csv'), `principal;holder;reference\n${rows.join('\n')}\n`);
    const good = await cli('b.db', ['proxies', 'import', '--meeting', '1', 'good.csv']);
    expect(good.code, good.err).toBe(0);
    expect(good.out).toBe('200 proxies registered in meeting 1\n');
    expect((await cli('b.db', ['proxies', 'list', '--meeting', '1'])).out).toMatch(/200 proxies, 0 active now\n$/);
  }, 180_000);
});

describe('stemkaart proxies, through a running server', () => {
  let server: ServerProcess | null = null;
  afterEach(async () => {
    server?.child.kill();
    await server?.exited;
    server = null;
  });

  it('goes through the API with STEMKAART_ADMIN_TOKEN, and the server counts the proxy at once', async () => {
    const dbPath = join(dir, 'c.db');
    server = await startServer({ STEMKAART_DB: dbPath, STEMKAART_ADMIN_TOKEN: ADMIN });
    const env = { STEMKAART_ADMIN_TOKEN: ADMIN };
    await prepare('c.db', env);
    writeFileSync(join(dir, 'c.csv'), 'GM0003;GM0001;\nGM0004;GM0002;V-4\n');
    const imported = await cli('c.db', ['proxies', 'import', '--meeting', '1', 'c.csv'], env);
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toBe('2 proxies registered in meeting 1\n');
    const again = await cli('c.db', ['proxies', 'import', '--meeting', '1', 'c.csv'], env);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/rij 1: .*heeft al een volmacht gegeven\. \(0 volmacht\(en\) vastgelegd vóór deze rij\)/);
    const api = client(server.base);
    const proxies = await api('GET', '/api/meetings/1/proxies', { token: ADMIN });
    expect(proxies.body.map((p: { principal: string; holder: string }) => `${p.principal}>${p.holder}`)).toEqual(['GM0003>GM0001', 'GM0004>GM0002']);
    await api('POST', '/api/meetings/1/presence', { token: ADMIN, body: { memberCode: 'GM0001', direction: 'in' } });
    expect((await api('GET', '/api/meetings/1')).body.presence.represented).toEqual({ count: 1, weight: expect.any(Number) });
    expect((await cli('c.db', ['proxies', 'remove', '1'], env)).out).toMatch(/^proxy 1 ended/);
    expect((await api('GET', '/api/meetings/1')).body.presence.represented).toEqual({ count: 0, weight: 0 });
  }, 90_000);
});
