/**
 * Every sentence the kiosk shows, Dutch first, English on the switch. Error reasons of the contract
 * (shared/errors.ts) each get a sentence written for the person at the desk, with what to do next.
 */
import type { ErrorReason, Lang } from '../../shared/errors.ts';
import type { FailureReason } from '../../client-kit/api.ts';
import { wordsOf } from '../../client-kit/words.ts';

type Text = Record<Lang, string>;

/** One sentence (title) and what to do (hint), per reason a kiosk can meet. */
export interface ReasonText {
  title: Text;
  hint: Text;
}

export const REASON_TEXTS: Record<FailureReason, ReasonText> = {
  unknown_card: {
    title: { nl: 'Deze stemkaart is onbekend', en: 'This voting card is unknown' },
    hint: {
      nl: 'De kaart kon niet worden gelezen of hoort niet bij Stemkaart. Scan opnieuw of meld u bij de registratiebalie.',
      en: 'The card could not be read or is not a Stemkaart card. Scan again or go to the registration desk.',
    },
  },
  revoked_card: {
    title: { nl: 'Deze stemkaart is ingetrokken', en: 'This voting card has been revoked' },
    hint: {
      nl: 'Er is een nieuwe kaart voor uw gemeente uitgegeven. Meld u bij de registratiebalie.',
      en: 'A new card has been issued for your municipality. Please go to the registration desk.',
    },
  },
  wrong_meeting: {
    title: { nl: 'Deze stemkaart hoort bij een andere vergadering', en: 'This voting card belongs to another meeting' },
    hint: { nl: 'Gebruik de stemkaart van deze vergadering.', en: 'Please use the voting card of this meeting.' },
  },
  not_checked_in: {
    title: { nl: 'U bent niet aangemeld als aanwezig', en: 'You are not checked in' },
    hint: {
      nl: 'Scan uw stemkaart eerst bij de ingang (registratiebalie) en kom dan terug.',
      en: 'Please scan your card at the entrance (registration desk) first, then come back.',
    },
  },
  no_open_round: {
    title: { nl: 'Er is op dit moment geen stemming geopend', en: 'No vote is open at the moment' },
    hint: {
      nl: 'Wacht tot de voorzitter de stemming opent en scan dan opnieuw.',
      en: 'Wait until the chair opens the vote, then scan again.',
    },
  },
  round_closed: {
    title: { nl: 'De stemming is gesloten', en: 'The vote has closed' },
    hint: {
      nl: 'Uw stem is niet uitgebracht: de stemming werd gesloten voordat uw stem binnen was.',
      en: 'Your vote was not cast: the vote closed before your ballot arrived.',
    },
  },
  already_voted: {
    title: { nl: 'U hebt in deze stemming al gestemd', en: 'You have already voted in this round' },
    hint: {
      nl: 'Uw eerdere stem telt. In deze stemming kan een stem niet worden gewijzigd.',
      en: 'Your earlier vote counts. Votes cannot be changed in this round.',
    },
  },
  invalid_choices: {
    title: { nl: 'De keuzes klopten niet met de stemming', en: 'The choices did not match the round' },
    hint: {
      nl: 'Er is niets uitgebracht. Scan uw kaart opnieuw en maak uw keuzes opnieuw.',
      en: 'Nothing was cast. Scan your card again and make your choices again.',
    },
  },
  validation: {
    title: { nl: 'De invoer werd niet geaccepteerd', en: 'The input was not accepted' },
    hint: { nl: 'Er is niets vastgelegd. Scan opnieuw.', en: 'Nothing was recorded. Please scan again.' },
  },
  unauthorized: {
    title: { nl: 'Deze kiosk is niet (meer) gekoppeld', en: 'This kiosk is not paired (any more)' },
    hint: {
      nl: 'Vraag de organisatie om een nieuwe koppellink voor deze kiosk.',
      en: 'Ask the organisers for a new pairing link for this kiosk.',
    },
  },
  forbidden: {
    title: { nl: 'Dit kan niet op deze kiosk', en: 'Not possible on this kiosk' },
    hint: {
      nl: 'Deze kiosk staat in een andere stand. Gebruik de juiste kiosk of vraag de organisatie.',
      en: 'This kiosk is set to another mode. Use the right kiosk or ask the organisers.',
    },
  },
  not_found: {
    title: { nl: 'Niet gevonden', en: 'Not found' },
    hint: { nl: 'De stemming of vergadering bestaat niet meer. Scan opnieuw.', en: 'The round or meeting no longer exists. Scan again.' },
  },
  round_already_open: {
    title: { nl: 'Er is al een andere stemming geopend', en: 'Another round is already open' },
    hint: { nl: 'Scan opnieuw.', en: 'Please scan again.' },
  },
  invalid_state: {
    title: { nl: 'Dat kan nu niet', en: 'That is not possible now' },
    hint: { nl: 'Er is niets vastgelegd. Scan opnieuw.', en: 'Nothing was recorded. Please scan again.' },
  },
  // The chair's close of a small secret round; a kiosk never gets it.
  small_secret_round: {
    title: { nl: 'Dat kan nu niet', en: 'That is not possible now' },
    hint: { nl: 'Er is niets vastgelegd. Scan opnieuw.', en: 'Nothing was recorded. Please scan again.' },
  },
  proxy_inactive: {
    title: { nl: 'Deze volmacht geldt nu niet', en: 'This proxy does not apply now' },
    hint: {
      nl: 'De volmachtgever is zelf binnengekomen, of de volmacht is beëindigd. Deze stem is niet vastgelegd; de andere stemmen wel.',
      en: 'The principal has come in, or the proxy has ended. This ballot was not recorded; the others were.',
    },
  },
  proxies_not_allowed: {
    title: { nl: 'Geen volmachten in deze vergadering', en: 'No proxies in this meeting' },
    hint: { nl: 'Er is niets vastgelegd.', en: 'Nothing was recorded.' },
  },
  proxy_limit: {
    title: { nl: 'Te veel volmachten', en: 'Too many proxies' },
    hint: { nl: 'Er is niets vastgelegd.', en: 'Nothing was recorded.' },
  },
  proxy_chain: {
    title: { nl: 'Een volmacht kan niet worden doorgegeven', en: 'A proxy cannot be passed on' },
    hint: { nl: 'Er is niets vastgelegd.', en: 'Nothing was recorded.' },
  },
  proxy_exists: {
    title: { nl: 'Er is al een volmacht', en: 'There is already a proxy' },
    hint: { nl: 'Er is niets vastgelegd.', en: 'Nothing was recorded.' },
  },
  payload_too_large: {
    title: { nl: 'De invoer is te groot', en: 'The input is too large' },
    hint: { nl: 'Er is niets vastgelegd.', en: 'Nothing was recorded.' },
  },
  rate_limited: {
    title: { nl: 'Te veel pogingen', en: 'Too many attempts' },
    hint: {
      nl: 'Er zijn te snel onbekende kaarten gescand. Wacht even en probeer het opnieuw.',
      en: 'Unknown cards were scanned too fast. Please wait a moment and try again.',
    },
  },
  internal: {
    title: { nl: 'Er ging iets mis op de server', en: 'Something went wrong on the server' },
    hint: { nl: 'Er is niets vastgelegd. Probeer het opnieuw of vraag de organisatie.', en: 'Nothing was recorded. Try again or ask the organisers.' },
  },
  storage_unavailable: {
    title: { nl: 'De stem kon niet worden opgeslagen', en: 'The ballot could not be stored' },
    hint: { nl: 'Er is niets vastgelegd. Probeer het opnieuw.', en: 'Nothing was recorded. Please try again.' },
  },
  network: {
    title: { nl: 'Geen verbinding met de server', en: 'No connection to the server' },
    hint: {
      nl: 'Er is niets vastgelegd. Controleer de verbinding en scan opnieuw.',
      en: 'Nothing was recorded. Check the connection and scan again.',
    },
  },
  bad_response: {
    title: { nl: 'Onverwacht antwoord van de server', en: 'Unexpected answer from the server' },
    hint: { nl: 'Scan opnieuw of vraag de organisatie.', en: 'Scan again or ask the organisers.' },
  },
};

