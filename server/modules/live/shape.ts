/**
 * What leaves on the live feed is shaped by its schema, here and nowhere else: every `snapshot`,
 * `round`, `presence` and `projector` event is parsed with the schema of its audience before it is emitted, so a
 * field the public schema does not name never reaches `/live` or `/kiosk`, whatever a service put
 * in the object. A payload that does not fit (a roll call of a secret round) throws instead of
 * leaving; the feed logs it and emits nothing.
 */
import { z } from 'zod';
import type { ServerToClientEvents } from '../../../shared/events.ts';
import { PresencePublicSchema, ProjectorSchema, RoundAdminSchema, RoundPublicSchema, SnapshotAdminSchema, SnapshotPublicSchema } from '../../../shared/schemas.ts';

export type Audience = 'public' | 'admin';
export type LiveEvent = keyof ServerToClientEvents;
export type LivePayload<E extends LiveEvent> = Parameters<ServerToClientEvents[E]>[0];

export const LIVE_EVENT_SCHEMAS: Record<Audience, Record<LiveEvent, z.core.$ZodType>> = {
  public: { snapshot: SnapshotPublicSchema, round: RoundPublicSchema, presence: PresencePublicSchema, projector: ProjectorSchema },
  admin: { snapshot: SnapshotAdminSchema, round: RoundAdminSchema, presence: PresencePublicSchema, projector: ProjectorSchema },
};

/** The payload as the audience may see it: unknown fields dropped, contract rules checked. */
export function shape<E extends LiveEvent>(audience: Audience, event: E, payload: LivePayload<E>): LivePayload<E> {
  return z.parse(LIVE_EVENT_SCHEMAS[audience][event], payload) as LivePayload<E>;
}
