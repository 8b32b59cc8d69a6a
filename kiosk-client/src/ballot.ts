/**
 * The ballot flow, one chunk loaded apart from the kiosk's first screen (issue 17: the idle kiosk
 * loaded and compiled the whole ballot it shows only after a scan). The page prefetches it once it
 * is up (a `<link rel="prefetch">` written by vite.config.ts) and runs it at the first card
 * (main.ts: `loadBallot`).
 */
export { idleWarning, votingScreen } from './ballot-views.ts';
export { DEFAULT_VOTING_TIMING, makeNonce, VotingMachine } from './voting.ts';
