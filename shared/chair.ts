/** Wire shapes of the chair additions (docs/api.md, "Chair additions"), shared by server and console. */
import * as z from 'zod/mini';
import { integer, str } from './schema-helpers.ts';
import { MemberCodeSchema, OUTCOMES } from './schemas.ts';

const figure = integer(z.nonnegative(), z.maximum(1_000_000_000));
export const ManualResultInputSchema = z.object({
  outcome: z.enum(OUTCOMES),
  for: z.nullish(figure),
  against: z.nullish(figure),
  abstain: z.nullish(figure),
  note: z.nullish(str(z.trim(), z.maxLength(1000))),
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
  weight: integer(),
  active: z.boolean(),
  issuedAt: z.string(),
  revokedAt: z.nullable(z.string()),
});
export type CardState = z.infer<typeof CardStateSchema>;
