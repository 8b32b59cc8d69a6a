/** The closed vocabulary of error reasons of the HTTP contract (docs/api.md, "Errors"). */
export const ERROR_STATUS = {
  validation: 400,
  invalid_choices: 400,
  unauthorized: 401,
  forbidden: 403,
  revoked_card: 403,
  wrong_meeting: 403,
  not_checked_in: 403,
  unknown_card: 404,
  not_found: 404,
  no_open_round: 409,
  round_closed: 409,
  already_voted: 409,
  round_already_open: 409,
  invalid_state: 409,
  small_secret_round: 409,
  proxies_not_allowed: 409,
  proxy_limit: 409,
  proxy_chain: 409,
  proxy_exists: 409,
  proxy_inactive: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  storage_unavailable: 503,
} as const;

export type ErrorReason = keyof typeof ERROR_STATUS;
export const ERROR_REASONS = Object.keys(ERROR_STATUS) as ErrorReason[];

export type Lang = 'nl' | 'en';

/** Default sentence per reason; a thrown error may carry a more specific one. */
export const ERROR_MESSAGES: Record<ErrorReason, Record<Lang, string>> = {
  validation: { nl: 'De invoer is ongeldig.', en: 'The input is invalid.' },
  invalid_choices: {
    nl: 'De keuzes moeten elk voorstel van de stemronde precies één keer noemen, met voor, tegen of onthouding.',
    en: 'The choices must name every motion of the round exactly once, with for, against or abstain.',
  },
  // Not "niet aangemeld": at a meeting that means "not checked in".
  unauthorized: { nl: 'De sleutel is onjuist of ontbreekt.', en: 'The key is wrong or missing.' },
  forbidden: { nl: 'Dit is niet toegestaan voor deze rol of kiosk.', en: 'Not allowed for this role or kiosk.' },
  revoked_card: {
    nl: 'Deze stemkaart is ingetrokken. Meld u bij de registratiebalie.',
    en: 'This voting card has been revoked. Please go to the registration desk.',
  },
  wrong_meeting: {
    nl: 'Deze stemkaart hoort bij een andere vergadering.',
    en: 'This voting card belongs to another meeting.',
  },
  not_checked_in: {
    nl: 'U bent niet aangemeld als aanwezig. Scan uw kaart eerst bij de ingang.',
    en: 'You are not checked in. Please scan your card at the entrance first.',
  },
  unknown_card: { nl: 'Deze stemkaart is onbekend.', en: 'This voting card is unknown.' },
  not_found: { nl: 'Niet gevonden.', en: 'Not found.' },
  no_open_round: {
    nl: 'Er is op dit moment geen stemming geopend.',
    en: 'No vote is open at the moment.',
  },
  round_closed: { nl: 'Deze stemming is niet (meer) geopend.', en: 'This vote is not open (any more).' },
  already_voted: {
    nl: 'U hebt in deze stemming al gestemd.',
    en: 'You have already voted in this round.',
  },
  round_already_open: {
    nl: 'Er is al een andere stemming geopend in deze vergadering.',
    en: 'Another round of this meeting is already open.',
  },
  invalid_state: {
    nl: 'Dat kan niet in de huidige toestand.',
    en: 'That is not possible in the current state.',
  },
  small_secret_round: {
    nl: 'Deze geheime stemming heeft minder stemmen dan het minimum: de uitslag kan laten zien wie wat koos. Bevestig om toch te sluiten.',
    en: 'This secret round has fewer ballots than the minimum: its totals may show who chose what. Confirm to close it anyway.',
  },
  proxies_not_allowed: { nl: 'Deze vergadering staat geen volmachten toe.', en: 'This meeting does not allow proxies.' },
  proxy_limit: { nl: 'De gevolmachtigde heeft al het hoogste aantal volmachten.', en: 'The holder already holds the maximum number of proxies.' },
  proxy_chain: {
    nl: 'Een volmacht kan niet worden doorgegeven: de gevolmachtigde heeft zelf een volmacht gegeven, of de volmachtgever heeft er zelf een.',
    en: 'A proxy cannot be passed on: the holder has given a proxy, or the principal holds one.',
  },
  proxy_exists: { nl: 'Deze volmachtgever heeft al een volmacht gegeven.', en: 'This principal has already given a proxy.' },
  proxy_inactive: {
    nl: 'Deze volmacht geldt nu niet: de volmachtgever is zelf aanwezig, of er is geen volmacht voor deze kaart.',
    en: 'This proxy does not apply now: the principal is present, or this card holds no such proxy.',
  },
  payload_too_large: { nl: 'De invoer is te groot (maximaal 1 MiB).', en: 'The body is too large (at most 1 MiB).' },
  rate_limited: {
    nl: 'Te veel pogingen. Wacht even en probeer het opnieuw.',
    en: 'Too many attempts. Please wait a moment and try again.',
  },
  internal: { nl: 'Er ging iets mis op de server.', en: 'Something went wrong on the server.' },
  storage_unavailable: {
    nl: 'De stem kon niet worden opgeslagen. Er is niets vastgelegd; probeer het opnieuw.',
    en: 'The ballot could not be stored. Nothing was recorded; please try again.',
  },
};

export interface ApiErrorBody {
  error: ErrorReason;
  message: string;
}

/** Figures an error answer carries beside `error` and `message` (e.g. `small_secret_round`'s). */
export type ErrorDetails = Record<string, unknown>;

/** Thrown by domain code; the error handler turns it into the contract's shape. */
export class ApiError extends Error {
  readonly reason: ErrorReason;
  readonly messages?: Partial<Record<Lang, string>>;
  readonly details?: ErrorDetails;
  /** Hold the answer this long (ms) before it is sent: an unknown card code at a kiosk (server/modules/cards/scan-limiter.ts). */
  holdMs?: number;
  constructor(reason: ErrorReason, messages?: Partial<Record<Lang, string>>, details?: ErrorDetails) {
    super(messages?.en ?? ERROR_MESSAGES[reason].en);
    this.name = 'ApiError';
    this.reason = reason;
    this.messages = messages;
    this.details = details;
  }
  get status(): number {
    return ERROR_STATUS[this.reason];
  }
  messageIn(lang: Lang): string {
    return this.messages?.[lang] ?? this.messages?.en ?? ERROR_MESSAGES[this.reason][lang];
  }
}
