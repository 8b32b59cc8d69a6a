/** `GET /api/meetings/:id/voting-order`: the shared voting-order rules applied to a meeting. */
import type { Lang } from '../../../shared/errors.ts';
import type { MeetingDetail, Motion, VotingOrder } from '../../../shared/schemas.ts';
import { motionsInPlay, orderSentence, orderSteps, orderWarnings, practiceHeld, suggestNext, voteOrder, warningMessage } from '../../../shared/voting-order.ts';

const refs = (proposal: Motion, amendments: Motion[]) => ({
  proposalId: proposal.id,
  proposalRef: proposal.ref,
  amendmentIds: amendments.map((a) => a.id),
  amendmentRefs: amendments.map((a) => a.ref),
});

export function votingOrder(meeting: MeetingDetail, chosen: number[], lang: Lang): VotingOrder {
  const next = suggestNext(meeting.agenda, motionsInPlay(meeting.rounds), practiceHeld(meeting.rounds));
  return {
    order: voteOrder(meeting.agenda).map((m) => m.id),
    next: next?.id ?? null,
    steps: orderSteps(meeting.agenda).map((s) => ({ ...refs(s.proposal, s.amendments), text: orderSentence(s.proposal, s.amendments, lang) })),
    warnings: orderWarnings(meeting.agenda, new Set(chosen)).map((w) => ({ kind: w.kind, ...refs(w.proposal, w.amendments), message: warningMessage(w, lang) })),
  };
}
