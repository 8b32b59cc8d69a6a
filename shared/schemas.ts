/**
 * Every wire shape of docs/api.md, once. Server routes validate with these; the three browser
 * clients import the inferred types. Nothing here imports Node, the DOM or server code.
 *
 * size-reason: the wire contract, written once for the server and all three clients (STYLE.md
 * point 4); one file costs no page anything, since a bundler keeps only the schemas a page uses
 * (test/bundle-sizes.test.ts checks that).
 *
 * Written with `zod/mini`, zod's tree-shakable functional API (`z.optional(x)`, `z.nullable(x)`,
 * `z.extend(a, {...})`), with checks through ./schema-helpers.ts (`str(z.trim(), z.maxLength(200))`):
 * a page's bundle carries only the schemas and the zod it uses (classic zod, a method per check on
 * every schema, added about 20 kB gzip to each page; docs/architecture.md, "Bundle sizes"). They
 * are zod 4 core schemas: the server's classic zod, fastify-type-provider-zod and the OpenAPI
 * document take them as they are.
 */
import * as z from 'zod/mini';
import { checked, integer, list, meta, str } from './schema-helpers.ts';
import { SECRET_MIN_BALLOTS_DEFAULT } from './secrecy.ts';

// The pages run under a Content-Security-Policy without 'unsafe-eval': in a browser zod must not
// probe `new Function` (every probe is reported as a CSP violation). It is set before any schema is
// made, since each schema decides then. The server keeps zod's compiled parsers.
if ('document' in globalThis) z.config({ jitless: true });

export const Id = checked(z.coerce.number(), z.int(), z.positive());
export const IdParamsSchema = z.object({ id: Id });
const isoDate = str(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
  z.refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'not a calendar date'),
);
export const IsoDateSchema = isoDate;

/** The zone a meeting's times are shown in unless it names another. */
export const DEFAULT_TIME_ZONE = 'Europe/Amsterdam';
/** True for a time zone this runtime knows by its IANA name (`Europe/Amsterdam`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+/-]{0,63}$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const MEMBER_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
export const MemberCodeSchema = str(z.trim(), z.regex(MEMBER_CODE_PATTERN, 'a member code of letters and digits'));

// ---------- members and weights ----------

export const MemberSchema = z.object({
  code: z.string(),
  name: z.string(),
  province: z.nullable(z.string()),
  population: integer(),
  weight: integer(),
});
export type Member = z.infer<typeof MemberSchema>;

export const MemberInputSchema = z.object({
  code: MemberCodeSchema,
  name: str(z.trim(), z.minLength(1), z.maxLength(200)),
  province: z.nullish(str(z.trim(), z.maxLength(100))),
  population: integer(z.nonnegative(), z.maximum(2_000_000_000)),
  weight: z.nullish(integer(z.positive(), z.maximum(1_000_000))),
});
export type MemberInput = z.infer<typeof MemberInputSchema>;
export const MemberImportResultSchema = z.object({ inserted: integer(), updated: integer() });

const positiveInt = integer(z.positive(), z.maximum(1_000_000_000));
export const ProportionalSchemeSchema = checked(
  z.object({
    kind: z.literal('proportional'),
    perInhabitants: positiveInt,
    min: positiveInt,
    max: positiveInt,
    rounding: z.enum(['floor', 'ceil']),
  }),
  z.refine((s) => s.min <= s.max, { message: 'min must not exceed max', path: ['min'] }),
);
export const BracketsSchemeSchema = checked(
  z.object({
    kind: z.literal('brackets'),
    brackets: list(z.object({ minPopulation: integer(z.nonnegative()), weight: positiveInt }), z.minLength(1), z.maxLength(1000)),
  }),
  z.refine((s) => s.brackets[0]?.minPopulation === 0, { message: 'the first bracket must start at 0', path: ['brackets', 0, 'minPopulation'] }),
  z.refine((s) => s.brackets.every((b, i) => i === 0 || b.minPopulation > s.brackets[i - 1].minPopulation), {
    message: 'minPopulation must be strictly increasing',
    path: ['brackets'],
  }),
);
export const WeightSchemeSchema = z.union([ProportionalSchemeSchema, BracketsSchemeSchema]);
export type WeightScheme = z.infer<typeof WeightSchemeSchema>;

// ---------- meetings, agenda, motions ----------

/** Whether a meeting allows proxy votes (volmacht), and how many proxies one member may hold. */
export const ProxyRuleSchema = z.object({
  allowed: z._default(z.optional(z.boolean()), false),
  maxPerHolder: z._default(z.optional(integer(z.positive(), z.maximum(100))), 1),
});
export type ProxyRule = z.infer<typeof ProxyRuleSchema>;
/** The rule as every meeting view shows it (no defaults: the clients' pages carry no input checks they do not need). */
export const ProxyRuleViewSchema = z.object({ allowed: z.boolean(), maxPerHolder: integer() });
/** `PATCH /api/meetings/:id`: what may change before a round of the meeting was opened. */
export const MeetingPatchSchema = z.strictObject({ proxies: ProxyRuleSchema });

