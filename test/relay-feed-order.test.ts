/**
 * A relay folds the Redis feed into its snapshot in the order of the events' numbers
 * (server/relay/relay-feed.ts): an event older than the snapshot it holds is dropped, however the
 * stream and the snapshot's HTTP answer raced; one that came while the snapshot was on its way is
 * folded in when newer. A real Socket.IO server (in-memory adapter) and a real client; the voting
 * server is a function that answers when the test says so.
 */
import { createServer } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Server } from 'socket.io';
import type { Snapshot } from '../shared/events.ts';
import type { Round } from '../shared/schemas.ts';
import { createRelayFeed, type RelayFeed, type SnapshotAnswer } from '../server/relay/relay-feed.ts';
import { connectFeed, type Recorder } from './helpers/live.ts';

const round = (count: number, state: Round['state'] = 'open') => ({ id: 3, meetingId: 7, state, voted: { weight: count * 10, count } }) as unknown as Round;
const snapshotWith = (count: number): Snapshot => ({ meeting: { id: 7 } as Snapshot['meeting'], rounds: [round(count)], presence: { count, weight: count * 10 }, projector: { show: 'auto' } });

describe('a relay folds the feed in the order of its numbers', () => {
  let stop: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await stop?.();
    stop = null;
  });

  async function relayWith(fetchSnapshot: (meetingId: number) => Promise<SnapshotAnswer>): Promise<{ feed: RelayFeed; url: string }> {
    const http = createServer();
    const io = new Server(http);
    const feed = createRelayFeed({ live: io.of('/live'), fetchSnapshot, coalesceMs: 10, presenceMs: 10 });
    await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
    const address = http.address();
    stop = async () => {
      feed.stop();
      await io.close();
    };
    return { feed, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
  }

  const shownCount = (r: Recorder): number | undefined => {
    for (let i = r.raw.length - 1; i >= 0; i--) {
      const m = JSON.parse(r.raw[i]) as { rounds?: Round[]; voted?: { count: number } };
      if (m.rounds) return m.rounds[0]?.voted.count;
      if (m.voted) return m.voted.count;
    }
    return undefined;
  };

  it('drops events older than the snapshot and folds in the newer ones that came while it was fetched', async () => {
    let answer!: (a: SnapshotAnswer) => void;
    const { feed, url } = await relayWith(() => new Promise((done) => (answer = done)));
    const viewer = connectFeed(url, '/live', { meetingId: 7 });
    try {
      await vi.waitFor(() => expect(answer).toBeTypeOf('function'));
      // While the snapshot (taken at event 20, count 5) is on its way: an older and a newer event.
      feed.onPublished(['round', round(4), { seq: 19 }], ['meeting:7']);
      feed.onPublished(['round', round(6), { seq: 21 }], ['meeting:7']);
      answer({ found: true, snapshot: snapshotWith(5), seq: 20 });
      await vi.waitFor(() => expect(viewer.snapshots).toHaveLength(1));
      expect(viewer.snapshots[0].rounds[0].voted.count).toBe(6);

      // A late duplicate of an old event changes nothing; the next new one goes out.
      feed.onPublished(['round', round(5), { seq: 20 }], ['meeting:7']);
      feed.onPublished(['round', round(7, 'closed'), { seq: 22 }], ['meeting:7']);
      await vi.waitFor(() => expect(viewer.lastRound(3)?.state).toBe('closed'));
      expect(viewer.rounds.map((r) => r.voted.count)).toEqual([7]);
      expect(shownCount(viewer)).toBe(7);
      // The relays' numbers never reach the viewers.
      expect(viewer.raw.join('')).not.toContain('seq');
    } finally {
      viewer.socket.disconnect();
    }
  });

  it('a meeting the voting server does not know is refused with not_found', async () => {
    const { url } = await relayWith(async () => ({ found: false }));
    const viewer = connectFeed(url, '/live', { meetingId: 8 });
    const error = await new Promise<Error>((done) => viewer.socket.once('connect_error', done));
    expect(error.message).toBe('not_found');
    viewer.socket.disconnect();
  });
});
