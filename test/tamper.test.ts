/**
 * Tamper evidence: the ballot, participation, presence and audit tables refuse UPDATE and DELETE
 * in the database itself; an insider who drops the triggers and edits a row anyway is named by
 * GET /api/meetings/:id/audit/verify.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeApp, nonce, seedMeeting, type SeededMeeting, type TestApp } from './helpers/app.ts';

let t: TestApp;
let m: SeededMeeting;
let openRound: number;
let secretRound: number;

async function vote(roundId: number, salt: number) {
  let i = salt;
  for (const code of m.codes.values()) {
    const choices = m.motionIds.map((motionId, j) => ({ motionId, choice: (['for', 'against', 'abstain'] as const)[(i + j) % 3] }));
    const res = await t.kiosk(m.votingToken, { method: 'POST', url: '/api/ballots', payload: { code, roundId, choices, nonce: nonce() } });
    expect(res.statusCode).toBe(201);
    i++;
  }
}

async function closedRound(secret: boolean, salt: number): Promise<number> {
  const id = (await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/rounds`, payload: { motionIds: m.motionIds, secret } })).json().id as number;
  await t.admin({ method: 'POST', url: `/api/rounds/${id}/open` });
  await vote(id, salt);
  expect((await t.admin({ method: 'POST', url: `/api/rounds/${id}/close` })).json().state).toBe('closed');
  return id;
}

const verify = async () => (await t.admin({ method: 'GET', url: `/api/meetings/${m.meetingId}/audit/verify` })).json();

/** A second connection to the file, as an insider with the database would open it. */
function insider(): Database.Database {
  return new Database(t.dbPath);
}

beforeEach(async () => {
  t = await makeApp();
  m = await seedMeeting(t, { populations: [90_000, 45_000, 30_000, 12_000], motions: 2 });
  openRound = await closedRound(false, 0);
  secretRound = await closedRound(true, 1);
  expect(await verify()).toMatchObject({ ok: true });
});

afterEach(async () => {
  await t.close();
});

