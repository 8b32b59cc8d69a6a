/** The projector's and the public pages' calls to the HTTP API: public and read-only, each answer checked by its shared schema. */
import * as z from 'zod/mini';
import { createApi } from '../../client-kit/api.ts';
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

export interface ProjectorApi {
  listMeetings(): Promise<Meeting[]>;
  getMeeting(id: number): Promise<MeetingDetail>;
  /** Member code → name, to show who submitted a motion. */
  memberNames(): Promise<Map<string, string>>;
  /** The voting record (stemgedrag) of a meeting so far. */
  votingRecord(meetingId: number): Promise<VotingRecord>;
  /** The published ballots of a closed round: receipt and choices, nothing else. */
  ballots(roundId: number): Promise<PublicBallot[]>;
}

export function createProjectorApi(lang: Lang): ProjectorApi {
  const api = createApi({ lang: () => lang });
  return {
    listMeetings: () => api.get('/api/meetings', z.array(MeetingSchema)),
    getMeeting: (id) => api.get(`/api/meetings/${id}`, MeetingDetailSchema),
    memberNames: async () => new Map((await api.get('/api/members', z.array(MemberSchema))).map((m) => [m.code, m.name])),
    votingRecord: (meetingId) => api.get(`/api/meetings/${meetingId}/voting-record.json`, VotingRecordSchema),
    ballots: (roundId) => api.get(`/api/rounds/${roundId}/ballots`, z.array(BallotPublicSchema)),
  };
}

/** Paths of the public pages (served with the projector under /projector/). */
export const PUBLIC_PATHS = {
  live: (meetingId: number, lang: Lang) => `/projector?meeting=${meetingId}${lang === 'en' ? '&lang=en' : ''}`,
  record: (meetingId: number, lang: Lang) => `/projector/record.html?meeting=${meetingId}${lang === 'en' ? '&lang=en' : ''}`,
  receipt: (meetingId: number, lang: Lang) => `/projector/receipt.html?meeting=${meetingId}${lang === 'en' ? '&lang=en' : ''}`,
  home: (lang: Lang) => (lang === 'en' ? '/?lang=en' : '/'),
};
