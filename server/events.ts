/**
 * What the server core announces inside the process after a change is committed (an emit inside a
 * transaction waits for the commit and is dropped on rollback). The live feed (and anything else,
 * such as backups) subscribes; the core never knows about sockets. These never cross the wire, so
 * they live here and not in shared/.
 */
export interface DomainEvents {
  'round-changed': { meetingId: number; roundId: number; cause: 'created' | 'open' | 'ballot' | 'close' | 'cancel' | 'edited' };
  /** The chair recorded the outcome of a motion by hand (a show of cards). */
  'manual-result': { meetingId: number; motionId: number };
  'presence-changed': { meetingId: number };
  'meeting-changed': { meetingId: number };
  'projector-changed': { meetingId: number };
  'kiosk-revoked': { meetingId: number; kioskId: number };
}
