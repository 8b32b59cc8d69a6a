/** The projector's only way to the HTTP API: public, read-only calls. */
import type { Meeting, MeetingDetail, Member } from '../../shared/schemas.ts';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

async function getJson<T>(path: string, lang: string): Promise<T> {
  const response = await fetch(path, { headers: { Accept: 'application/json', 'Accept-Language': lang } });
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const body = (await response.json()) as { message?: string };
      if (body.message) message = body.message;
    } catch {
      // not JSON: keep the status line
    }
    throw new HttpError(response.status, message);
  }
  return (await response.json()) as T;
}

export function listMeetings(lang: string): Promise<Meeting[]> {
  return getJson<Meeting[]>('/api/meetings', lang);
}

export function getMeeting(id: number, lang: string): Promise<MeetingDetail> {
  return getJson<MeetingDetail>(`/api/meetings/${id}`, lang);
}

/** Names of the members, to show who submitted a motion. */
export async function memberNames(lang: string): Promise<Map<string, string>> {
  const members = await getJson<Member[]>('/api/members', lang);
  return new Map(members.map((m) => [m.code, m.name]));
}
