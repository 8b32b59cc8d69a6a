/**
 * The command line of a secretariat before and after the meeting (issue 16): kiosks and rounds, and
 * files with card codes written into the database's folder (data/, ignored by git), mode 0600.
 * Regression: the README's CLI sequence ended in `results export --round 1`, but the CLI could
 * create neither kiosks nor rounds; card sheets went into the repository folder, not ignored.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../server/cli/main.ts';

const ROOT = resolve(import.meta.dirname, '..');
let dir: string;

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: { STEMKAART_DB: join(dir, 'data', 'stemkaart.db'), ...env }, cwd: dir };
  const code = await runCli(args, io);
  return { code, out, err };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stemkaart-cli-secretariat-'));
  expect((await cli(['members', 'import', join(ROOT, 'data', 'gemeenten.csv')])).code).toBe(0);
  expect((await cli(['agenda', 'import', join(ROOT, 'data', 'demo-meeting.json')])).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('stemkaart cards issue: files with codes', () => {
  it('writes the card sheet into the database folder by default, mode 0600, and says where', async () => {
    const r = await cli(['cards', 'issue', '--meeting', '1', '--members', 'GM0363,GM0014']);
    expect(r.code, r.err).toBe(0);
    const sheet = join(dir, 'data', 'cards-meeting-1.pdf');
    expect(r.out).toBe(`2 cards written to ${sheet} (readable only by you; it holds the card codes)\n`);
    expect(statSync(sheet).mode & 0o777).toBe(0o600);
    // A second sheet never overwrites the first (its codes exist nowhere else).
    const again = await cli(['cards', 'issue', '--meeting', '1', '--members', 'GM0034']);
    expect(again.out).toContain(join(dir, 'data', 'cards-meeting-1-2.pdf'));
    expect(readFileSync(sheet).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 60_000);

  it('reissues into the database folder too, and makes an existing --out file private', async () => {
    const r = await cli(['cards', 'reissue', '--meeting', '1', '--member', 'gm0363']);
    expect(r.code, r.err).toBe(0);
    const sheet = join(dir, 'data', 'card-meeting-1-GM0363.pdf');
    expect(r.out).toContain(`1 card written to ${sheet}`);
    expect(statSync(sheet).mode & 0o777).toBe(0o600);
    const shared = join(dir, 'shared.pdf');
    writeFileSync(shared, 'old', { mode: 0o644 });
    expect((await cli(['cards', 'reissue', '--meeting', '1', '--member', 'GM0014', '--out', shared])).code).toBe(0);
    expect(statSync(shared).mode & 0o777).toBe(0o600);
  }, 60_000);

  it('keeps the folder ignored by git: nothing in data/ but the two demo files is tracked', () => {
    const ignored = (path: string) => {
      try {
        execFileSync('git', ['check-ignore', '-q', '--no-index', path], { cwd: ROOT });
        return true;
      } catch {
        return false;
      }
    };
    for (const f of ['data/cards-meeting-1.pdf', 'data/card-meeting-1-GM0363.pdf', 'data/cards.json', 'data/codes.csv', 'data/stemkaart.db', 'data/stemkaart.db.key']) expect(ignored(f), f).toBe(true);
    for (const f of ['data/gemeenten.csv', 'data/demo-meeting.json']) expect(ignored(f), f).toBe(false);
  });
});

describe('stemkaart kiosks', () => {
  it('pairs a kiosk, printing its link and token; lists; removes', async () => {
    const created = await cli(['kiosks', 'create', '--meeting', '1', '--name', 'Ingang', '--mode', 'checkin'], { STEMKAART_PUBLIC_URL: 'https://192.168.1.10:3443' });
    expect(created.code, created.err).toBe(0);
    expect(created.out).toMatch(/^kiosk 1 \(Ingang, checkin\) paired to meeting 1\n {2}link: {2}https:\/\/192\.168\.1\.10:3443\/kiosk\/#token=(\S+)\n {2}token: (\S+)\n$/);
    const [, linkToken, token] = /#token=(\S+)\n {2}token: (\S+)/.exec(created.out)!;
    expect(linkToken).toBe(token);
    const voting = await cli(['kiosks', 'create', '--meeting', '1', '--name', 'Stemzuil 1', '--mode', 'voting', '--json'], { STEMKAART_PORT: '8080' });
    expect(JSON.parse(voting.out)).toMatchObject({ id: 2, meetingId: 1, name: 'Stemzuil 1', mode: 'voting', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:8080\/kiosk\/#token=\S+$/), token: expect.any(String) });

    const listed = await cli(['kiosks', 'list', '--meeting', '1']);
    // Never opened on a device: the list says so instead of "paired" (issue 24, point 8).
    expect(listed.out).toMatch(/1 {2}Ingang {6}checkin {2}nog nooit geopend op een apparaat\n\s+2 {2}Stemzuil 1 {2}voting {3}nog nooit geopend op een apparaat\n$/);
    expect(listed.out).not.toContain(token);
    expect((await cli(['kiosks', 'remove', '--kiosk', '1'])).out).toBe('kiosk 1 (Ingang) removed\n');
    expect((await cli(['kiosks', 'list', '--meeting', '1'])).out).toMatch(/Ingang\s+checkin\s+verwijderd \d+ [a-z]+ 20\d\d om \d\d:\d\d:\d\d/);
  });

  it('explains a bad mode and an unknown meeting or kiosk', async () => {
    const mode = await cli(['kiosks', 'create', '--meeting', '1', '--name', 'X', '--mode', 'vote']);
    expect(mode).toMatchObject({ code: 2 });
    expect(mode.err).toContain('--mode must be checkin or voting, not "vote"');
    expect((await cli(['kiosks', 'list', '--meeting', '9'])).code).toBe(1);
    const gone = await cli(['kiosks', 'remove', '--kiosk', '99']);
    expect(gone.code).toBe(1);
    expect(gone.err).toBe('stemkaart: Kiosk 99 bestaat niet.\n');
  });
});

describe('stemkaart rounds', () => {
  it('creates a round by motion refs, opens, closes with the outcome, and lists', async () => {
    const created = await cli(['rounds', 'create', '--meeting', '1', '--motions', '8a.1,9.1', '--majority', 'two_thirds']);
    expect(created.code, created.err).toBe(0);
    expect(created.out).toBe('stemronde 1 voorbereid op 8a.1, 9.1\n');
    const opened = await cli(['rounds', 'open', '--round', '1']);
    expect(opened.out).toMatch(/^stemronde 1 \(geopend\): 0 gestemd, gewicht 0/);
    const closed = await cli(['rounds', 'close', '--round', '1']);
    expect(closed.code, closed.err).toBe(0);
    expect(closed.out).toContain('stemronde 1 (gesloten): 0 gestemd, gewicht 0\n  8a.1: verworpen - voor 0, tegen 0, onthouding 0');
    const second = await cli(['rounds', 'create', '--meeting', '1', '--motions', '9.2', '--secret']);
    expect(second.out).toBe('stemronde 2 voorbereid op 9.2\n');
    expect((await cli(['rounds', 'cancel', '--round', '2', '--reason', 'verkeerde motie'])).out).toMatch(/^stemronde 2 \(geannuleerd, geheim\)/);
    const list = await cli(['rounds', 'list', '--meeting', '1']);
    expect(list.out).toMatch(/^stemronde 1 \(gesloten\)[\s\S]*stemronde 2 \(geannuleerd, geheim\)/);
    // After the meeting: the results of the closed round.
    const results = await cli(['results', 'export', '--round', '1', '--out', 'ronde-1.csv']);
    expect(results.code, results.err).toBe(0);
    expect(existsSync(join(dir, 'ronde-1.csv'))).toBe(true);
  });

  it('explains an unknown motion, a bad majority or quorum, and a round in the wrong state', async () => {
    const unknown = await cli(['rounds', 'create', '--meeting', '1', '--motions', '99z']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/meeting 1 has no motion "99z" \(refs: .*8a\.A1/);
    expect((await cli(['rounds', 'create', '--meeting', '1', '--motions', '8a.1', '--majority', 'most'])).code).toBe(2);
    expect((await cli(['rounds', 'create', '--meeting', '1', '--motions', '8a.1', '--quorum', '150'])).err).toContain('--quorum must be a whole percentage');
    const both = await cli(['rounds', 'create', '--meeting', '1', '--motions', '8a.1', '--secret', '--allow-change']);
    expect(both.code).toBe(1);
    const reopen = await cli(['rounds', 'open', '--round', '1']);
    expect(reopen.code).toBe(1);
    expect(reopen.err).toMatch(/^stemkaart: /);
  });
});
