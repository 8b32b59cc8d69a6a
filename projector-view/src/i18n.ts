/**
 * Words of the projector and the public pages that are not domain labels (those are in
 * shared/labels.ts): one table per page plus the words several pages share, and one `t` per page, so
 * that a page's bundle carries only its own words (each page is built on its own, see
 * scripts/build-clients.js).
 */
import { wordsOf } from '../../client-kit/words.ts';
import type { Lang } from '../../shared/errors.ts';

export type { Lang };

export function langFromSearch(search: string): Lang {
  return new URLSearchParams(search).get('lang') === 'en' ? 'en' : 'nl';
}

/** Words more than one page uses. */
const COMMON = {
  appName: { nl: 'Stemkaart', en: 'Stemkaart' },
  live: { nl: 'Live', en: 'Live' },
  loadError: { nl: 'De vergadering kon niet worden geladen.', en: 'The meeting could not be loaded.' },
  noMeeting: { nl: 'Er is nog geen vergadering.', en: 'There is no meeting yet.' },
  otherLanguage: { nl: 'English', en: 'Nederlands' },
  motion: { nl: 'Voorstel', en: 'Motion' },
  votingRecord: { nl: 'Stemgedrag', en: 'Voting record' },
  checkReceipt: { nl: 'Uw stem controleren', en: 'Check your vote' },
} satisfies Record<string, Record<Lang, string>>;

/** The projector (index.html: main.ts, view-model.ts with live-state.ts, tally-view.ts and agenda-view.ts, render.ts). */
const PROJECTOR = {
  roundOpen: { nl: 'Stemming geopend', en: 'Voting open' },
  roundClosed: { nl: 'Stemming gesloten', en: 'Voting closed' },
  roundCancelled: { nl: 'Stemming geannuleerd', en: 'Round cancelled' },
  practiceOpen: { nl: 'Proefstemming geopend', en: 'Practice vote open' },
  practiceClosed: { nl: 'Proefstemming gesloten', en: 'Practice vote closed' },
  practiceCancelled: { nl: 'Proefstemming geannuleerd', en: 'Practice vote cancelled' },
  connecting: { nl: 'Verbinden…', en: 'Connecting…' },
  disconnected: {
    nl: 'Verbinding verbroken. De cijfers hieronder zijn mogelijk niet actueel; opnieuw verbinden…',
    en: 'Connection lost. The figures below may be out of date; reconnecting…',
  },
  disconnectedShort: { nl: 'Niet actueel', en: 'Not up to date' },
  noRound: { nl: 'Er is op dit moment geen stemming.', en: 'No vote at the moment.' },
  roundCancelledNote: {
    nl: 'De stemmen van deze ronde tellen niet mee.',
    en: 'The ballots of this round do not count.',
  },
  secret: { nl: 'Geheime stemming', en: 'Secret ballot' },
  hidden: { nl: 'Uitslag na sluiting', en: 'Result after closing' },
  manual: { nl: 'Handmatig vastgesteld', en: 'Recorded by hand' },
  required: { nl: '{rule} vereist', en: '{rule} required' },
  quorumMet: { nl: 'Quorum gehaald', en: 'Quorum met' },
  quorumNotMet: { nl: 'Quorum niet gehaald', en: 'Quorum not met' },
  present: { nl: 'Aanwezig', en: 'Present' },
  byProxy: { nl: 'waarvan {count} bij volmacht', en: '{count} of them by proxy' },
  voted: { nl: 'Gestemd', en: 'Voted' },
  turnoutBar: { nl: 'Opkomst: gestemd gewicht van het aanwezige gewicht', en: 'Turnout: weight voted of the weight present' },
  turnout: { nl: 'Opkomst', en: 'Turnout' },
  submittedBy: { nl: 'Ingediend door', en: 'Submitted by' },
  amends: { nl: 'Wijzigt', en: 'Amends' },
  abstainNote: { nl: 'telt niet mee', en: 'not counted' },
  overview: { nl: 'Alle voorstellen', en: 'All motions' },
  headHash: { nl: 'Controlecode auditlog na sluiting', en: 'Audit log head after closing' },
  practiceNoDecision: { nl: 'Geen besluit: dit was een proefstemming', en: 'No decision: this was a practice vote' },
  practiceFlag: { nl: 'PROEFSTEMMING · telt niet mee voor een besluit', en: 'PRACTICE VOTE · decides nothing' },
  cancelReason: { nl: 'Reden van annulering', en: 'Reason for cancelling' },
  needMoreThan: { nl: 'Nodig: meer dan {pct} voor', en: 'Needed: more than {pct} for' },
  needAtLeast: { nl: 'Nodig: {pct} of meer voor', en: 'Needed: {pct} or more for' },
  quorumLabel: { nl: 'Quorum {pct}%', en: 'Quorum {pct}%' },
  quorumPresent: { nl: 'aanwezig', en: 'present' },
  quorumAtClose: { nl: 'wordt bij het sluiten vastgesteld', en: 'determined at closing' },
  ofPresent: { nl: 'van het aanwezige stemgewicht', en: 'of the weight present' },
  turnoutPct: { nl: 'Opkomst', en: 'Turnout' },
  presentOfEntitled: { nl: 'Aanwezig van het totale stemgewicht, met de lijn van het quorum', en: 'Present of the total voting weight, with the line of the quorum' },
  supportedBy: { nl: 'Gesteund door', en: 'Supported by' },
  noText: { nl: 'Voor dit voorstel is geen tekst ingevoerd.', en: 'No text has been entered for this motion.' },
  textContinues: { nl: 'De tekst gaat verder: zie de vergaderstukken.', en: 'The text continues: see the meeting papers.' },
  percentBase: { nl: 'Percentages van voor + tegen; onthoudingen tellen niet mee.', en: 'Percentages of for + against; abstentions do not count.' },
} satisfies Record<string, Record<Lang, string>>;

