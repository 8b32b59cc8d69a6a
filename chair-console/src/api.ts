/**
 * Every HTTP call of the chair console, through the kit's API client: the session cookie (httpOnly,
 * set by POST /api/session) authenticates, each answer is checked by its schema of shared/, and a
 * refusal is an ApiFailure whose message is the server's sentence in the console's language.
 */
import * as z from 'zod/mini';
import { ApiFailure, createApi, type ApiOptions } from '../../client-kit/api.ts';
import { CardStateSchema, type ManualResultInput } from '../../shared/chair.ts';
import {
  AuditVerifySchema,
  CheckinResultSchema,
  IssuedCardsSchema,
  KioskPinStateSchema,
  KioskSchema,
  MeetingDetailSchema,
  MeetingSchema,
  MemberSchema,
  MotionSchema,
  OkSchema,
  PairedKioskSchema,
  PresentMemberSchema,
  ProxySchema,
  ProjectorSchema,
  RoundAdminSchema,
  AgendaItemSchema,
  VotingOrderSchema,
  type AgendaItemPatch,
  type KioskMode,
  type MotionPatch,
  type Projector,
  type RoundCreate,
} from '../../shared/schemas.ts';
// `GET /api/meetings/:id/secret-round-check`: the server's schema, what the console shows before a secret round is opened.
import { SecrecyCheckSchema, SecretRoundCheckSchema } from '../../shared/secrecy.ts';


export type CardOutcome = { kind: 'pdf'; url: string; filename: string } | { kind: 'codes'; cards: { memberCode: string; code: string }[] };

export type ChairApi = ReturnType<typeof createChairApi>;

