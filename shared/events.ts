/** Socket.IO contract (docs/api.md, "Live feed"): namespaces, event names and payloads, typed once. */
import type { Meeting, PresenceSummary, Round } from './schemas.ts';

export const NAMESPACES = { live: '/live', chair: '/chair', kiosk: '/kiosk' } as const;

export interface Snapshot {
  meeting: Meeting;
  rounds: Round[];
  presence: PresenceSummary;
}

export interface ServerToClientEvents {
  snapshot: (snapshot: Snapshot) => void;
  round: (round: Round) => void;
  presence: (presence: PresenceSummary) => void;
}

// Clients only listen; nothing is sent to the server over the feed.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ClientToServerEvents {}

/**
 * What the server core announces inside the process after a change is committed (an emit inside a
 * transaction waits for the commit and is dropped on rollback). The live feed (and anything else,
 * such as backups) subscribes; the core never knows about sockets.
 */
export interface DomainEvents {
  'round-changed': { meetingId: number; roundId: number; cause: 'created' | 'open' | 'ballot' | 'close' | 'cancel' };
  /** The chair recorded the outcome of a motion by hand (a show of cards). */
  'manual-result': { meetingId: number; motionId: number };
  'presence-changed': { meetingId: number };
  'meeting-changed': { meetingId: number };
  'kiosk-revoked': { meetingId: number; kioskId: number };
}