export const MeetingCreateSchema = z.object({
  title: str(z.trim(), z.minLength(1), z.maxLength(200)),
  date: isoDate,
  venue: z.nullish(str(z.trim(), z.maxLength(200))),
  requireCheckIn: z._default(z.optional(z.boolean()), true),
  /** Split votes (a nominee divides its weight over for, against and abstain); off by default. */
  allowSplit: z._default(z.optional(z.boolean()), false),
  /** A secret round with fewer ballots closes only when the chair confirms (`409 small_secret_round`). */
  secretMinBallots: z._default(z.optional(integer(z.minimum(1), z.maximum(100_000))), SECRET_MIN_BALLOTS_DEFAULT),
  /** The IANA time zone every time a person reads is shown in (docs/api.md, "Words and numbers the minutes use"). */
  timeZone: z._default(z.optional(str(z.trim(), z.maxLength(64), z.refine(isTimeZone, 'an IANA time zone such as Europe/Amsterdam'))), DEFAULT_TIME_ZONE),
  /** Proxy votes (volmacht): not allowed by default (the VNG's rule). */
  proxies: z.optional(ProxyRuleSchema),
});
export type MeetingCreate = z.input<typeof MeetingCreateSchema>;

/** `practice`: a proefstemming, which decides nothing (docs/api.md, "Practice rounds"). */
export const MOTION_KINDS = ['proposal', 'resolution', 'motion', 'amendment', 'practice'] as const;
export const BOARD_ADVICES = ['adopt', 'reject', 'neutral', 'none'] as const;
export const MOTION_STATUSES = ['submitted', 'in_vote', 'adopted', 'rejected', 'withdrawn'] as const;
export type MotionKind = (typeof MOTION_KINDS)[number];
export type BoardAdvice = (typeof BOARD_ADVICES)[number];
export type MotionStatus = (typeof MOTION_STATUSES)[number];

// Each field its own schema, and the object shapes below name them: an unused shape then leaves
// nothing in a page's bundle (a bundler keeps a `{ ...spread }` or a property read of an unused
// object, which may run a getter, and with it every schema the object holds).
const motionRef = str(z.trim(), z.minLength(1), z.maxLength(32));
const motionKind = z.enum(MOTION_KINDS);
const motionTitle = str(z.trim(), z.minLength(1), z.maxLength(500));
const memberCodes = list(MemberCodeSchema, z.maxLength(500));
const motionSubmittedOn = z.nullish(isoDate);
const motionSummary = z.nullish(str(z.maxLength(10_000)));
/** The full operative text: plain text, blank lines between paragraphs. */
const motionText = z.nullish(str(z.maxLength(100_000)));
const boardAdvice = z.enum(BOARD_ADVICES);
const boardAdviceText = z.nullish(str(z.maxLength(10_000)));
const motionAmends = z.nullish(str(z.trim(), z.minLength(1), z.maxLength(32)));
export const MotionInputSchema = z.object({
  ref: motionRef,
  kind: motionKind,
  title: motionTitle,
  submitters: z._default(memberCodes, []),
  supporters: z._default(z.optional(memberCodes), []),
  submittedOn: motionSubmittedOn,
  summary: motionSummary,
  text: motionText,
  boardAdvice: z._default(z.optional(boardAdvice), 'none'),
  boardAdviceText,
  amends: motionAmends,
});
/**
 * `PATCH /api/motions/:id`: any of these fields, while the motion was never in an open round.
 * `null` clears an optional text, `amends: null` the amended proposal. Unknown fields are refused.
 */
