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