export function createChairApi(options: ApiOptions) {
  const api = createApi(options);
  const member = (meetingId: number, memberCode: string) => `/api/meetings/${meetingId}/cards/${encodeURIComponent(memberCode)}`;
  return {
    // ---------- session ----------
    async sessionActive(): Promise<boolean> {
      try {
        await api.get('/api/session', OkSchema);
        return true;
      } catch (error) {
        if (error instanceof ApiFailure && error.status === 401) return false;
        throw error;
      }
    },
    login: (token: string) => api.post('/api/session', OkSchema, { token }),
    logout: () => api.delete('/api/session', OkSchema),

    // ---------- meetings, members, agenda ----------
    listMeetings: () => api.get('/api/meetings', z.array(MeetingSchema)),
    getMeeting: (id: number) => api.get(`/api/meetings/${id}`, MeetingDetailSchema),
    listMembers: () => api.get('/api/members', z.array(MemberSchema)),
    withdrawMotion: (motionId: number) => api.post(`/api/motions/${motionId}/withdraw`, MotionSchema),
    recordManualResult: (motionId: number, input: ManualResultInput) => api.post(`/api/motions/${motionId}/manual-result`, MotionSchema, input),
    patchMotion: (motionId: number, patch: MotionPatch) => api.patch(`/api/motions/${motionId}`, MotionSchema, patch),
    deleteMotion: (motionId: number) => api.delete(`/api/motions/${motionId}`, z.unknown()),
    patchItem: (itemId: number, patch: AgendaItemPatch) => api.patch(`/api/agenda-items/${itemId}`, AgendaItemSchema, patch),
    deleteItem: (itemId: number) => api.delete(`/api/agenda-items/${itemId}`, z.unknown()),
    /** The usual order of voting and, for the motions named, the warnings (in the console's language). */
    votingOrder: (meetingId: number, motionIds: number[] = []) =>
      api.get(`/api/meetings/${meetingId}/voting-order${motionIds.length ? `?motionIds=${motionIds.join(',')}` : ''}`, VotingOrderSchema),

    // ---------- the projector ----------
    getProjector: (meetingId: number) => api.get(`/api/meetings/${meetingId}/projector`, ProjectorSchema),
    setProjector: (meetingId: number, projector: Projector) => api.put(`/api/meetings/${meetingId}/projector`, ProjectorSchema, projector),
    secretRoundCheck: (meetingId: number) => api.get(`/api/meetings/${meetingId}/secret-round-check`, SecretRoundCheckSchema),

    // ---------- rounds ----------
    getRound: (id: number) => api.get(`/api/rounds/${id}`, RoundAdminSchema),
    createRound: (meetingId: number, options: RoundCreate) => api.post(`/api/meetings/${meetingId}/rounds`, RoundAdminSchema, options),
    openRound: (id: number) => api.post(`/api/rounds/${id}/open`, RoundAdminSchema),
    /** `confirmSmall`: the chair confirmed the close of a secret round with fewer ballots than the minimum. */
    closeRound: (id: number, confirmSmall = false) => api.post(`/api/rounds/${id}/close`, RoundAdminSchema, confirmSmall ? { confirmSmall: true } : undefined),
    secrecyCheck: (id: number) => api.get(`/api/rounds/${id}/secrecy-check`, SecrecyCheckSchema),
    cancelRound: (id: number, reason: string) => api.post(`/api/rounds/${id}/cancel`, RoundAdminSchema, reason ? { reason } : {}),
    revoteRound: (id: number) => api.post(`/api/rounds/${id}/revote`, RoundAdminSchema),

    // ---------- presence ----------
    listPresence: (meetingId: number) => api.get(`/api/meetings/${meetingId}/presence`, z.array(PresentMemberSchema)),
    listProxies: (meetingId: number) => api.get(`/api/meetings/${meetingId}/proxies`, z.array(ProxySchema)),
    addProxy: (meetingId: number, input: { principal: string; holder: string; reference: string | null }) => api.post(`/api/meetings/${meetingId}/proxies`, ProxySchema, input),
    endProxy: (proxyId: number) => api.delete(`/api/proxies/${proxyId}`, ProxySchema),
    setPresence: (meetingId: number, memberCode: string, direction: 'in' | 'out') =>
      api.post(`/api/meetings/${meetingId}/presence`, CheckinResultSchema, { memberCode, direction }),

    // ---------- cards ----------
    /** Reissue asks for the printable card; a server without PDF support answers JSON with the code. */
    async reissueCard(meetingId: number, memberCode: string): Promise<CardOutcome> {
      const response = await api.fetchRaw('POST', `${member(meetingId, memberCode)}/reissue`, 'application/pdf, application/json;q=0.5');
      if ((response.headers.get('content-type') ?? '').includes('application/pdf')) {
        const filename = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `stemkaart-${memberCode}.pdf`;
        return { kind: 'pdf', url: URL.createObjectURL(await response.blob()), filename };
      }
      const parsed = IssuedCardsSchema.safeParse(await response.json().catch(() => null));
      if (!parsed.success) throw new ApiFailure('bad_response', response.status, null, options.lang());
      return { kind: 'codes', cards: parsed.data.cards };
    },
    listCards: (meetingId: number) => api.get(`/api/meetings/${meetingId}/cards`, z.array(CardStateSchema)),
    revokeCard: (meetingId: number, memberCode: string) => api.post(`${member(meetingId, memberCode)}/revoke`, OkSchema),

    // ---------- kiosks ----------
    listKiosks: (meetingId: number) => api.get(`/api/meetings/${meetingId}/kiosks`, z.array(KioskSchema)),
    pairKiosk: (meetingId: number, name: string, mode: KioskMode) => api.post(`/api/meetings/${meetingId}/kiosks`, PairedKioskSchema, { name, mode }),
    revokeKiosk: (kioskId: number) => api.delete(`/api/kiosks/${kioskId}`, KioskSchema),
    getKioskPin: (meetingId: number) => api.get(`/api/meetings/${meetingId}/kiosk-pin`, KioskPinStateSchema),
    setKioskPin: (meetingId: number, pin: string | null) => api.put(`/api/meetings/${meetingId}/kiosk-pin`, KioskPinStateSchema, { pin }),

    // ---------- results and audit ----------
    verifyAudit: (meetingId: number) => api.get(`/api/meetings/${meetingId}/audit/verify`, AuditVerifySchema),
  };
}

export const resultsCsvUrl = (roundId: number) => `/api/rounds/${roundId}/results.csv`;
export const votingRecordUrl = (meetingId: number, format: 'csv' | 'json') => `/api/meetings/${meetingId}/voting-record.${format}`;
export const reportPdfUrl = (meetingId: number) => `/api/meetings/${meetingId}/report.pdf`;