export const MotionPatchSchema = z.strictObject({
  ref: z.optional(motionRef),
  kind: z.optional(motionKind),
  title: z.optional(motionTitle),
  submitters: z.optional(memberCodes),
  supporters: z.optional(memberCodes),
  submittedOn: motionSubmittedOn,
  summary: motionSummary,
  text: motionText,
  boardAdvice: z.optional(boardAdvice),
  boardAdviceText,
  amends: motionAmends,
});
export type MotionPatch = z.infer<typeof MotionPatchSchema>;
/** `PATCH /api/agenda-items/:id`. */
export const AgendaItemPatchSchema = z.strictObject({
  number: z.optional(str(z.trim(), z.minLength(1), z.maxLength(16))),
  title: z.optional(str(z.trim(), z.minLength(1), z.maxLength(500))),
});
export type AgendaItemPatch = z.infer<typeof AgendaItemPatchSchema>;
export const AgendaInputSchema = z.object({
  items: list(
    z.object({
      number: str(z.trim(), z.minLength(1), z.maxLength(16)),
      title: str(z.trim(), z.minLength(1), z.maxLength(500)),
      motions: z._default(list(MotionInputSchema, z.maxLength(200)), []),
    }),
    z.minLength(1),
    z.maxLength(200),
  ),
});
export type AgendaInput = z.input<typeof AgendaInputSchema>;

export const MotionSchema = z.object({
  id: integer(),
  ref: z.string(),
  kind: z.enum(MOTION_KINDS),
  title: z.string(),
  submitters: z.array(z.string()),
  supporters: z.array(z.string()),
  submittedOn: z.nullable(z.string()),
  summary: z.nullable(z.string()),
  text: z.nullable(z.string()),
  boardAdvice: z.enum(BOARD_ADVICES),
  boardAdviceText: z.nullable(z.string()),
  amends: z.nullable(z.string()),
  status: z.enum(MOTION_STATUSES),
  /** Set when the chair recorded the outcome by hand (show of cards). */
  manualResult: z.optional(z.nullable(z.lazy(() => ManualResultSchema))),
});
export type Motion = z.infer<typeof MotionSchema>;

export const AgendaItemSchema = z.object({
  id: integer(),
  number: z.string(),
  title: z.string(),
  motions: z.array(MotionSchema),
});
export type AgendaItem = z.infer<typeof AgendaItemSchema>;

/** Presence as the public sees it (GET /api/meetings/:id, `/live`): how many members and how much weight. */
export const PresencePublicSchema = meta(
  z.object({
    count: integer(),
    weight: integer(),
    /** Members represented by an active proxy (a meeting that allows proxies), included in count and weight. */
    represented: z.optional(z.object({ count: integer(), weight: integer() })),
  }),
  { id: 'PresencePublic' },
);
/** The name the clients know the public presence by. */
export const PresenceSummarySchema = PresencePublicSchema;
export type PresenceSummary = z.infer<typeof PresencePublicSchema>;

/** Presence as the chair sees it (GET /api/meetings/:id/presence): who is present, since when. */
export const PresentMemberSchema = z.object({ code: z.string(), name: z.string(), weight: integer(), since: z.string() });
export type PresentMember = z.infer<typeof PresentMemberSchema>;
export const PresenceAdminSchema = meta(z.array(PresentMemberSchema), { id: 'PresenceAdmin' });

export const MeetingSchema = z.object({
  id: integer(),
  title: z.string(),
  date: z.string(),
  venue: z.nullable(z.string()),
  requireCheckIn: z.boolean(),
  allowSplit: z.boolean(),
  secretMinBallots: integer(),
  /** IANA time zone of the meeting: every time a person reads is shown in it. */
  timeZone: z.string(),
  weightsFrozen: z.boolean(),
  createdAt: z.string(),
  proxies: ProxyRuleViewSchema,
});
export type Meeting = z.infer<typeof MeetingSchema>;

export const ROUND_STATES = ['draft', 'open', 'closed', 'cancelled'] as const;
export type RoundState = (typeof ROUND_STATES)[number];

export const MeetingDetailSchema = z.extend(MeetingSchema, {
  agenda: z.array(AgendaItemSchema),
  rounds: z.array(z.object({ id: integer(), number: integer(), state: z.enum(ROUND_STATES), motionIds: z.array(integer()), practice: z.boolean() })),
  presence: PresenceSummarySchema,
});
export type MeetingDetail = z.infer<typeof MeetingDetailSchema>;