/** Every error reason of the contract has a kiosk sentence (checked by a unit test too). */
export function reasonText(reason: FailureReason | string): ReasonText {
  return (REASON_TEXTS as Record<string, ReasonText | undefined>)[reason] ?? REASON_TEXTS.internal;
}

export const T = {
  appName: { nl: 'Stemkaart', en: 'Stemkaart' },
  loading: { nl: 'Kiosk wordt gekoppeld…', en: 'Pairing the kiosk…' },
  modeVoting: { nl: 'Stemkiosk', en: 'Voting kiosk' },
  modeCheckin: { nl: 'Registratie', en: 'Registration' },
  switchLang: { nl: 'English', en: 'Nederlands' },
  switchLangLabel: { nl: 'Switch to English', en: 'Schakel naar Nederlands' },
  // connection
  connLive: { nl: 'Verbonden', en: 'Connected' },
  connOnline: { nl: 'Verbonden (geen live-updates)', en: 'Connected (no live updates)' },
  connOffline: { nl: 'Geen verbinding', en: 'No connection' },
  connChecking: { nl: 'Verbinden…', en: 'Connecting…' },
  // not paired
  notPairedTitle: { nl: 'Deze kiosk is niet gekoppeld', en: 'This kiosk is not paired' },
  notPairedBody: {
    nl: 'Open deze pagina via de koppellink die de organisatie voor deze kiosk heeft gemaakt. Een ingetrokken kiosk moet opnieuw worden gekoppeld.',
    en: 'Open this page through the pairing link the organisers made for this kiosk. A revoked kiosk has to be paired again.',
  },
  unreachableTitle: { nl: 'De server is niet bereikbaar', en: 'The server cannot be reached' },
  unreachableBody: {
    nl: 'De kiosk probeert het automatisch opnieuw.',
    en: 'The kiosk keeps trying automatically.',
  },
  // idle (voting)
  scanPrompt: { nl: 'Scan uw stemkaart', en: 'Scan your voting card' },
  scanHelp: {
    nl: 'Houd de streepjescode of QR-code van uw stemkaart voor de scanner.',
    en: 'Hold the barcode or QR code of your voting card in front of the scanner.',
  },
  noOpenRoundTitle: { nl: 'Er is nu geen stemming', en: 'There is no vote now' },
  noOpenRoundBody: {
    nl: 'Zodra de voorzitter een stemming opent, kunt u hier stemmen met uw stemkaart.',
    en: 'As soon as the chair opens a vote, you can vote here with your voting card.',
  },
  practiceTag: { nl: 'Proefstemming', en: 'Practice vote' },
  roundOpenOn: { nl: 'Stemming geopend over', en: 'Vote open on' },
  lookingUp: { nl: 'Stemkaart wordt gecontroleerd…', en: 'Checking the voting card…' },
  // choosing
  secretRound: { nl: 'Geheime stemming: niemand kan zien wat u kiest.', en: 'Secret ballot: nobody can see what you choose.' },
  openRound: { nl: 'Open stemming: de stem van uw gemeente wordt openbaar gemaakt.', en: 'Open vote: the vote of your municipality is published.' },
  chooseHelp: { nl: 'Kies bij elk voorstel Voor, Tegen of Onthouding.', en: 'Choose For, Against or Abstain for each motion.' },
  earlierBallot: {
    nl: 'U hebt al gestemd. Hieronder staan uw eerdere keuzes; u kunt ze wijzigen tot de stemming sluit.',
    en: 'You have already voted. Your earlier choices are shown below; you can change them until the vote closes.',
  },
  chooseHelpSplit: {
    nl: 'Kies bij elk voorstel Voor, Tegen of Onthouding, of verdeel uw stemmen over de drie.',
    en: 'Choose For, Against or Abstain for each motion, or divide your votes over the three.',
  },
  review: { nl: 'Controleer uw stem', en: 'Review your vote' },
  missingChoices: { nl: 'U hebt nog geen keuze gemaakt bij:', en: 'You have not made a choice yet for:' },
  badSplits: { nl: 'Verdeel ten minste 1 en ten hoogste {weight} stemmen bij:', en: 'Divide at least 1 and at most {weight} votes for:' },
  cancel: { nl: 'Annuleren', en: 'Cancel' },
  // split votes
  splitStart: { nl: 'Stemmen verdelen', en: 'Divide votes' },
  splitStop: { nl: 'Niet verdelen', en: 'Do not divide' },
  splitRest: { nl: 'Nog te verdelen: {rest} van {weight}', en: 'Still to divide: {rest} of {weight}' },
  splitTooMany: { nl: '{over} te veel verdeeld: u hebt {weight} stemmen', en: '{over} too many divided: you have {weight} votes' },
  splitLess: { nl: 'Eén stem minder {choice}', en: 'One vote less {choice}' },
  splitMore: { nl: 'Eén stem meer {choice}', en: 'One vote more {choice}' },
  splitRestHere: { nl: 'Rest hierbij', en: 'Add the rest' },
  // The visible words first (WCAG 2.5.3), then which choice.
  splitRestHereLabel: { nl: 'Rest hierbij: alle nog te verdelen stemmen naar {choice}', en: 'Add the rest: all votes still to divide to {choice}' },
  splitUncast: { nl: '{rest} niet uitgebracht', en: '{rest} not cast' },
  // idle warning (WCAG 2.2.1)
  idleWarning: {
    nl: 'Bent u er nog? Als u niets doet, worden uw keuzes over {seconds} seconden gewist en is er niets uitgebracht.',
    en: 'Are you still there? If you do nothing, your choices are cleared in {seconds} seconds and nothing is cast.',
  },
  idleExtend: { nl: 'Ik heb meer tijd nodig', en: 'I need more time' },
  // confirm
  confirmTitle: { nl: 'Controleer uw stem', en: 'Check your vote' },
  confirmHelp: {
    nl: 'Uw stem wordt pas uitgebracht als u op Bevestig drukt.',
    en: 'Your vote is cast only when you press Confirm.',
  },
  confirm: { nl: 'Bevestig', en: 'Confirm' },
  change: { nl: 'Wijzig keuzes', en: 'Change choices' },
  // sending
  sending: { nl: 'Uw stem wordt verstuurd…', en: 'Sending your vote…' },
  sendingRetry: {
    nl: 'Geen verbinding. Uw stem wordt opnieuw verstuurd. Uw stem is nog NIET bevestigd; loop niet weg.',
    en: 'No connection. Your vote is being sent again. It is NOT confirmed yet; please stay.',
  },
  // receipt
  castTitle: { nl: 'Uw stem is uitgebracht', en: 'Your vote has been cast' },
  // proxies (volmacht)
  proxyFor: { nl: 'Stem via volmacht voor', en: 'Vote by proxy for' },
  proxyOwn: { nl: 'Uw eigen stem', en: 'Your own vote' },
  proxyHolder: { nl: 'Uitgebracht door {name}', en: 'Cast by {name}' },
  proxyNext: { nl: 'Hierna nog {count} stem(men) via volmacht: {names}.', en: 'Then {count} more vote(s) by proxy: {names}.' },
  proxySuspended: { nl: 'Volmacht van {name} geldt nu niet: deze is zelf aanwezig.', en: 'Proxy of {name} does not apply now: they are present themselves.' },
  sameForAll: { nl: 'Zelfde keuze voor allen', en: 'Same choice for all' },
  sameForAllHelp: { nl: 'Bevestigt deze keuzes voor u en voor elke volmacht hierna.', en: 'Confirms these choices for you and for every proxy after this.' },
  proxyReceipts: { nl: 'Ontvangstbewijzen, één per lid', en: 'Receipts, one per member' },
  proxyNotCast: { nl: 'Niet uitgebracht', en: 'Not cast' },
  viaProxy: { nl: 'via volmacht', en: 'by proxy' },
  replaced: { nl: 'Uw eerdere stem is vervangen door deze.', en: 'Your earlier vote has been replaced by this one.' },
  receipt: { nl: 'Ontvangstbewijs', en: 'Receipt' },
  castAt: { nl: 'Tijdstip', en: 'Time' },
  receiptQr: { nl: 'QR-code van ontvangstbewijs {receipt}', en: 'QR code of receipt {receipt}' },
  secretReceipt: {
    nl: 'Geheime stemming: noteer of fotografeer uw ontvangstbewijs. Dit scherm sluit over 10 seconden.',
    en: 'Secret vote: note or photograph your receipt. This screen closes in 10 seconds.',
  },
  receiptCheck: {
    nl: 'Na afloop van de stemming kunt u met dit ontvangstbewijs controleren dat uw stem is meegeteld:',
    en: 'After the vote you can check with this receipt that your vote was counted:',
  },
  done: { nl: 'Klaar', en: 'Done' },
  // notices on idle
  timedOut: {
    nl: 'De tijd is verstreken. Er is niets uitgebracht; scan opnieuw om te stemmen.',
    en: 'Time ran out. Nothing was cast; scan again to vote.',
  },
  cancelled: { nl: 'Geannuleerd. Er is niets uitgebracht.', en: 'Cancelled. Nothing was cast.' },
  roundClosedWhileChoosing: {
    nl: 'De stemming is zojuist gesloten. Er is niets uitgebracht.',
    en: 'The vote has just closed. Nothing was cast.',
  },
  roundCancelledWhileChoosing: {
    nl: 'De stemming is zojuist geannuleerd door de voorzitter. Er is niets uitgebracht.',
    en: 'The vote has just been cancelled by the chair. Nothing was cast.',
  },
  roundChanged: {
    nl: 'De voorzitter heeft een nieuwe stemming geopend. Maak uw keuzes voor deze stemming.',
    en: 'The chair has opened a new vote. Please make your choices for this vote.',
  },
  ok: { nl: 'OK', en: 'OK' },
  // check-in
  entrance: { nl: 'Ingang (aanmelden)', en: 'Entrance (check in)' },
  exit: { nl: 'Uitgang (afmelden)', en: 'Exit (check out)' },
  directionLabel: { nl: 'Stand van deze kiosk', en: 'Mode of this kiosk' },
  // staff settings, behind a long press
  staffGate: { nl: 'Beheer', en: 'Staff' },
  staffGateLabel: { nl: 'Beheer, alleen voor de organisatie: 3 seconden ingedrukt houden', en: 'Staff only: press and hold for 3 seconds' },
  staffGateHint: { nl: 'Alleen voor de organisatie: houd 3 seconden ingedrukt.', en: 'Staff only: press and hold for 3 seconds.' },
  staffTitle: { nl: 'Beheer van deze kiosk', en: 'Settings of this kiosk' },
  staffHelp: {
    nl: 'Alleen voor de organisatie. Dit scherm sluit vanzelf na een minuut zonder gebruik en bij de volgende scan.',
    en: 'For the organisers only. This screen closes by itself after a minute without use and at the next scan.',
  },
  staffClose: { nl: 'Sluiten', en: 'Close' },
  staffCamera: { nl: 'Camera', en: 'Camera' },
  staffLanguage: { nl: 'Taal waarin de kiosk begint (elke volgende kiezer)', en: 'Language the kiosk starts in (for every next voter)' },
  staffManual: { nl: 'Code van een beschadigde kaart intypen', en: 'Type the code of a damaged card' },
  checkinPrompt: { nl: 'Scan uw stemkaart om u aan te melden', en: 'Scan your voting card to check in' },
  checkoutPrompt: { nl: 'Scan uw stemkaart om u af te melden', en: 'Scan your voting card to check out' },
  welcome: { nl: 'Welkom', en: 'Welcome' },
  goodbye: { nl: 'Tot ziens', en: 'Goodbye' },
  present: { nl: 'Aanwezig: u kunt stemmen.', en: 'Present: you can vote.' },
  notPresent: { nl: 'Afgemeld: u bent niet meer aanwezig en kunt niet stemmen.', en: 'Checked out: you are no longer present and cannot vote.' },
  alreadyIn: { nl: 'U was al aangemeld. Er is niets veranderd.', en: 'You were already checked in. Nothing changed.' },
  alreadyOut: { nl: 'U was al afgemeld. Er is niets veranderd.', en: 'You were already checked out. Nothing changed.' },
  // manual entry and camera
  manualToggle: { nl: 'Code intypen (beschadigde kaart)', en: 'Type the code (damaged card)' },
  manualLabel: { nl: 'Code van de stemkaart (25 cijfers)', en: 'Voting card code (25 digits)' },
  manualSubmit: { nl: 'Controleer code', en: 'Check code' },
  cameraStart: { nl: 'Camera gebruiken', en: 'Use camera' },
  cameraStop: { nl: 'Camera uit', en: 'Camera off' },
  cameraStarting: { nl: 'Camera wordt gestart…', en: 'Starting the camera…' },
  cameraOn: { nl: 'Camera aan: houd de kaart voor de camera.', en: 'Camera on: hold the card in front of the camera.' },
  cameraPaused: { nl: 'Camera staat stil tot de volgende scan.', en: 'Camera paused until the next scan.' },
  cameraInsecure: {
    nl: 'De camera is hier niet beschikbaar: de browser staat de camera alleen toe via HTTPS of op localhost. Gebruik een handscanner of typ de code.',
    en: 'The camera is not available here: the browser only allows the camera over HTTPS or on localhost. Use a handheld scanner or type the code.',
  },
  cameraDenied: {
    nl: 'Geen toegang tot de camera. Sta de camera toe in de browser, of gebruik een handscanner of typ de code.',
    en: 'No access to the camera. Allow the camera in the browser, or use a handheld scanner or type the code.',
  },
  cameraMissing: { nl: 'Geen camera gevonden. Gebruik een handscanner of typ de code.', en: 'No camera found. Use a handheld scanner or type the code.' },
  cameraFailed: { nl: 'De camera kon niet worden gestart.', en: 'The camera could not be started.' },
} satisfies Record<string, Text>;

export type TextKey = keyof typeof T;

export const t = wordsOf(T);

/** Guard so that `ErrorReason` additions in shared/errors.ts are noticed by the type checker. */
export const _allReasonsCovered: Record<ErrorReason, ReasonText> = REASON_TEXTS;

export const UNCERTAIN_TEXT: ReasonText = {
  title: { nl: 'Niet zeker of uw stem is meegeteld', en: 'Not certain whether your vote was counted' },
  hint: {
    nl: 'De verbinding viel weg terwijl uw stem werd verstuurd, en daarna weigerde de server hem opnieuw. Meld dit bij de organisatie; zij kunnen het controleren.',
    en: 'The connection dropped while your vote was being sent, and the server then refused it again. Please tell the organisers; they can check it.',
  },
};
