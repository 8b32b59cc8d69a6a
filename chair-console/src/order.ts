/**
 * Agenda order and the usual voting order. The logic is shared with the server (its
 * `GET /api/meetings/:id/voting-order` answers with the same functions): see shared/voting-order.ts.
 */
export {
  displayOrder,
  isUndecided,
  isVotable,
  listRefs,
  motionsInPlay,
  orderSentence,
  orderSteps,
  orderWarnings,
  practiceHeld,
  projectedOutcome,
  sortForVote,
  suggestNext,
  voteOrder,
  warningMessage,
  type OrderStep,
  type OrderWarning,
  type PlacedMotion,
} from '../../shared/voting-order.ts';
