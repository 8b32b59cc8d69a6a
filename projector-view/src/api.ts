/** The projector's calls to the HTTP API: public and read-only, each answer checked by its shared schema. */
import * as z from 'zod/mini';
import { createApi } from '../../client-kit/api.ts';
import { MeetingDetailSchema, MeetingSchema, MemberSchema, type Meeting, type MeetingDetail } from '../../shared/schemas.ts';
import type { Lang } from './i18n.ts';

export interface ProjectorApi {
  listMeetings(): Promise<Meeting[]>;
  getMeeting(id: number): Promise<MeetingDetail>;
  /** Member code → name, to show who submitted a motion. */
  memberNames(): Promise<Map<string, string>>;
}

export function createProjectorApi(lang: Lang): ProjectorApi {
  const api = createApi({ lang: () => lang });
  return {
    listMeetings: () => api.get('/api/meetings', z.array(MeetingSchema)),
    getMeeting: (id) => api.get(`/api/meetings/${id}`, MeetingDetailSchema),
    memberNames: async () => new Map((await api.get('/api/members', z.array(MemberSchema))).map((m) => [m.code, m.name])),
  };
}
