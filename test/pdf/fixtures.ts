/** A small finished meeting in the shapes of shared/schemas.ts, for the report and CSV tests. */
import type { MeetingDetail, Motion, Round, Tally } from '../../shared/schemas.ts';

function motion(id: number, ref: string, title: string, extra: Partial<Motion> = {}): Motion {
  return {
    id,
    ref,
    kind: 'motion',
    title,
    submitters: [],
    supporters: [],
    submittedOn: null,
    summary: null,
    text: null,
    boardAdvice: 'none',
    boardAdviceText: null,
    amends: null,
    status: 'submitted',
    manualResult: null,
    ...extra,
  };
}

export const MEMBERS = [
  { memberCode: 'GM0518', name: "'s-Gravenhage", weight: 75 },
  { memberCode: 'GM1900', name: 'Súdwest-Fryslân', weight: 75 },
  { memberCode: 'GM0363', name: 'Amsterdam', weight: 75 },
  { memberCode: 'GM0088', name: 'Schiermonnikoog', weight: 1 },
  { memberCode: 'GM0820', name: 'Nuenen, Gerwen en Nederwetten', weight: 24 },
];

function tally(motionId: number, ref: string, f: [number, number], a: [number, number], ab: [number, number], outcome: Tally['outcome'], extra: Partial<Tally> = {}): Tally {
  const cast = { weight: f[0] + a[0] + ab[0], count: f[1] + a[1] + ab[1] };
  return {
    motionId,
    ref,
    for: { weight: f[0], count: f[1] },
    against: { weight: a[0], count: a[1] },
    abstain: { weight: ab[0], count: ab[1] },
    cast,
    present: { weight: 250, count: 5 },
    entitled: { weight: 250, count: 5 },
    outcome,
    tie: false,
    quorumMet: true,
    ...extra,
  };
}

const HEAD = 'a3f1c0de'.repeat(8);

export const meeting: MeetingDetail = {
  id: 1,
  title: 'Najaars ALV 2023',
  date: '2023-12-01',
  venue: 'Beatrixtheater, Utrecht',
  requireCheckIn: true,
  allowSplit: false,
  secretMinBallots: 5,
  timeZone: 'Europe/Amsterdam',
  weightsFrozen: true,
  proxies: { allowed: false, maxPerHolder: 1 },
  createdAt: '2023-11-01T09:00:00.000Z',
  presence: { count: 5, weight: 250 },
  agenda: [
    {
      id: 1,
      number: '7',
      title: 'Kaders VNG-inzet kabinetsformatie',
      motions: [
        motion(1, '7.1', 'Goed beleid = integraal beleid', { status: 'adopted', boardAdvice: 'adopt' }),
        motion(2, '7.2', 'Herstel financiële verhouding met nieuwe regering', { status: 'rejected' }),
      ],
    },
    {
      id: 2,
      number: '8',
      title: 'Begroting 2024',
      motions: [
        motion(3, '8.P', 'Begroting 2024', { kind: 'proposal', status: 'adopted' }),
        motion(4, '8.A1', '=Amendement "lagere contributie"; met puntkomma', { kind: 'amendment', amends: '8.P', status: 'adopted', manualResult: { outcome: 'adopted', for: 180, against: 70, abstain: null, note: 'Met handopsteken, storing scanners', recordedAt: '2023-12-01T14:40:00.000Z' } }),
        motion(5, '8.M', 'Motie ingetrokken', { status: 'withdrawn' }),
      ],
    },
  ],
  rounds: [
    { id: 10, number: 2, state: 'closed', motionIds: [1, 2], practice: false },
    { id: 11, number: 3, state: 'cancelled', motionIds: [3], practice: false },
    { id: 12, number: 4, state: 'closed', motionIds: [3], practice: false },
  ],
};

const roundBase = {
  meetingId: 1,
  practice: false,
  allowChange: false,
  showLive: true,
  quorumPercent: 0,
  createdAt: '2023-12-01T13:00:00.000Z',
  cancelledAt: null,
  cancelReason: null,
  headHash: HEAD,
  voted: { weight: 250, count: 5 },
};

export const openRound: Round = {
  ...roundBase,
  id: 10,
  number: 2,
  state: 'closed',
  motionIds: [1, 2],
  secret: false,
  majority: 'simple',
  quorumPercent: 50,
  openedAt: '2023-12-01T13:05:00.000Z',
  closedAt: '2023-12-01T13:10:00.000Z',
  tallies: [tally(1, '7.1', [175, 3], [75, 2], [0, 0], 'adopted'), tally(2, '7.2', [100, 2], [150, 3], [0, 0], 'rejected')],
  rollCall: MEMBERS.map((m, i) => ({
    ...m,
    choices: [
      { motionId: 1, choice: i === 2 || i === 4 ? 'against' : 'for' },
      { motionId: 2, choice: i < 2 ? 'for' : 'against' },
    ],
  })) as Round['rollCall'],
};
// Member weights above: 75+75+1 for and 75+24 against on 7.1 → fixture figures kept simple, not recomputed.

export const cancelledRound: Round = {
  ...roundBase,
  id: 11,
  number: 3,
  state: 'cancelled',
  motionIds: [3],
  secret: true,
  majority: 'two_thirds',
  openedAt: '2023-12-01T13:20:00.000Z',
  closedAt: null,
  cancelledAt: '2023-12-01T13:22:00.000Z',
  cancelReason: 'Verkeerde kiosk-instelling',
  headHash: null,
  tallies: [tally(3, '8.P', [0, 0], [0, 0], [0, 0], null)],
};

export const secretRound: Round = {
  ...roundBase,
  id: 12,
  number: 4,
  state: 'closed',
  motionIds: [3],
  secret: true,
  majority: 'two_thirds',
  openedAt: '2023-12-01T13:30:00.000Z',
  closedAt: '2023-12-01T13:35:00.000Z',
  tallies: [tally(3, '8.P', [200, 4], [50, 1], [0, 0], 'adopted')],
};

export const rounds = [openRound, cancelledRound, secretRound];
export const auditHead = HEAD;

/** The meeting above with an opening item holding a practice motion, and the practice round held on it. */
export const practiceMotion = motion(6, '1.P', 'Proefstemming: werkt uw stemkaart?', { kind: 'practice' });
export const meetingWithPractice: MeetingDetail = {
  ...meeting,
  agenda: [{ id: 3, number: '1', title: 'Opening', motions: [practiceMotion] }, ...meeting.agenda],
  rounds: [{ id: 9, number: 1, state: 'closed', motionIds: [6], practice: true }, ...meeting.rounds],
};
export const practiceRound: Round = {
  ...roundBase,
  id: 9,
  number: 1,
  state: 'closed',
  motionIds: [6],
  practice: true,
  secret: false,
  majority: 'simple',
  openedAt: '2023-12-01T12:55:00.000Z',
  closedAt: '2023-12-01T12:58:00.000Z',
  voted: { weight: 226, count: 4 },
  tallies: [tally(6, '1.P', [151, 3], [75, 1], [0, 0], 'adopted')],
  rollCall: MEMBERS.slice(0, 4).map((m, i) => ({ ...m, choices: [{ motionId: 6, choice: i === 3 ? 'against' : 'for' }] })) as Round['rollCall'],
};
