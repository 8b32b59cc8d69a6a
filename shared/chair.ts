/** Wire shapes of the chair additions (docs/api.md, "Chair additions"), shared by server and console. */
import { z } from 'zod';
import { MemberCodeSchema, OUTCOMES } from './schemas.ts';

const figure = z.number().int().nonnegative().max(1_000_000_000);
export const ManualResultInputSchema = z.object({
  outcome: z.enum(OUTCOMES),
  for: figure.nullish(),
  against: figure.nullish(),
  abstain: figure.nullish(),
  note: z.string().trim().max(1000).nullish(),
});
export type ManualResultInput = z.infer<typeof ManualResultInputSchema>;

export const ManualPresenceSchema = z.object({
  memberCode: MemberCodeSchema,
  direction: z.enum(['in', 'out']),
});
export type ManualPresence = z.infer<typeof ManualPresenceSchema>;

/** One member's card in a meeting, as `GET /api/meetings/:id/cards` lists it. */
export const CardStateSchema = z.object({
  memberCode: z.string(),
  name: z.string(),
  weight: z.number().int(),
  active: z.boolean(),
  issuedAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type CardState = z.infer<typeof CardStateSchema>;
