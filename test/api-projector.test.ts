/**
 * What the projector shows (docs/api.md, "Motions, agenda and the projector"): `PUT
 * /api/meetings/:id/projector`, its public GET, the `projector` event and the snapshot's `projector`.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { call, connected, connectFeed, ok, seedMeeting, startServer, type Recorder, type RunningServer } from './helpers/live.ts';

let server: RunningServer | null = null;
const sockets: Recorder[] = [];
afterEach(async () => {
  for (const r of sockets.splice(0)) r.socket.disconnect();
  await server?.close();
  server = null;
});

async function feed(base: string, namespace: '/live' | '/chair' | '/kiosk', options: Parameters<typeof connectFeed>[2]): Promise<Recorder> {
  const r = connectFeed(base, namespace, options);
  sockets.push(r);
  await connected(r);
  await vi.waitFor(() => expect(r.snapshots.length).toBeGreaterThan(0));
  return r;
}

describe('PUT /api/meetings/:id/projector', () => {
  it('shows one motion or goes back to auto; the public GET, the audit and the snapshot agree', async () => {
    server = await startServer();
    const { baseUrl: base, adminToken: admin } = server;
    const s = await seedMeeting(base, admin, { motions: 2 });
    expect(await ok(base, 'GET', `/api/meetings/${s.meetingId}/projector`)).toEqual({ show: 'auto' });

    const shown = await call(base, 'PUT', `/api/meetings/${s.meetingId}/projector`, { show: 'motion', motionId: s.motionIds[1] }, admin);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({ show: 'motion', motionId: s.motionIds[1] });
    expect(await ok(base, 'GET', `/api/meetings/${s.meetingId}/projector`)).toEqual({ show: 'motion', motionId: s.motionIds[1] });
    const later = await feed(base, '/live', { meetingId: s.meetingId });
    expect(later.snapshots[0].projector).toEqual({ show: 'motion', motionId: s.motionIds[1] });

    expect((await call(base, 'PUT', `/api/meetings/${s.meetingId}/projector`, { show: 'auto' }, admin)).body).toEqual({ show: 'auto' });
    const audit = (await (await fetch(`${base}/api/meetings/${s.meetingId}/audit`, { headers: { authorization: `Bearer ${admin}` } })).text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .filter((e) => e.action === 'projector.changed');
    expect(audit.map((e) => e.data)).toEqual([{ show: 'motion', motionId: s.motionIds[1], ref: '7.2' }, { show: 'auto' }]);
  });

  it('emits `projector` to /live and /chair on every change, not when nothing changed, and not to kiosks', async () => {
    server = await startServer();
    const { baseUrl: base, adminToken: admin } = server;
    const s = await seedMeeting(base, admin, { motions: 2 });
    const audience = await feed(base, '/live', { meetingId: s.meetingId });
    const chair = await feed(base, '/chair', { meetingId: s.meetingId, token: admin });
    const kiosk = await feed(base, '/kiosk', { token: s.votingToken });
    expect(audience.snapshots[0].projector).toEqual({ show: 'auto' });

    await ok(base, 'PUT', `/api/meetings/${s.meetingId}/projector`, { show: 'motion', motionId: s.motionIds[0] }, admin);
    await vi.waitFor(() => expect(audience.projector).toEqual([{ show: 'motion', motionId: s.motionIds[0] }]));
    await vi.waitFor(() => expect(chair.projector).toEqual([{ show: 'motion', motionId: s.motionIds[0] }]));
    // The same again changes nothing and sends nothing; the next change arrives.
    await ok(base, 'PUT', `/api/meetings/${s.meetingId}/projector`, { show: 'motion', motionId: s.motionIds[0] }, admin);
    await ok(base, 'PUT', `/api/meetings/${s.meetingId}/projector`, { show: 'auto' }, admin);
    await vi.waitFor(() => expect(audience.projector.at(-1)).toEqual({ show: 'auto' }));
    expect(audience.projector).toEqual([{ show: 'motion', motionId: s.motionIds[0] }, { show: 'auto' }]);
    expect(kiosk.projector).toEqual([]);
  });

  it('goes back to auto when the motion it shows is deleted', async () => {
    server = await startServer();
    const { baseUrl: base, adminToken: admin } = server;
    const s = await seedMeeting(base, admin, { motions: 2 });
    const audience = await feed(base, '/live', { meetingId: s.meetingId });
    await ok(base, 'PUT', `/api/meetings/${s.meetingId}/projector`, { show: 'motion', motionId: s.motionIds[1] }, admin);
    await ok(base, 'DELETE', `/api/motions/${s.motionIds[1]}`, undefined, admin, [204]);
    expect(await ok(base, 'GET', `/api/meetings/${s.meetingId}/projector`)).toEqual({ show: 'auto' });
    await vi.waitFor(() => expect(audience.projector.at(-1)).toEqual({ show: 'auto' }));
  });

  it('tells nobody of a change whose commit fails: the projector and the motion stay as they were', async () => {
    server = await startServer();
    const { baseUrl: base, adminToken: admin } = server;
    const s = await seedMeeting(base, admin, { motions: 2 });
    const audience = await feed(base, '/live', { meetingId: s.meetingId });
    await ok(base, 'PUT', `/api/meetings/${s.meetingId}/projector`, { show: 'motion', motionId: s.motionIds[1] }, admin);
    await vi.waitFor(() => expect(audience.projector).toHaveLength(1));
    // Every statement succeeds, the COMMIT is refused (a deferred foreign-key violation, checked at COMMIT).
    const db = server.app.domain.db;
    db.exec('CREATE TABLE commit_guard (meeting_id INTEGER REFERENCES meetings(id) DEFERRABLE INITIALLY DEFERRED)');
    db.exec(`CREATE TEMP TRIGGER fail_commit AFTER INSERT ON main.audit_log WHEN NEW.action IN ('projector.changed', 'motion.deleted')
      BEGIN INSERT INTO commit_guard VALUES (-1); END`);
    expect((await call(base, 'PUT', `/api/meetings/${s.meetingId}/projector`, { show: 'auto' }, admin)).status).toBe(500);
    expect((await call(base, 'DELETE', `/api/motions/${s.motionIds[1]}`, undefined, admin)).status).toBe(500);
    db.exec('DROP TRIGGER temp.fail_commit');
    expect(await ok(base, 'GET', `/api/meetings/${s.meetingId}/projector`)).toEqual({ show: 'motion', motionId: s.motionIds[1] });
    expect((await ok<{ agenda: { motions: unknown[] }[] }>(base, 'GET', `/api/meetings/${s.meetingId}`)).agenda[0].motions).toHaveLength(2);
    // A change that does commit arrives, and it is the only one since the first.
    await ok(base, 'PUT', `/api/meetings/${s.meetingId}/projector`, { show: 'motion', motionId: s.motionIds[0] }, admin);
    await vi.waitFor(() => expect(audience.projector).toHaveLength(2));
    expect(audience.projector).toEqual([{ show: 'motion', motionId: s.motionIds[1] }, { show: 'motion', motionId: s.motionIds[0] }]);
  });

  it('refuses a bad body (400 validation), a motion of another meeting (404), and anyone but the admin', async () => {
    server = await startServer();
    const { baseUrl: base, adminToken: admin } = server;
    const s = await seedMeeting(base, admin, { motions: 2 });
    const other = await ok<{ id: number }>(base, 'POST', '/api/meetings', { title: 'Andere ALV', date: '2030-01-01' }, admin);
    const [otherItem] = (
      await ok<{ items: { motions: { id: number }[] }[] }>(base, 'POST', `/api/meetings/${other.id}/agenda`, { items: [{ number: '1', title: 'x', motions: [{ ref: 'X', kind: 'motion', title: 'x' }] }] }, admin)
    ).items;
    const url = `/api/meetings/${s.meetingId}/projector`;
    for (const body of [{}, { show: 'motion' }, { show: 'round', motionId: s.motionIds[0] }, { show: 'auto', motionId: s.motionIds[0] }, { show: 'motion', motionId: 'x' }]) {
      const res = await call<{ error: string }>(base, 'PUT', url, body, admin);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toBe('validation');
    }
    expect((await call<{ error: string }>(base, 'PUT', url, { show: 'motion', motionId: otherItem.motions[0].id }, admin)).body.error).toBe('not_found');
    expect((await call<{ error: string }>(base, 'PUT', url, { show: 'motion', motionId: 99_999 }, admin)).body.error).toBe('not_found');
    expect((await call<{ error: string }>(base, 'PUT', '/api/meetings/999/projector', { show: 'auto' }, admin)).body.error).toBe('not_found');
    expect((await call(base, 'PUT', url, { show: 'auto' })).status).toBe(401);
    expect((await call(base, 'PUT', url, { show: 'auto' }, s.votingToken)).status).toBe(403);
    expect(await ok(base, 'GET', url)).toEqual({ show: 'auto' });
  });
});