describe('append-only tables', () => {
  it.each([
    ['ballots', "UPDATE ballots SET choices = '[]'", 'DELETE FROM ballots'],
    ['secret_ballots', "UPDATE secret_ballots SET choices = '[]'", 'DELETE FROM secret_ballots'],
    ['participations', "UPDATE participations SET cast_at = 'x'", 'DELETE FROM participations'],
    ['audit_log', "UPDATE audit_log SET actor = 'admin'", 'DELETE FROM audit_log'],
    ['presence_events', "UPDATE presence_events SET direction = 'out'", 'DELETE FROM presence_events'],
  ])('%s refuses UPDATE and DELETE', (_table, update, del) => {
    const db = insider();
    try {
      expect(() => db.exec(update)).toThrow(/append-only/);
      expect(() => db.exec(del)).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });
});

describe('GET /api/meetings/:id/audit/verify after tampering', () => {
  it('names the open-round ballot whose choice was changed in SQLite', async () => {
    const db = insider();
    const row = db.prepare('SELECT b.id, b.receipt, b.choices, m.code FROM ballots b JOIN members m ON m.id = b.member_id WHERE b.round_id = ? ORDER BY b.id LIMIT 1').get(openRound) as { id: number; receipt: string; choices: string; code: string };
    const choices = JSON.parse(row.choices) as { motionId: number; choice: string }[];
    choices[0].choice = choices[0].choice === 'for' ? 'against' : 'for';
    db.exec('DROP TRIGGER ballots_no_update');
    db.prepare('UPDATE ballots SET choices = ? WHERE id = ?').run(JSON.stringify(choices), row.id);
    db.close();

    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(expect.arrayContaining([expect.stringContaining(`ballot ${row.receipt} of ${row.code} differs from audit entry`)]));
    expect(result.problems.join('\n')).toMatch(new RegExp(`round ${openRound}, 7\\.1: recount`));
    expect(result.brokenAt).toBeGreaterThan(0);
  });

  it('names a ballot slipped into a closed open round that the audit log never saw', async () => {
    const db = insider();
    const row = db.prepare('SELECT b.member_id, b.weight, b.choices, m.code FROM ballots b JOIN members m ON m.id = b.member_id WHERE b.round_id = ? ORDER BY b.id LIMIT 1').get(openRound) as { member_id: number; weight: number; choices: string; code: string };
    // A later row of the same member is the one that counts: the same choices, a receipt nobody was given.
    db.prepare("INSERT INTO ballots (round_id, member_id, weight, choices, nonce, receipt, cast_at) VALUES (?, ?, ?, ?, 'forged', 'ZZZZ-ZZZZ-ZZZZ', '2026-01-01T00:00:00.000Z')").run(openRound, row.member_id, row.weight, row.choices);
    db.close();
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([`round ${openRound}: ballot ZZZZ-ZZZZ-ZZZZ of ${row.code} is not in the audit log`]);
  });

  it('names a receipt stored for two ballots', async () => {
    const db = insider();
    const rows = db.prepare('SELECT b.member_id, b.weight, b.choices, b.receipt, m.code FROM ballots b JOIN members m ON m.id = b.member_id WHERE b.round_id = ? ORDER BY b.id LIMIT 2').all(openRound) as { member_id: number; weight: number; choices: string; receipt: string; code: string }[];
    // The second member's latest ballot now carries the first member's receipt.
    db.prepare("INSERT INTO ballots (round_id, member_id, weight, choices, nonce, receipt, cast_at) VALUES (?, ?, ?, ?, 'copied', ?, '2026-01-01T00:00:00.000Z')").run(openRound, rows[1].member_id, rows[1].weight, rows[1].choices, rows[0].receipt);
    db.close();
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toContain(`round ${openRound}: receipt ${rows[0].receipt} is stored for two ballots`);
  });

  it('names the round and motion when a secret ballot was changed', async () => {
    const db = insider();
    db.exec('DROP TRIGGER secret_ballots_no_update');
    const receipt = db.prepare("SELECT receipt FROM secret_ballots WHERE round_id = ? AND choices LIKE '%\"for\"%' LIMIT 1").pluck().get(secretRound) as string;
    db.prepare("UPDATE secret_ballots SET choices = replace(choices, '\"for\"', '\"against\"') WHERE round_id = ? AND receipt = ?").run(secretRound, receipt);
    db.close();
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toMatch(new RegExp(`round ${secretRound}, 7\\.\\d: recount of "for"`));
  });

  it('notices a secret ballot slipped in after close', async () => {
    const db = insider();
    db.exec('DROP TRIGGER secret_ballots_no_update');
    db.prepare("INSERT INTO secret_ballots (round_id, choices, receipt) VALUES (?, ?, 'AAAA-BBBB-CCCC')").run(
      secretRound,
      JSON.stringify(m.motionIds.map((motionId) => ({ motionId, choice: 'for' }))),
    );
    db.close();
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toContain(`round ${secretRound}: 5 secret ballots are stored but 4 members voted according to the audit log`);
  });

  it('names the audit entry that was edited, by its sequence number', async () => {
    const db = insider();
    const seq = db.prepare("SELECT seq FROM audit_log WHERE meeting_id = ? AND action = 'ballot.cast' ORDER BY seq LIMIT 1").pluck().get(m.meetingId) as number;
    db.exec('DROP TRIGGER audit_no_update');
    db.prepare("UPDATE audit_log SET data = replace(data, '\"for\"', '\"against\"') WHERE meeting_id = ? AND seq = ?").run(m.meetingId, seq);
    db.close();
    const result = await verify();
    expect(result).toMatchObject({ ok: false, brokenAt: seq });
    expect(result.problems).toEqual([`audit entry ${seq} does not match its hash chain`]);
  });

  it('refuses an audit entry whose data was rewritten, even into equivalent JSON', async () => {
    const db = insider();
    const seq = db.prepare("SELECT seq FROM audit_log WHERE meeting_id = ? AND action = 'round.closed' ORDER BY seq LIMIT 1").pluck().get(m.meetingId) as number;
    db.exec('DROP TRIGGER audit_no_update');
    db.prepare("UPDATE audit_log SET data = ' ' || data WHERE meeting_id = ? AND seq = ?").run(m.meetingId, seq);
    db.close();
    expect(await verify()).toMatchObject({ ok: false, brokenAt: seq });
  });

  it('notices an audit entry deleted from the middle of the chain', async () => {
    const db = insider();
    db.exec('DROP TRIGGER audit_no_delete');
    db.prepare('DELETE FROM audit_log WHERE meeting_id = ? AND seq = 5').run(m.meetingId);
    db.close();
    expect(await verify()).toMatchObject({ ok: false, brokenAt: 6 });
  });
});
