/**
 * What each screen looks like. Pure functions from a machine's view to DOM plus the sentence for
 * the aria-live region; the buttons call the actions they are given. This module has what an idle
 * kiosk shows (the voting kiosk waiting for a card, the check-in desk); the ballot's screens are in
 * ballot-views.ts.
 */
import type { Lang } from '../../shared/errors.ts';
import { PRACTICE_NOTICE } from '../../shared/labels.ts';
import type { Choice } from '../../shared/schemas.ts';
import type { CheckinView, Direction } from './checkin.ts';
import { h } from '../../client-kit/dom.ts';
import { weightText } from '../../client-kit/format.ts';
import { reasonText, t, type ReasonText } from './messages.ts';
import type { IdleNotice, SplitPart } from './ballot-model.ts';

export interface Screen {
  /** Replaces the content of <main>. */
  body: HTMLElement;
  /** Read out by the aria-live region (empty: nothing new to say). */
  announce: string;
  /** The sentence is urgent (an error): assertive instead of polite. */
  urgent?: boolean;
}

export interface VotingActions {
  choose(motionId: number, choice: Choice): void;
  startSplit(motionId: number): void;
  setSplitPart(motionId: number, part: SplitPart, votes: number): void;
  stopSplit(motionId: number): void;
  review(): void;
  back(): void;
  confirm(): void;
  /** "Zelfde keuze voor allen" (a card with proxies). */
  confirmAll(): void;
  cancel(): void;
  dismiss(): void;
}

export interface OpenRoundInfo {
  refs: { ref: string; title: string }[];
  practice: boolean;
}

export interface VotingContext {
  /** The open round as the kiosk knows it; `undefined` while the meeting is still being read. */
  openRound: OpenRoundInfo | null | undefined;
  /** Where a voter checks a receipt later: the public site's receipt check of this meeting. */
  receiptCheckUrl(): string;
  /** The meeting's time zone: the receipt's time is the hall's. */
  timeZone: string;
}

export function heading(text: string, extra = ''): HTMLHeadingElement {
  return h('h1', { class: `screen__title ${extra}`.trim(), tabindex: -1, 'data-autofocus': true }, text);
}

export function reasonBlock(text: ReasonText, lang: Lang, onOk: () => void): Screen {
  const body = h(
    'section',
    { class: 'screen screen--error' },
    h('div', { class: 'badge badge--error', 'aria-hidden': 'true' }, '!'),
    heading(text.title[lang]),
    h('p', { class: 'lead' }, text.hint[lang]),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn btn--secondary', 'data-focus': 'ok', onclick: onOk }, t('ok', lang))),
  );
  return { body, announce: `${text.title[lang]}. ${text.hint[lang]}`, urgent: true };
}


/** Titles of the meeting and its motions are Dutch whatever the screen's language (WCAG 3.1.2). */
export const DUTCH = { lang: 'nl' } as const;

export function practiceNotice(lang: Lang): HTMLElement {
  return h('p', { class: 'notice notice--practice', 'data-testid': 'practice' }, h('strong', null, `${t('practiceTag', lang)}. `), PRACTICE_NOTICE[lang]);
}

// ---------- voting ----------

/** A card was read; the server (or the ballot flow's code) is on its way. */
export function lookingUpScreen(lang: Lang): Screen {
  return {
    body: h('section', { class: 'screen screen--busy' }, h('div', { class: 'spinner', 'aria-hidden': 'true' }), heading(t('lookingUp', lang))),
    announce: t('lookingUp', lang),
  };
}

