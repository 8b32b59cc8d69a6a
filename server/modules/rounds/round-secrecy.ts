/**
 * What a secret round's figures may give away: the chair's warning before opening one (how few are
 * present, how many weigh what nobody else present weighs), and, while one is open, how many ballots
 * it has and whose choice its totals would make known. Reads the database: nothing on the ballot path.
 */
import { byName } from '../../lib/collate.ts';
import { ApiError } from '../../../shared/errors.ts';
import { revealedWeights, secretRoundCheck, type SecrecyCheck, type SecretRoundCheck } from '../../../shared/secrecy.ts';
import type { CardsService } from '../cards/cards.service.ts';
import type { MeetingsService } from '../meetings/meetings.service.ts';
import type { MembersService } from '../members/members.service.ts';
import type { PresenceService } from '../presence/presence.service.ts';
import type { RoundBallots } from './round-ballots.ts';
import type { RoundRow, RoundRows } from './round-rows.ts';
import type { SecretBallots } from './secret-ballots.ts';

export type RoundSecrecy = ReturnType<typeof createRoundSecrecy>;

export function createRoundSecrecy(deps: {
  meetings: MeetingsService;
  members: MembersService;
  cards: CardsService;
  presence: PresenceService;
  rows: RoundRows;
  ballots: RoundBallots;
  secretBallots: SecretBallots;
}) {
  const { meetings, members, cards, presence, rows, ballots, secretBallots } = deps;

  /**
   * How many ballots an open secret round has, the meeting's minimum, and the voters whose choice
   * on a motion its totals would make known (exact when found within 200 ms). Reads the round's
   * ballots and voters from the database: nothing on the ballot path.
   */
  function secrecyFigures(row: RoundRow): SecrecyCheck {
    const voters = ballots.participants(row.id);
    const byMotion = new Map<number, { weight: number; choice: 'for' | 'against' | 'abstain' }[]>();
    for (const motionId of rows.motionIds(row.id)) byMotion.set(motionId, []);
    for (const b of secretBallots.eachOpen(row.id)) {
      for (const c of JSON.parse(b.choices) as { motionId: number; choice: 'for' | 'against' | 'abstain' }[]) byMotion.get(c.motionId)?.push({ weight: b.weight, choice: c.choice });
    }
    const deadline = Date.now() + 200;
    const revealed: SecrecyCheck['revealed'] = [];
    for (const [motionId, cast] of byMotion) {
      const { weights } = revealedWeights(cast, deadline);
      const named = voters.filter((v) => weights.has(v.weight)).map((v) => members.byId(v.member_id)!);
      for (const m of named.sort(byName)) revealed.push({ memberCode: m.code, name: m.name, motionId });
    }
    return { ballots: voters.length, min: meetings.get(row.meeting_id).secretMinBallots, revealed };
  }

  return {
    figures: secrecyFigures,
    /** What the chair is warned of before opening a secret round: how few members are present, and how many weigh what nobody else present weighs. */
    secretRoundCheck(meetingId: number): SecretRoundCheck {
      meetings.get(meetingId);
      const entitled = cards.entitled(meetingId);
      const weights: number[] = [];
      for (const memberId of presence.presentIds(meetingId)) {
        const w = entitled.get(memberId);
        if (w !== undefined) weights.push(w);
      }
      return secretRoundCheck(weights);
    },

    /** `GET /api/rounds/:id/secrecy-check`: the figures of an open secret round. */
    secrecyCheck(id: number): SecrecyCheck {
      const row = rows.row(id);
      if (row.state !== 'open' || !row.secret) throw new ApiError('invalid_state', { nl: `Stemronde ${id} is geen geopende geheime stemming.`, en: `Round ${id} is not an open secret round.` });
      return secrecyFigures(row);
    },
  };
}