/**
 * What the projector shows (`PUT /api/meetings/:id/projector`, the `/live` event `projector`):
 * `auto` is the open round or the round closed last; `motion` is one motion, whole.
 */
export const ProjectorSchema = z.discriminatedUnion('show', [
  z.strictObject({ show: z.literal('auto') }),
  z.strictObject({ show: z.literal('motion'), motionId: integer(z.positive()) }),
]);
export type Projector = z.infer<typeof ProjectorSchema>;

// ---------- cards and kiosks ----------

export const CardIssueSchema = z.object({ members: z.optional(list(MemberCodeSchema, z.minLength(1), z.maxLength(1_000_000))) });
/** The only answer that carries card codes (admin, `Cache-Control: no-store`). */
export const IssuedCardsSchema = z.object({ cards: z.array(z.object({ memberCode: z.string(), name: z.string(), weight: integer(), code: z.string() })) });
export type IssuedCards = z.infer<typeof IssuedCardsSchema>;

export const KIOSK_MODES = ['checkin', 'voting'] as const;
export type KioskMode = (typeof KIOSK_MODES)[number];
export const KioskCreateSchema = z.object({ name: str(z.trim(), z.minLength(1), z.maxLength(100)), mode: z.enum(KIOSK_MODES) });
export const KioskSchema = z.object({
  id: integer(),
  meetingId: integer(),
  name: z.string(),
  mode: z.enum(KIOSK_MODES),
  createdAt: z.string(),
  revokedAt: z.nullable(z.string()),
  /** When the kiosk's token was last used (to the minute); null when it was never opened on a device. */
  lastSeenAt: z.optional(z.nullable(z.string())),
});
export type Kiosk = z.infer<typeof KioskSchema>;
export const PairedKioskSchema = z.extend(KioskSchema, { token: z.string(), url: z.string() });
/** `GET /api/kiosk/me`: the calling kiosk, its mode and its meeting. */
export const KioskIdentitySchema = z.object({
  id: integer(),
  name: z.string(),
  mode: z.enum(KIOSK_MODES),
  meetingId: integer(),
  meeting: z.pick(MeetingSchema, { id: true, title: true, date: true, venue: true, requireCheckIn: true, timeZone: true }),
});
export type KioskIdentity = z.infer<typeof KioskIdentitySchema>;

// ---------- presence, scan, ballots ----------

/** What a kiosk sends for a card: trimmed and upper-cased before lookup. */
export const CardCodeInputSchema = str(z.minLength(1), z.maxLength(200));
export const CheckinInputSchema = z.object({ code: CardCodeInputSchema, direction: z._default(z.optional(z.enum(['in', 'out'])), 'in') });
export const MemberRefSchema = z.object({ code: z.string(), name: z.string(), weight: integer() });
export type MemberRef = z.infer<typeof MemberRefSchema>;
export const CheckinResultSchema = z.object({
  member: MemberRefSchema,
  present: z.boolean(),
  /** false when the scan changed nothing (a double scan). */
  changed: z.boolean(),
});
export type CheckinResult = z.infer<typeof CheckinResultSchema>;
export const CHOICES = ['for', 'against', 'abstain'] as const;
export type Choice = (typeof CHOICES)[number];
/** A split vote's parts (docs/api.md, "Split votes"): whole votes, together at most the member's weight. */
export const SplitSchema = z.object({ for: integer(z.nonnegative()), against: integer(z.nonnegative()), abstain: integer(z.nonnegative()) });
export type Split = z.infer<typeof SplitSchema>;
export const SingleChoiceSchema = z.object({ motionId: integer(), choice: z.enum(CHOICES) });
/** Only in a meeting with `allowSplit`: the member divides its weight over for, against and abstain. */
export const SplitChoiceSchema = z.object({ motionId: integer(), split: SplitSchema });
export const BallotChoiceSchema = z.union([SingleChoiceSchema, SplitChoiceSchema]);
export type SingleChoice = z.infer<typeof SingleChoiceSchema>;
export type SplitChoice = z.infer<typeof SplitChoiceSchema>;
export type BallotChoice = z.infer<typeof BallotChoiceSchema>;
export const isSplit = (c: BallotChoice): c is SplitChoice => 'split' in c;

