/**
 * Every HTTP call of the kiosk (docs/api.md), through the kit's API client: each answer is checked
 * against its schema of shared/schemas.ts, each failure is an `ApiFailure` with the contract's reason.
 */
import { createApi, type ApiOptions } from '../../client-kit/api.ts';
import {
  BallotReceiptSchema,
  CheckinResultSchema,
  KioskIdentitySchema,
  KioskPinStateSchema,
  MeetingDetailSchema,
  ScanResultSchema,
  type BallotChoice,
  type BallotReceipt,
  type CheckinResult,
  type KioskIdentity,
  type KioskPinState,
  type MeetingDetail,
  type MemberRef,
  type ScanResult,
} from '../../shared/schemas.ts';

export type { KioskIdentity };
export type KioskScan = ScanResult;
export type KioskMember = MemberRef;
export type ScanMotion = ScanResult['round']['motions'][number];
export type KioskCheckin = CheckinResult;
export type KioskMeeting = MeetingDetail;

export interface BallotInput {
  code: string;
  roundId: number;
  choices: BallotChoice[];
  nonce: string;
  /** A ballot by proxy: the principal's member code. */
  onBehalfOf?: string;
}

export interface KioskApi {
  me(): Promise<KioskIdentity>;
  meeting(id: number): Promise<KioskMeeting>;
  checkin(code: string, direction: 'in' | 'out'): Promise<KioskCheckin>;
  scan(code: string): Promise<KioskScan>;
  castBallot(input: BallotInput): Promise<BallotReceipt>;
  /** Whether the meeting's kiosks ask a staff PIN before Beheer (staff-pin.ts). */
  staffPinState(): Promise<KioskPinState>;
  /** Resolves when the PIN is right; rejects with 403 when wrong, 429 after too many. */
  checkStaffPin(pin: string): Promise<KioskPinState>;
}

export function createKioskApi(options: ApiOptions & { token: string }): KioskApi {
  const api = createApi({ timeoutMs: 10_000, ...options });
  return {
    me: () => api.get('/api/kiosk/me', KioskIdentitySchema),
    // Public: the kiosk's token is not shown to a route that does not need it.
    meeting: (id) => api.get(`/api/meetings/${id}`, MeetingDetailSchema, { anonymous: true }),
    checkin: (code, direction) => api.post('/api/checkins', CheckinResultSchema, { code, direction }),
    scan: (code) => api.post('/api/scan', ScanResultSchema, { code }),
    castBallot: (input) => api.post('/api/ballots', BallotReceiptSchema, input),
    staffPinState: () => api.get('/api/kiosk/staff-pin', KioskPinStateSchema),
    checkStaffPin: (pin) => api.post('/api/kiosk/staff-pin', KioskPinStateSchema, { pin }),
  };
}
