/**
 * The projector's and the public pages' calls to the HTTP API: public and read-only, each answer
 * checked by its shared schema. One function per call, not one object with every call, so that a
 * page's bundle carries only the schemas of the calls it makes (the meeting list loads no ballot).
 */
import * as z from 'zod/mini';
import { createApi, type ApiClient } from '../../client-kit/api.ts';
import {
  BallotPublicSchema,
  MeetingDetailSchema,
  MeetingSchema,
  MemberSchema,
  VotingRecordSchema,
  type Meeting,
  type MeetingDetail,
  type PublicBallot,
  type VotingRecord,
} from '../../shared/schemas.ts';
import type { Lang } from './i18n.ts';

export const publicApi = (lang: Lang): ApiClient => createApi({ lang: () => lang });

export const listMeetings = (api: ApiClient): Promise<Meeting[]> => api.get('/api/meetings', z.array(MeetingSchema));

export const getMeeting = (api: ApiClient, id: number): Promise<MeetingDetail> => api.get(`/api/meetings/${id}`, MeetingDetailSchema);

/** Member code → name, to show who submitted a motion. */
export const memberNames = async (api: ApiClient): Promise<Map<string, string>> =>
  new Map((await api.get('/api/members', z.array(MemberSchema))).map((m) => [m.code, m.name]));

/** The voting record (stemgedrag) of a meeting so far. */
export const votingRecord = (api: ApiClient, meetingId: number): Promise<VotingRecord> =>
  api.get(`/api/meetings/${meetingId}/voting-record.json`, VotingRecordSchema);

/** The published ballots of a closed round: receipt and choices, nothing else. */
export const ballots = (api: ApiClient, roundId: number): Promise<PublicBallot[]> => api.get(`/api/rounds/${roundId}/ballots`, z.array(BallotPublicSchema));

/** Paths of the public pages (served with the projector under /projector/). */
export const PUBLIC_PATHS = {
  live: (meetingId: number, lang: Lang) => `/projector?meeting=${meetingId}${lang === 'en' ? '&lang=en' : ''}`,
  record: (meetingId: number, lang: Lang) => `/projector/record.html?meeting=${meetingId}${lang === 'en' ? '&lang=en' : ''}`,
  receipt: (meetingId: number, lang: Lang) => `/projector/receipt.html?meeting=${meetingId}${lang === 'en' ? '&lang=en' : ''}`,
  home: (lang: Lang) => (lang === 'en' ? '/?lang=en' : '/'),
};