/** The meeting list (/). */
const HOME = {
  meetings: { nl: 'Vergaderingen', en: 'Meetings' },
  today: { nl: 'vandaag', en: 'today' },
  followLive: { nl: 'Live volgen', en: 'Follow live' },
  publicIntro: {
    nl: 'Volg de stemmingen van de vergadering live: de gewogen stemmen per voorstel, de opkomst en de uitslag.',
    en: 'Follow the votes of the meeting live: the weighted votes per motion, the turnout and the outcome.',
  },
} satisfies Record<string, Record<Lang, string>>;

/** The header of the voting record and the receipt check (public-page.ts). */
const PUBLIC_PAGE = {
  backToMeetings: { nl: 'Alle vergaderingen', en: 'All meetings' },
} satisfies Record<string, Record<Lang, string>>;

/** The voting record (record.html). */
const RECORD = {
  votingRecordIntro: {
    nl: 'Hoe elk lid heeft gestemd bij de openbare stemmingen van deze vergadering, per voorstel. Geheime stemmingen en proefstemmingen staan er niet in. De lijst groeit na elke gesloten stemming.',
    en: 'How each member voted in the open votes of this meeting, per motion. Secret votes and practice votes are not included. The list grows after every closed vote.',
  },
  votingRecordEmpty: { nl: 'In deze vergadering is nog geen openbare stemming gesloten.', en: 'No open vote of this meeting has been closed yet.' },
  votingRecordCaption: { nl: 'Stemgedrag per lid en voorstel', en: 'Voting record per member and motion' },
  downloadCsv: { nl: 'Download als CSV (voor Excel)', en: 'Download as CSV (for Excel)' },
  downloadJson: { nl: 'Download als JSON', en: 'Download as JSON' },
  member: { nl: 'Lid', en: 'Member' },
  weight: { nl: 'Stemgewicht', en: 'Voting weight' },
  tableScroll: { nl: 'Tabel stemgedrag (scrolt opzij)', en: 'Voting record table (scrolls sideways)' },
} satisfies Record<string, Record<Lang, string>>;

/** The receipt check (receipt.html). */
const RECEIPT = {
  checkReceiptIntro: {
    nl: 'Na het stemmen toont de stemzuil een ontvangstcode, zoals K7Q2-M9XD-3HFA. Na het sluiten van een stemming staat elke stem met haar code in de openbare lijst, zonder naam of gewicht. Typ uw code om te zien dat uw stem is meegeteld zoals u haar uitbracht.',
    en: 'After voting, the kiosk shows a receipt code such as K7Q2-M9XD-3HFA. Once a vote has closed, every ballot is listed publicly with its code, without name or weight. Type your code to see that your vote was counted as you cast it.',
  },
  receiptLabel: { nl: 'Ontvangstcode', en: 'Receipt code' },
  receiptHint: { nl: '12 letters en cijfers; streepjes en spaties mogen.', en: '12 letters and digits; dashes and spaces are fine.' },
  check: { nl: 'Controleren', en: 'Check' },
  searching: { nl: 'Zoeken in de gepubliceerde stemmen…', en: 'Searching the published ballots…' },
  receiptBadFormat: {
    nl: 'Een ontvangstcode heeft 12 tekens (letters en cijfers), zoals K7Q2-M9XD-3HFA.',
    en: 'A receipt code has 12 characters (letters and digits), such as K7Q2-M9XD-3HFA.',
  },
  receiptFound: { nl: 'Gevonden: uw stem is meegeteld in de stemming over {refs}.', en: 'Found: your vote was counted in the vote on {refs}.' },
  receiptNotFound: {
    nl: 'Deze code staat niet in de gepubliceerde stemmen van deze vergadering. Controleer de code. Een stem verschijnt pas in de lijst als de stemming gesloten is.',
    en: 'This code is not among the published ballots of this meeting. Check the code. A ballot only appears once its vote has closed.',
  },
  stillOpen: { nl: 'De stemming over {refs} is nog open: die stemmen verschijnen na het sluiten.', en: 'The vote on {refs} is still open: its ballots appear after closing.' },
  yourChoices: { nl: 'Uw stem zoals gepubliceerd', en: 'Your ballot as published' },
  choice: { nl: 'Keuze', en: 'Choice' },
  allBallots: { nl: 'Alle gepubliceerde stemmen van deze stemming (JSON)', en: 'All published ballots of this vote (JSON)' },
  practiceRound: { nl: 'proefstemming', en: 'practice vote' },
  splitChoice: { nl: 'voor {for} / tegen {against} / onthouding {abstain}', en: 'for {for} / against {against} / abstain {abstain}' },
} satisfies Record<string, Record<Lang, string>>;

// Marked pure, and no `{ ...spread }` (a bundler keeps a spread, which may run getters): a page that
// does not use another page's `t` does not carry that page's words.
export const projectorT = /* @__PURE__ */ wordsOf(/* @__PURE__ */ Object.assign({}, COMMON, PROJECTOR));
export const homeT = /* @__PURE__ */ wordsOf(/* @__PURE__ */ Object.assign({}, COMMON, HOME));
export const publicPageT = /* @__PURE__ */ wordsOf(/* @__PURE__ */ Object.assign({}, COMMON, PUBLIC_PAGE));
export const recordT = /* @__PURE__ */ wordsOf(/* @__PURE__ */ Object.assign({}, COMMON, RECORD));
export const receiptT = /* @__PURE__ */ wordsOf(/* @__PURE__ */ Object.assign({}, COMMON, RECEIPT));