/** The voting kiosk waiting for a card (or for a round to open); `onDismiss` closes the notice. */
export function idleVotingScreen(notice: IdleNotice | null, lang: Lang, openRound: OpenRoundInfo | null | undefined, onDismiss: () => void): Screen {
  const noticeText = notice ? t(notice, lang) : '';
  const noticeBox = notice
    ? h(
        'div',
        // Only the person's own "Annuleren" is routine; a round that closed under them is not.
        { class: `notice ${notice === 'cancelled' ? 'notice--info' : 'notice--warning'}` },
        h('p', null, noticeText),
        h('button', { type: 'button', class: 'btn btn--small', 'data-focus': 'notice-ok', onclick: onDismiss }, t('ok', lang)),
      )
    : null;
  if (openRound === null) {
    // Nothing to vote on: the screen does not invite a scan (a scan would only be refused).
    const body = h(
      'section',
      { class: 'screen screen--idle screen--waiting' },
      noticeBox,
      h('div', { class: 'badge badge--info', 'aria-hidden': 'true' }, 'i'),
      heading(t('noOpenRoundTitle', lang)),
      h('p', { class: 'lead' }, t('noOpenRoundBody', lang)),
    );
    return { body, announce: noticeText };
  }
  const roundLine = openRound
    ? h(
        'div',
        { class: 'round-status round-status--open' },
        openRound.practice ? practiceNotice(lang) : null,
        h('p', { class: 'round-status__label' }, `${t('roundOpenOn', lang)}:`),
        h('ul', { class: 'round-status__list' }, openRound.refs.map((m) => h('li', null, h('strong', null, m.ref), ' ', h('span', DUTCH, m.title)))),
      )
    : null;
  const body = h(
    'section',
    { class: 'screen screen--idle' },
    noticeBox,
    h('div', { class: 'card-art', 'aria-hidden': 'true' }, h('div', { class: 'card-art__bars' }), h('div', { class: 'card-art__beam' })),
    heading(t('scanPrompt', lang), 'screen__title--huge'),
    h('p', { class: 'lead' }, t('scanHelp', lang)),
    roundLine,
  );
  return { body, announce: noticeText };
}

// ---------- check-in ----------

export interface CheckinActions {
  dismiss(): void;
}

/** The desk's direction, large and in words (not by colour alone): members cannot change it here. */
function modeBanner(direction: Direction, lang: Lang): HTMLElement {
  return h(
    'p',
    { class: `mode-banner mode-banner--${direction}`, 'data-testid': 'mode' },
    h('span', { class: 'mode-banner__arrow', 'aria-hidden': 'true' }, direction === 'in' ? '→' : '←'),
    h('span', null, direction === 'in' ? t('entrance', lang) : t('exit', lang)),
  );
}

export function checkinScreen(view: CheckinView, direction: Direction, lang: Lang, actions: CheckinActions): Screen {
  let inner: Screen;
  switch (view.kind) {
    case 'idle':
      inner = {
        body: h(
          'div',
          { class: 'screen__inner' },
          h('div', { class: 'card-art', 'aria-hidden': 'true' }, h('div', { class: 'card-art__bars' }), h('div', { class: 'card-art__beam' })),
          heading(direction === 'in' ? t('checkinPrompt', lang) : t('checkoutPrompt', lang), 'screen__title--huge'),
          h('p', { class: 'lead' }, t('scanHelp', lang)),
        ),
        announce: '',
      };
      break;
    case 'looking-up':
      inner = {
        body: h('div', { class: 'screen__inner' }, h('div', { class: 'spinner', 'aria-hidden': 'true' }), heading(t('lookingUp', lang))),
        announce: t('lookingUp', lang),
      };
      break;
    case 'result': {
      const { member, present, changed } = view.result;
      const greeting = `${view.direction === 'in' ? t('welcome', lang) : t('goodbye', lang)}, ${member.name}`;
      const status = present ? t('present', lang) : t('notPresent', lang);
      const double = changed ? null : view.direction === 'in' ? t('alreadyIn', lang) : t('alreadyOut', lang);
      inner = {
        body: h(
          'div',
          { class: `screen__inner result result--${present ? 'present' : 'absent'}` },
          h('div', { class: `badge ${present ? 'badge--ok' : 'badge--out'}`, 'aria-hidden': 'true' }, present ? '✓' : '→'),
          heading(greeting),
          h('p', { class: 'member__weight member__weight--big' }, weightText(member.weight, lang)),
          h('p', { class: `presence presence--${present ? 'in' : 'out'}` }, status),
          double ? h('p', { class: 'notice notice--info' }, double) : null,
          h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn btn--secondary', 'data-focus': 'done', onclick: actions.dismiss }, t('done', lang))),
        ),
        announce: [greeting, weightText(member.weight, lang), status, double].filter(Boolean).join('. '),
      };
      break;
    }
    case 'error': {
      const e = reasonBlock(reasonText(view.reason), lang, actions.dismiss);
      inner = { body: h('div', { class: 'screen__inner screen--error' }, ...Array.from(e.body.childNodes)), announce: e.announce, urgent: true };
      break;
    }
  }
  return {
    body: h('section', { class: `screen screen--checkin screen--checkin-${direction}` }, modeBanner(direction, lang), inner.body),
    announce: inner.announce,
    urgent: inner.urgent,
  };
}
