import type { MeetingDetail, PresenceSummary, RoundState } from '../../../shared/schemas.ts';
import type { MeetingsService } from './meetings.service.ts';

/**
 * `GET /api/meetings/:id`: the meeting with its agenda, its rounds and who is present. Composed from
 * the services that own each part (given as the little it needs of them, so meetings stays below
 * rounds and presence).
 */
export function createMeetingDetail(deps: {
  meetings: MeetingsService;
  rounds: { summaries(meetingId: number): { id: number; number: number; state: RoundState; motionIds: number[]; practice: boolean }[] };
  presence: { summary(meetingId: number): PresenceSummary };
}): (meetingId: number) => MeetingDetail {
  const { meetings, rounds, presence } = deps;
  return (id) => ({
    ...meetings.get(id),
    agenda: meetings.agenda(id),
    rounds: rounds.summaries(id),
    presence: presence.summary(id),
  });
}
