/** Socket.IO contract (docs/api.md, "Live feed"): namespaces, event names and payloads, typed once. */
import type { Meeting, PresenceSummary, Projector, Round } from './schemas.ts';

export const NAMESPACES = { live: '/live', chair: '/chair', kiosk: '/kiosk' } as const;

export interface Snapshot {
  meeting: Meeting;
  rounds: Round[];
  presence: PresenceSummary;
  /** What the projector shows: the open or last closed round (`auto`), or one motion. */
  projector: Projector;
}

export interface ServerToClientEvents {
  snapshot: (snapshot: Snapshot) => void;
  round: (round: Round) => void;
  presence: (presence: PresenceSummary) => void;
  /** The chair changed what the projector shows (`PUT /api/meetings/:id/projector`). */
  projector: (projector: Projector) => void;
}

// Clients only listen; nothing is sent to the server over the feed.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ClientToServerEvents {}