export const ScanInputSchema = z.object({ code: CardCodeInputSchema });
export const ScanResultSchema = z.object({
  member: MemberRefSchema,
  round: z.object({
    id: integer(),
    motions: z.array(z.object({ id: integer(), ref: z.string(), title: z.string(), kind: z.enum(MOTION_KINDS), boardAdvice: z.enum(BOARD_ADVICES) })),
    allowChange: z.boolean(),
    secret: z.boolean(),
    /** A proefstemming: the kiosk says the vote decides nothing. */
    practice: z.boolean(),
    /** The member may split its weight (`member.weight`) over for, against and abstain (a meeting with `allowSplit`, not in a secret round). */
    allowSplit: z.boolean(),
  }),
  ballot: z.nullable(z.object({ choices: z.array(BallotChoiceSchema), receipt: z.string(), castAt: z.string() })),
  /** A meeting that allows proxies: one entry per active proxy this card's member holds. */
  proxies: z.optional(z.array(z.object({ member: MemberRefSchema, ballot: z.nullable(z.object({ choices: z.array(BallotChoiceSchema), receipt: z.string(), castAt: z.string() })) }))),
  /** Proxies this card's member holds that are suspended now (the principal is present): shown, not offered. */
  suspendedProxies: z.optional(z.array(MemberRefSchema)),
});
export type ScanResult = z.infer<typeof ScanResultSchema>;

export const BallotInputSchema = z.object({
  code: CardCodeInputSchema,
  roundId: integer(z.positive()),
  // Shape errors of the choices are `invalid_choices`, checked by the ballot service, not `validation`.
  choices: list(z.unknown(), z.maxLength(1000)),
  nonce: str(z.minLength(8), z.maxLength(64)),
  /** A principal of this card's member with an active proxy: the ballot is the principal's. */
  onBehalfOf: z.optional(str(z.trim(), z.minLength(1), z.maxLength(32))),
});
/** `POST /api/meetings/:id/proxies`: member codes, any case; `reference` names the written or electronic authorisation. */
export const ProxyInputSchema = z.strictObject({
  principal: str(z.trim(), z.minLength(1), z.maxLength(32)),
  holder: str(z.trim(), z.minLength(1), z.maxLength(32)),
  reference: z.optional(z.nullable(str(z.trim(), z.maxLength(200)))),
});
export const PROXY_STATES = ['active', 'suspended', 'ended'] as const;
export const ProxySchema = meta(
  z.object({
    id: integer(),
    principal: z.string(),
    holder: z.string(),
    principalName: z.string(),
    holderName: z.string(),
    reference: z.nullable(z.string()),
    state: z.enum(PROXY_STATES),
    createdAt: z.string(),
    endedAt: z.nullable(z.string()),
  }),
  { id: 'Proxy' },
);
export type Proxy = z.infer<typeof ProxySchema>;

export const BallotReceiptSchema = z.object({ receipt: z.string(), castAt: z.string() });
export type BallotReceipt = z.infer<typeof BallotReceiptSchema>;

/**
 * A ballot as the public sees it, published after close (GET /api/rounds/:id/ballots): its receipt and
 * choices only. No weight (weights are nearly unique per member, so one would name the voter of a
 * secret ballot), no time, no kiosk. The admin's view of ballots is the roll call (BallotAdminSchema).
 */
export const BallotPublicSchema = meta(z.object({ receipt: z.string(), choices: z.array(BallotChoiceSchema) }), { id: 'BallotPublic' });
export type PublicBallot = z.infer<typeof BallotPublicSchema>;

// ---------- rounds and tallies ----------

