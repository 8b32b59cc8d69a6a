/** The console's own words, Dutch first. Domain words (choices, statuses, ...) come from shared/labels.ts. */
import type { Lang } from '../../shared/errors.ts';

const STRINGS = {
  appTitle: { nl: 'Stemkaart — voorzitter', en: 'Stemkaart — chair' },
  skipLink: { nl: 'Naar de inhoud', en: 'Skip to content' },
  switchLang: { nl: 'English', en: 'Nederlands' },
  switchLangLabel: { nl: 'Switch to English', en: 'Schakel naar Nederlands' },
  logout: { nl: 'Uitloggen', en: 'Log out' },
  loading: { nl: 'Laden…', en: 'Loading…' },

  loginTitle: { nl: 'Inloggen als voorzitter', en: 'Chair login' },
  loginIntro: {
    nl: 'Voer de beheersleutel in die bij de start van de server is getoond of door de organisatie is verstrekt.',
    en: 'Enter the admin token printed when the server started or given to you by the organisers.',
  },
  tokenLabel: { nl: 'Beheersleutel', en: 'Admin token' },
  loginButton: { nl: 'Inloggen', en: 'Log in' },
  loggedOut: { nl: 'U bent uitgelogd.', en: 'You are logged out.' },

  meetingsTitle: { nl: 'Kies een vergadering', en: 'Choose a meeting' },
  noMeetings: { nl: 'Er zijn nog geen vergaderingen.', en: 'There are no meetings yet.' },
  otherMeeting: { nl: 'Andere vergadering', en: 'Other meeting' },
  checkInRequired: { nl: 'aanmelden bij de ingang verplicht', en: 'check-in at the entrance required' },
  checkInNotRequired: { nl: 'geen aanmelding bij de ingang', en: 'no check-in at the entrance' },

  tabVote: { nl: 'Stemmen', en: 'Votes' },
  tabAgenda: { nl: 'Agenda', en: 'Agenda' },
  tabPresence: { nl: 'Aanwezigheid', en: 'Presence' },
  tabCards: { nl: 'Stemkaarten', en: 'Cards' },
  tabKiosks: { nl: 'Kiosken', en: 'Kiosks' },
  tabResults: { nl: 'Resultaten', en: 'Results' },
  sections: { nl: 'Onderdelen', en: 'Sections' },

  present: { nl: 'Aanwezig', en: 'Present' },
  members: { nl: 'leden', en: 'members' },
  votes: { nl: 'stemmen', en: 'votes' },
  liveOn: { nl: 'Live verbonden', en: 'Live connected' },
  liveOff: { nl: 'Live verbinding verbroken — gegevens worden elke paar seconden opgehaald', en: 'Live connection lost — refreshing every few seconds' },

  // rounds
  openRoundTitle: { nl: 'Lopende stemronde {id}', en: 'Open round {id}' },
  openedAt: { nl: 'geopend om {time}', en: 'opened at {time}' },
  elapsed: { nl: 'Tijd sinds opening', en: 'Time since opening' },
  noOpenRound: { nl: 'Er is geen stemronde geopend.', en: 'No round is open.' },
  turnout: { nl: 'Opkomst', en: 'Turnout' },
  presentNow: { nl: 'Aanwezig', en: 'Present' },
  voted: { nl: 'Gestemd', en: 'Voted' },
  membersWeight: { nl: '{count} leden · {weight} stemmen', en: '{count} members · {weight} votes' },
  weightVotes: { nl: '{weight} stemmen', en: '{weight} votes' },
  countMembers: { nl: '{count} leden', en: '{count} members' },
  liveShort: { nl: 'Live', en: 'Live' },
  offlineShort: { nl: 'Niet live', en: 'Not live' },
  manualResultsTitle: { nl: 'Handmatig vastgestelde uitslagen', en: 'Results recorded by hand' },
  noManualResults: { nl: 'Geen.', en: 'None.' },
  votedShare: { nl: '{pct}% van het aanwezige gewicht', en: '{pct}% of the weight present' },
  notVotedTitle: { nl: 'Aanwezig, nog niet gestemd ({count})', en: 'Present, not voted yet ({count})' },
  notVotedNone: { nl: 'Alle aanwezige leden hebben gestemd.', en: 'Every member present has voted.' },
  notVotedSecretOnly: { nl: 'Niet beschikbaar.', en: 'Not available.' },
  hiddenFromPublic: { nl: 'Tussenstand verborgen voor publiek', en: 'Live tally hidden from the public' },
  shownToPublic: { nl: 'Tussenstand zichtbaar voor publiek', en: 'Live tally shown to the public' },
  tallyCaption: { nl: 'Tussenstand per voorstel (gewogen stemmen, aantal leden tussen haakjes)', en: 'Tally per motion (weighted votes, number of members in brackets)' },
  finalCaption: { nl: 'Uitslag per voorstel (gewogen stemmen, aantal leden tussen haakjes)', en: 'Result per motion (weighted votes, number of members in brackets)' },
  motion: { nl: 'Voorstel', en: 'Motion' },
  secretNoTally: {
    nl: 'Geheime stemming: de uitslag wordt pas bij het sluiten geteld, ook voor de voorzitter.',
    en: 'Secret vote: the result is counted only at close, for the chair too.',
  },
  noTallyYet: { nl: 'De tussenstand is nog niet beschikbaar.', en: 'The tally is not available yet.' },
  currently: { nl: 'Nu', en: 'Now' },
  outcome: { nl: 'Uitslag', en: 'Outcome' },
  quorumNotMet: { nl: 'quorum niet gehaald', en: 'quorum not met' },
  tie: { nl: 'staking van stemmen: verworpen', en: 'tied vote: rejected' },
  closeRound: { nl: 'Stemming sluiten', en: 'Close the vote' },
  cancelRound: { nl: 'Annuleren', en: 'Cancel' },
  revote: { nl: 'Herstemming', en: 'Revote' },
  openRound: { nl: 'Openen', en: 'Open' },
  confirmCloseTitle: { nl: 'Stemronde {id} sluiten?', en: 'Close round {id}?' },
  confirmCloseText: {
    nl: 'Na het sluiten kan niemand meer stemmen en wordt de uitslag vastgesteld. {notVoted} aanwezige leden hebben nog niet gestemd.',
    en: 'After closing nobody can vote any more and the outcome is fixed. {notVoted} members present have not voted yet.',
  },
  confirmCloseButton: { nl: 'Ja, sluiten', en: 'Yes, close' },
  back: { nl: 'Terug', en: 'Back' },
  cancelTitle: { nl: 'Stemronde {id} annuleren', en: 'Cancel round {id}' },
  cancelText: {
    nl: 'De uitgebrachte stemmen blijven bewaard voor de controle, maar tellen niet mee. De reden komt in het auditlog.',
    en: 'Ballots cast are kept for the audit but count for nothing. The reason goes into the audit log.',
  },
  cancelReason: { nl: 'Reden', en: 'Reason' },
  cancelReasonRequired: { nl: 'Vul een reden in.', en: 'Please give a reason.' },
  cancelButton: { nl: 'Stemronde annuleren', en: 'Cancel the round' },
  revoteTitle: { nl: 'Herstemming over stemronde {id}', en: 'Revote of round {id}' },
  revoteTextOpen: {
    nl: 'De stemronde wordt geannuleerd (reden: herstemming) en er wordt direct een nieuwe stemronde geopend over dezelfde voorstellen met dezelfde instellingen. Alle leden stemmen opnieuw.',
    en: 'The round is cancelled (reason: revote) and a new round on the same motions with the same options is opened at once. Every member votes again.',
  },
  revoteTextClosed: {
    nl: 'De uitslag van deze stemronde wordt vervangen: er wordt direct een nieuwe stemronde geopend over dezelfde voorstellen met dezelfde instellingen. Alle leden stemmen opnieuw.',
    en: 'The result of this round is replaced: a new round on the same motions with the same options is opened at once. Every member votes again.',
  },
  revoteButton: { nl: 'Herstemming openen', en: 'Open the revote' },
  revoteDone: { nl: 'Herstemming geopend: stemronde {id}.', en: 'Revote opened: round {id}.' },
  roundOpened: { nl: 'Stemronde {id} is geopend.', en: 'Round {id} is open.' },
  roundCreated: { nl: 'Stemronde {id} is voorbereid.', en: 'Round {id} is prepared.' },
  roundClosed: { nl: 'Stemronde {id} is gesloten.', en: 'Round {id} is closed.' },
  roundCancelled: { nl: 'Stemronde {id} is geannuleerd.', en: 'Round {id} is cancelled.' },
  draftRounds: { nl: 'Voorbereide stemrondes', en: 'Prepared rounds' },
  newRound: { nl: 'Nieuwe stemronde', en: 'New round' },
  chooseMotions: { nl: 'Kies de voorstellen', en: 'Choose the motions' },
  suggestion: { nl: 'Gebruikelijke volgorde: als volgende {ref} — {title}', en: 'Usual order: next is {ref} — {title}' },
  useSuggestion: { nl: 'Kies {ref}', en: 'Choose {ref}' },
  nothingLeft: { nl: 'Alle voorstellen zijn in stemming gebracht of afgehandeld.', en: 'Every motion has been put to the vote or dealt with.' },
  warnAmendmentPending: {
    nl: 'Let op: over de amendementen {amendments} op {proposal} is nog niet gestemd. Gebruikelijk is eerst de amendementen.',
    en: 'Note: the amendments {amendments} of {proposal} have not been voted yet. Amendments usually come first.',
  },
  warnTogether: {
    nl: 'Een amendement ({amendments}) en het voorstel dat het wijzigt ({proposal}) kunnen niet in één stemronde.',
    en: 'An amendment ({amendments}) and the proposal it amends ({proposal}) cannot be in one round.',
  },
  chosenOrder: { nl: 'Volgorde op het stembiljet: {refs}', en: 'Order on the ballot: {refs}' },
  options: { nl: 'Instellingen', en: 'Options' },
  ballotKind: { nl: 'Soort stemming', en: 'Kind of vote' },
  openVote: { nl: 'Open (hoofdelijk, per lid gepubliceerd)', en: 'Open (roll call, published per member)' },
  secretVote: { nl: 'Geheim', en: 'Secret' },
  allowChange: { nl: 'Stem wijzigen toegestaan tot sluiten', en: 'Votes may be changed until close' },
  allowChangeSecret: { nl: 'Niet mogelijk bij een geheime stemming.', en: 'Not possible in a secret vote.' },
  showLive: { nl: 'Tussenstand tonen op het scherm in de zaal', en: 'Show the live tally on the hall screen' },
  majority: { nl: 'Meerderheid', en: 'Majority' },
  simpleMajority: { nl: 'Gewone meerderheid', en: 'Simple majority' },
  twoThirds: { nl: 'Twee derde', en: 'Two thirds' },
  quorum: { nl: 'Quorum (% van het gewicht van alle stemgerechtigden)', en: 'Quorum (% of the weight of all entitled members)' },
  createDraft: { nl: 'Voorbereiden', en: 'Prepare' },
  createAndOpen: { nl: 'Voorbereiden en openen', en: 'Prepare and open' },
  chooseAtLeastOne: { nl: 'Kies ten minste één voorstel.', en: 'Choose at least one motion.' },
  roundHistory: { nl: 'Eerdere stemrondes', en: 'Earlier rounds' },
  noRounds: { nl: 'Nog geen stemrondes.', en: 'No rounds yet.' },
  roundLabel: { nl: 'Stemronde {id}', en: 'Round {id}' },
  secretBadge: { nl: 'Geheim', en: 'Secret' },
  openBadge: { nl: 'Open', en: 'Open' },
  changeBadge: { nl: 'Wijzigen mag', en: 'Changes allowed' },
  twoThirdsBadge: { nl: 'Twee derde', en: 'Two thirds' },
  simpleBadge: { nl: 'Gewone meerderheid', en: 'Simple majority' },
  quorumBadge: { nl: 'Quorum {pct}%', en: 'Quorum {pct}%' },
  hiddenBadge: { nl: 'Tussenstand verborgen', en: 'Live tally hidden' },
  reason: { nl: 'Reden: {reason}', en: 'Reason: {reason}' },
  closedAt: { nl: 'gesloten om {time}', en: 'closed at {time}' },
  cancelledAt: { nl: 'geannuleerd om {time}', en: 'cancelled at {time}' },
  headHash: { nl: 'Auditketen bij sluiten', en: 'Audit chain at close' },
  resultsCsv: { nl: 'Resultaten (CSV)', en: 'Results (CSV)' },
  anotherOpen: { nl: 'Sluit of annuleer eerst de lopende stemronde.', en: 'Close or cancel the open round first.' },

  // agenda
  agendaTitle: { nl: 'Agenda', en: 'Agenda' },
  itemLabel: { nl: 'Agendapunt {number}', en: 'Agenda item {number}' },
  submitters: { nl: 'Indieners', en: 'Submitted by' },
  supporters: { nl: 'Ondersteund door', en: 'Supported by' },
  submittedOn: { nl: 'Ingediend op', en: 'Submitted on' },
  amends: { nl: 'Wijzigt {ref}', en: 'Amends {ref}' },
  noMotions: { nl: 'Geen voorstellen bij dit punt.', en: 'No motions for this item.' },
  manualResult: { nl: 'Handmatige uitslag', en: 'Manual result' },
  manualMark: { nl: 'Handmatig vastgesteld', en: 'Recorded by hand' },
  manualFigures: { nl: 'voor {for}, tegen {against}, onthouding {abstain}', en: 'for {for}, against {against}, abstain {abstain}' },
  manualTitle: { nl: 'Handmatige uitslag voor {ref}', en: 'Manual result for {ref}' },
  manualIntro: {
    nl: 'Gebruik dit als de kiosken niet gebruikt kunnen worden: de uitslag wordt vastgesteld door het opsteken van de stemkaarten en overal als handmatig gemarkeerd.',
    en: 'Use this when the kiosks cannot be used: the outcome is decided by a show of cards and marked as manual everywhere.',
  },
  manualFiguresLegend: { nl: 'Getelde stemmen (indien geteld)', en: 'Votes counted (if counted)' },
  note: { nl: 'Toelichting', en: 'Note' },
  manualSave: { nl: 'Uitslag vastleggen', en: 'Record the result' },
  manualSaved: { nl: 'De handmatige uitslag van {ref} is vastgelegd.', en: 'The manual result of {ref} is recorded.' },
  chooseOutcome: { nl: 'Kies aangenomen of verworpen.', en: 'Choose adopted or rejected.' },
  withdraw: { nl: 'Intrekken', en: 'Withdraw' },
  withdrawTitle: { nl: '{ref} intrekken?', en: 'Withdraw {ref}?' },
  withdrawText: { nl: 'Een ingetrokken voorstel kan niet meer in stemming worden gebracht.', en: 'A withdrawn motion cannot be put to the vote any more.' },
  withdrawn: { nl: '{ref} is ingetrokken.', en: '{ref} is withdrawn.' },
  showDetails: { nl: 'Samenvatting', en: 'Summary' },

  // presence
  presenceTitle: { nl: 'Presentielijst', en: 'Presence register' },
  presenceSummary: { nl: '{count} leden aanwezig met samen {weight} stemmen', en: '{count} members present with {weight} votes in all' },
  manualCheck: { nl: 'Handmatig aan- of afmelden', en: 'Check in or out by hand' },
  manualCheckHelp: { nl: 'Bijvoorbeeld bij een beschadigde kaart. Wordt vastgelegd in het auditlog.', en: 'For example when a card is damaged. Recorded in the audit log.' },
  member: { nl: 'Lid', en: 'Member' },
  memberPlaceholder: { nl: 'naam of code, bijv. Utrecht of GM0344', en: 'name or code, e.g. Utrecht or GM0344' },
  checkIn: { nl: 'Aanmelden', en: 'Check in' },
  checkOut: { nl: 'Afmelden', en: 'Check out' },
  checkOutMember: { nl: '{name} afmelden', en: 'Check out {name}' },
  unknownMember: { nl: 'Kies een lid uit de lijst.', en: 'Choose a member from the list.' },
  checkedIn: { nl: '{name} is aangemeld.', en: '{name} is checked in.' },
  checkedOut: { nl: '{name} is afgemeld.', en: '{name} is checked out.' },
  filter: { nl: 'Zoeken', en: 'Search' },
  name: { nl: 'Naam', en: 'Name' },
  code: { nl: 'Code', en: 'Code' },
  weight: { nl: 'Gewicht', en: 'Weight' },
  since: { nl: 'Sinds', en: 'Since' },
  actions: { nl: 'Acties', en: 'Actions' },
  nobodyPresent: { nl: 'Nog niemand aanwezig.', en: 'Nobody present yet.' },
  noMatch: { nl: 'Geen leden gevonden.', en: 'No members found.' },
  moreMatches: { nl: 'en nog {count}; verfijn de zoekopdracht.', en: 'and {count} more; refine the search.' },

  // cards
  cardsTitle: { nl: 'Stemkaarten', en: 'Voting cards' },
  cardsIntro: {
    nl: 'Een verloren of beschadigde kaart vervangen: de oude kaart wordt direct ingetrokken en werkt niet meer.',
    en: 'Replace a lost or damaged card: the old card is revoked at once and stops working.',
  },
  findMember: { nl: 'Zoek een lid', en: 'Find a member' },
  reissue: { nl: 'Nieuwe kaart', en: 'New card' },
  reissueFor: { nl: 'Nieuwe kaart voor {name}', en: 'New card for {name}' },
  revoke: { nl: 'Intrekken', en: 'Revoke' },
  revokeFor: { nl: 'Kaart van {name} intrekken', en: 'Revoke the card of {name}' },
  reissueTitle: { nl: 'Nieuwe kaart voor {name}?', en: 'New card for {name}?' },
  reissueText: { nl: 'De huidige kaart wordt ingetrokken en werkt daarna niet meer.', en: 'The current card is revoked and stops working.' },
  revokeTitle: { nl: 'Kaart van {name} intrekken?', en: 'Revoke the card of {name}?' },
  revokeText: { nl: 'De kaart werkt daarna niet meer. Het lid kan pas weer stemmen met een nieuwe kaart.', en: 'The card stops working. The member can vote again only with a new card.' },
  reissued: { nl: 'Er is een nieuwe kaart uitgegeven voor {name}.', en: 'A new card was issued for {name}.' },
  revoked: { nl: 'De kaart van {name} is ingetrokken.', en: 'The card of {name} is revoked.' },
  cardState: { nl: 'Kaart', en: 'Card' },
  cardActive: { nl: 'Geldig', en: 'Active' },
  cardRevoked: { nl: 'Ingetrokken', en: 'Revoked' },
  cardNone: { nl: 'Geen kaart', en: 'No card' },
  printCard: { nl: 'Nieuwe kaart downloaden om af te drukken (PDF)', en: 'Download the new card to print (PDF)' },
  newCode: { nl: 'Nieuwe kaartcode (alleen nu zichtbaar)', en: 'New card code (shown only now)' },

  // kiosks
  kiosksTitle: { nl: 'Kiosken', en: 'Kiosks' },
  pairKiosk: { nl: 'Kiosk koppelen', en: 'Pair a kiosk' },
  kioskName: { nl: 'Naam', en: 'Name' },
  kioskNamePlaceholder: { nl: 'bijv. Stemtafel 1', en: 'e.g. Voting desk 1' },
  kioskMode: { nl: 'Functie', en: 'Mode' },
  modeVoting: { nl: 'Stemmen', en: 'Voting' },
  modeCheckin: { nl: 'Registratie (in- en uitchecken)', en: 'Registration (check-in and out)' },
  pairButton: { nl: 'Koppelen', en: 'Pair' },
  paired: { nl: 'Kiosk “{name}” is gekoppeld. Open de link of scan de QR-code op het apparaat.', en: 'Kiosk “{name}” is paired. Open the link or scan the QR code on the device.' },
  kioskUrl: { nl: 'Link voor de kiosk', en: 'Kiosk link' },
  qrAlt: { nl: 'QR-code met de link voor kiosk {name}', en: 'QR code with the link for kiosk {name}' },
  qrFailed: { nl: 'De QR-code kon niet worden gemaakt; gebruik de link.', en: 'The QR code could not be made; use the link.' },
  copy: { nl: 'Link kopiëren', en: 'Copy link' },
  copied: { nl: 'Gekopieerd.', en: 'Copied.' },
  kioskUrlSecret: { nl: 'Deze link bevat de sleutel van de kiosk en wordt maar één keer getoond.', en: 'This link holds the kiosk’s key and is shown only once.' },
  kioskList: { nl: 'Gekoppelde kiosken', en: 'Paired kiosks' },
  noKiosks: { nl: 'Nog geen kiosken gekoppeld.', en: 'No kiosks paired yet.' },
  pairedAt: { nl: 'Gekoppeld', en: 'Paired' },
  state: { nl: 'Status', en: 'State' },
  active: { nl: 'Actief', en: 'Active' },
  revokedState: { nl: 'Ingetrokken', en: 'Revoked' },
  revokeKiosk: { nl: 'Kiosk {name} intrekken', en: 'Revoke kiosk {name}' },
  revokeKioskTitle: { nl: 'Kiosk “{name}” intrekken?', en: 'Revoke kiosk “{name}”?' },
  revokeKioskText: { nl: 'De kiosk kan daarna direct niets meer doen.', en: 'The kiosk can do nothing any more, at once.' },
  kioskRevoked: { nl: 'Kiosk “{name}” is ingetrokken.', en: 'Kiosk “{name}” is revoked.' },
  nameRequired: { nl: 'Vul een naam in.', en: 'Please give a name.' },

  // results
  resultsTitle: { nl: 'Resultaten', en: 'Results' },
  report: { nl: 'Verslag van de vergadering (PDF)', en: 'Meeting report (PDF)' },
  auditTitle: { nl: 'Auditlog', en: 'Audit log' },
  auditOk: { nl: 'De auditketen klopt: {entries} regels.', en: 'The audit chain verifies: {entries} entries.' },
  auditBroken: { nl: 'De auditketen is verbroken bij regel {seq}.', en: 'The audit chain is broken at entry {seq}.' },
  auditHead: { nl: 'Laatste hash', en: 'Head hash' },
  auditCheck: { nl: 'Opnieuw controleren', en: 'Check again' },
  auditUnknown: { nl: 'Nog niet gecontroleerd.', en: 'Not checked yet.' },
  roundsTable: { nl: 'Stemrondes', en: 'Rounds' },
  round: { nl: 'Ronde', en: 'Round' },
  motions: { nl: 'Voorstellen', en: 'Motions' },
  download: { nl: 'Download', en: 'Download' },
  csvFor: { nl: 'Resultaten van stemronde {id} (CSV)', en: 'Results of round {id} (CSV)' },
} satisfies Record<string, Record<Lang, string>>;

export type StringKey = keyof typeof STRINGS;

let current: Lang = (() => {
  try {
    return localStorage.getItem('stemkaart.chair.lang') === 'en' ? 'en' : 'nl';
  } catch {
    return 'nl';
  }
})();

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  current = next;
  try {
    localStorage.setItem('stemkaart.chair.lang', next);
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.documentElement.lang = next;
}

export function t(key: StringKey, vars: Record<string, string | number> = {}): string {
  return STRINGS[key][current].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** A label from shared/labels.ts in the current language. */
export function label<K extends string>(labels: Record<K, Record<Lang, string>>, key: K): string {
  return labels[key]?.[current] ?? key;
}