export const MAJORITIES = ['simple', 'two_thirds'] as const;
export type Majority = (typeof MAJORITIES)[number];
export const RoundCreateSchema = checked(
  z.object({
    motionIds: list(integer(z.positive()), z.minLength(1), z.maxLength(200)),
    secret: z._default(z.optional(z.boolean()), false),
    allowChange: z._default(z.optional(z.boolean()), false),
    showLive: z._default(z.optional(z.boolean()), true),
    majority: z._default(z.optional(z.enum(MAJORITIES)), 'simple'),
    quorumPercent: z._default(z.optional(integer(z.minimum(0), z.maximum(100))), 0),
  }),
  z.refine((r) => !(r.secret && r.allowChange), {
    message: 'secret and allowChange cannot both be true',
    path: ['allowChange'],
  }),
  z.refine((r) => new Set(r.motionIds).size === r.motionIds.length, { message: 'a motion is named twice', path: ['motionIds'] }),
);
export type RoundCreate = z.input<typeof RoundCreateSchema>;
export const RoundCancelSchema = z.nullish(z.object({ reason: z.optional(str(z.trim(), z.maxLength(1000))) }));
/** `PUT /api/meetings/:id/kiosk-pin` (admin): the staff PIN of the meeting's kiosks (4 to 8 digits), or null to remove it. */
export const KioskPinInputSchema = z.object({ pin: z.nullable(str(z.regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits'))) });
/** Whether the meeting's kiosks ask a staff PIN before their Beheer settings. */
export const KioskPinStateSchema = z.object({ pinSet: z.boolean() });
export type KioskPinState = z.infer<typeof KioskPinStateSchema>;
/** `POST /api/kiosk/staff-pin` (kiosk token). */
export const StaffPinInputSchema = z.object({ pin: str(z.maxLength(16)) });

/** `POST /api/rounds/:id/close`: `confirmSmall` closes a secret round with fewer ballots than the meeting's `secretMinBallots`. */
export const RoundCloseSchema = z.nullish(z.object({ confirmSmall: z.optional(z.boolean()) }));

export const WeightCountSchema = z.object({ weight: integer(), count: integer() });
export type WeightCount = z.infer<typeof WeightCountSchema>;
export const OUTCOMES = ['adopted', 'rejected'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const TallySchema = z.object({
  motionId: integer(),
  ref: z.string(),
  for: WeightCountSchema,
  against: WeightCountSchema,
  abstain: WeightCountSchema,
  cast: WeightCountSchema,
  present: WeightCountSchema,
  entitled: WeightCountSchema,
  outcome: z.nullable(z.enum(OUTCOMES)),
  tie: z.boolean(),
  quorumMet: z.boolean(),
});
export type Tally = z.infer<typeof TallySchema>;

/**
 * A ballot as the chair sees it: a member's choices with its weight, in the roll call of an open (not
 * secret) round. A secret round never has one.
 */
export const BallotAdminSchema = meta(
  z.object({
    memberCode: z.string(),
    name: z.string(),
    weight: integer(),
    /** A ballot cast by proxy (volmacht): the holder's member code and name. */
    by: z.optional(z.string()),
    byName: z.optional(z.string()),
    choices: z.array(BallotChoiceSchema),
  }),
  { id: 'BallotAdmin' },
);
export const RollCallEntrySchema = BallotAdminSchema;
export type RollCallEntry = z.infer<typeof BallotAdminSchema>;

/** What public and admin views of a round share. */
const roundFields = {
  id: integer(),
  /** The round's number in its meeting (1, 2, … in the order of creation, practice rounds included): the one every person reads. */
  number: integer(),
  meetingId: integer(),
  state: z.enum(ROUND_STATES),
  motionIds: z.array(integer()),
  /** A proefstemming: its motions are practice motions and nothing of it counts as a decision. */
  practice: z.boolean(),
  secret: z.boolean(),
  allowChange: z.boolean(),
  showLive: z.boolean(),
  majority: z.enum(MAJORITIES),
  quorumPercent: integer(),
  createdAt: z.string(),
  openedAt: z.nullable(z.string()),
  closedAt: z.nullable(z.string()),
  cancelledAt: z.nullable(z.string()),
  cancelReason: z.nullable(z.string()),
  /** Head hash of the meeting's audit chain recorded at close. */
  headHash: z.nullable(z.string()),
  /** Members and weight that voted so far (always given, also for hidden rounds). */
  voted: WeightCountSchema,
  tallies: z.optional(z.array(TallySchema)),
};
/**
 * Each member's choices: the admin's in an open round; after close in the admin's view, the public
 * exports (report, CSV, voting record) and `GET /api/rounds/:id/roll-call`; never in a secret round,
 * never in a public round view or event (a 100,000-member roll call is 13 MB).
 */
const rollCallField = { rollCall: z.optional(z.array(BallotAdminSchema)) };

const noSecretRollCall = (r: { secret: boolean; rollCall?: unknown }) => !(r.secret && r.rollCall !== undefined);
/** A secret round shows no figures before it closes (a cancelled one never), to anyone: docs/api.md. */
const noSecretFiguresBeforeClose = (r: { secret: boolean; state: string; tallies?: unknown }) => !(r.secret && r.state !== 'closed' && r.tallies !== undefined);

const noHiddenLiveTallies = (r: { state: string; showLive: boolean; tallies?: unknown }) => !(r.state === 'open' && !r.showLive && r.tallies !== undefined);

/**
 * A round as the public sees it (GET /api/rounds/:id without credentials, `/live`, `/kiosk`, the
 * relays). The serializer parses every answer and event with it: a field not named here never
 * reaches the public (a roll call is dropped: it is `GET /api/rounds/:id/roll-call`), and the
 * tallies of a secret round not yet closed, or of an open round without live figures, fail instead
 * of leaving. Every public event of a round is a few hundred bytes, whatever the meeting's size.
 */
export const RoundPublicSchema = meta(
  checked(
    z.object(roundFields),
    z.refine(noSecretFiguresBeforeClose, { message: 'a secret round has no tallies before its close', path: ['tallies'] }),
    z.refine(noHiddenLiveTallies, { message: 'an open round without live figures shows the public no tallies', path: ['tallies'] }),
  ),
  { id: 'RoundPublic' },
);
export type PublicRound = z.infer<typeof RoundPublicSchema>;

/**
 * A round as the public exports print it (report, results CSV, voting record): the public view and,
 * once an open round has closed, its roll call. Not an answer or an event of its own.
 */
export const RoundPublicExportSchema = checked(
  z.object({ ...roundFields, ...rollCallField }),
  z.refine(noSecretRollCall, { message: 'a secret round has no roll call', path: ['rollCall'] }),
  z.refine((r) => r.rollCall === undefined || r.state === 'closed', { message: 'the public gets a roll call only after close', path: ['rollCall'] }),
  z.refine(noSecretFiguresBeforeClose, { message: 'a secret round has no tallies before its close', path: ['tallies'] }),
  z.refine(noHiddenLiveTallies, { message: 'an open round without live figures shows the public no tallies', path: ['tallies'] }),
);

/** A round as the chair sees it (admin credentials, `/chair`): the public view and who has not voted yet. */
export const RoundAdminSchema = meta(
  checked(
    z.object({
      ...roundFields,
      ...rollCallField,
      /** Open round: present members that have not voted yet. */
      notVoted: z.optional(z.array(MemberRefSchema)),
    }),
    z.refine(noSecretRollCall, { message: 'a secret round has no roll call', path: ['rollCall'] }),
    z.refine(noSecretFiguresBeforeClose, { message: 'a secret round has no tallies before its close', path: ['tallies'] }),
  ),
  { id: 'RoundAdmin' },
);
export type AdminRound = z.infer<typeof RoundAdminSchema>;

/** A round as a client may hold it, from either view (the admin view is the wider one). */
export type Round = AdminRound;

/** The schema of each audience's view of a round: exports shape what they print with it too. */
export const RoundViewSchemas = { public: RoundPublicExportSchema, admin: RoundAdminSchema } as const;

/**
 * `GET /api/rounds/:id/roll-call`: who voted what in an open (not secret) round, public once it has
 * closed (then immutable, sent with `Cache-Control: public, max-age=31536000, immutable`), the
 * admin's while it is open. Sorted by name.
 */
export const RollCallSchema = meta(z.object({ roundId: integer(), entries: z.array(BallotAdminSchema) }), { id: 'RollCall' });
export type RollCall = z.infer<typeof RollCallSchema>;

// ---------- the order of voting ----------

/** `GET /api/meetings/:id/voting-order[?motionIds=1,2]` (shared/voting-order.ts computes it). */
export const VotingOrderQuerySchema = z.object({
  motionIds: z.optional(
    z.pipe(
      str(z.regex(/^\d{1,12}(,\d{1,12}){0,199}$/, 'motion ids separated by commas')),
      z.transform((s: string) => s.split(',').map(Number)),
    ),
  ),
});
const proposalId = integer();
const proposalRef = z.string();
const amendmentIds = z.array(integer());
const amendmentRefs = z.array(z.string());
export const VotingOrderSchema = z.object({
  /** Every motion of the meeting in the usual voting order: amendments before the proposal they amend. */
  order: z.array(integer()),
  /** The motion the chair usually puts to the vote next (not decided, in no draft or open round, not a practice vote held already). */
  next: z.nullable(integer()),
  /** Per undecided proposal with undecided amendments: "eerst amendement 8a.A1, dan voorstel 8a.P". */
  steps: z.array(z.object({ proposalId, proposalRef, amendmentIds, amendmentRefs, text: z.string() })),
  /** For the motions named in `motionIds`: a proposal whose amendments are not decided yet, or chosen with them. */
  warnings: z.array(
    z.object({ kind: z.enum(['amendment-pending', 'amendment-with-proposal']), proposalId, proposalRef, amendmentIds, amendmentRefs, message: z.string() }),
  ),
});
export type VotingOrder = z.infer<typeof VotingOrderSchema>;

// ---------- the voting record (stemgedrag) ----------

/**
 * What a member did on one motion, as the voting record says it: `voor`, `tegen`, `onthouding`,
 * `niet gestemd` (present when the round closed, no ballot), `afwezig` (not present when it closed),
 * or a split as `voor 50 / tegen 20 / onthouding 5`.
 */
export const VOTING_RECORD_WORDS = { for: 'voor', against: 'tegen', abstain: 'onthouding', notVoted: 'niet gestemd', absent: 'afwezig' } as const;
export const VotingRecordSchema = z.object({
  meetingId: integer(),
  /** One column per motion, in agenda order: the last closed round on it, when that was open (not secret, not practice). */
  motions: z.array(
    z.object({
      id: integer(),
      ref: z.string(),
      title: z.string(),
      kind: z.enum(MOTION_KINDS),
      roundId: integer(),
      outcome: z.nullable(z.enum(OUTCOMES)),
    }),
  ),
  /** One row per member that had a card in the meeting, by name; `cells` in the order of `motions`. */
  rows: z.array(z.object({ memberCode: z.string(), name: z.string(), weight: integer(), cells: z.array(z.string()) })),
});
export type VotingRecord = z.infer<typeof VotingRecordSchema>;

// ---------- manual results (chair) ----------

export const ManualResultSchema = z.object({
  outcome: z.enum(OUTCOMES),
  for: z.nullable(integer(z.nonnegative())),
  against: z.nullable(integer(z.nonnegative())),
  abstain: z.nullable(integer(z.nonnegative())),
  note: z.nullable(z.string()),
  recordedAt: z.string(),
});
export type ManualResult = z.infer<typeof ManualResultSchema>;

// ---------- backups (admin) ----------

/** An online backup: its file name in the backups folder, when it was taken, its size. */
export const BackupSchema = z.object({ file: z.string(), at: z.string(), bytes: integer() });
export type Backup = z.infer<typeof BackupSchema>;

// ---------- audit ----------

export const AuditEntrySchema = z.object({
  seq: integer(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  data: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export const AuditVerifySchema = z.union([
  z.object({ ok: z.literal(true), entries: integer(), head: z.string() }),
  z.object({ ok: z.literal(false), brokenAt: integer(), entries: z.optional(integer()), problems: z.optional(z.array(z.string())) }),
]);
export type AuditVerify = z.infer<typeof AuditVerifySchema>;

export const SessionLoginSchema = z.object({ token: str(z.minLength(1), z.maxLength(200)) });

// ---------- answers without a domain object ----------

/** `{"ok":true}`: the login, logout, a revoked card, /healthz. */
export const OkSchema = z.object({ ok: z.literal(true) });
export const AgendaCreatedSchema = z.object({ items: z.array(AgendaItemSchema) });

/** Bodies that are not JSON (PDF, CSV, NDJSON): documented as files, never parsed (sent as they are). */
export const FileSchema = meta(z.unknown(), { type: 'string', format: 'binary', description: 'file contents (not JSON)' });

// ---------- live feed events ----------

/** `snapshot` on /live and /kiosk: public views only. */
export const SnapshotPublicSchema = z.object({ meeting: MeetingSchema, rounds: z.array(RoundPublicSchema), presence: PresencePublicSchema, projector: ProjectorSchema });
/** `snapshot` on /chair. */
export const SnapshotAdminSchema = z.object({ meeting: MeetingSchema, rounds: z.array(RoundAdminSchema), presence: PresencePublicSchema, projector: ProjectorSchema });
