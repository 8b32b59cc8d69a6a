/**
 * What each screen looks like. Pure functions from a machine's view to DOM plus the sentence for
 * the aria-live region; the buttons call the actions they are given.
 */
import type { Lang } from '../../shared/errors.ts';
import { BOARD_ADVICE_LABELS, CHOICE_LABELS, MOTION_KIND_LABELS } from '../../shared/labels.ts';
import { CHOICES, type Choice } from '../../shared/schemas.ts';
import type { KioskMember } from './api.ts';
import type { CheckinView, Direction } from './checkin.ts';
import { h } from '../../client-kit/dom.ts';
import { formatTime, weightText } from '../../client-kit/format.ts';
import { reasonText, t, UNCERTAIN_TEXT, type ReasonText } from './messages.ts';
import type { Choices, ScanRound, VotingView } from './voting.ts';

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
  review(): void;
  back(): void;
  confirm(): void;
  cancel(): void;
  dismiss(): void;
}

export interface OpenRoundInfo {
  refs: { ref: string; title: string }[];
}

function heading(text: string, extra = ''): HTMLHeadingElement {
  return h('h1', { class: `screen__title ${extra}`.trim(), tabindex: -1, 'data-autofocus': true }, text);
}

function memberLine(member: KioskMember, lang: Lang): HTMLElement {
  return h(
    'p',
    { class: 'member' },
    h('span', { class: 'member__name' }, member.name),
    h('span', { class: 'member__sep' }, ' — '),
    h('span', { class: 'member__weight' }, weightText(member.weight, lang)),
  );
}

function choiceLabel(choice: Choice, lang: Lang): string {
  return CHOICE_LABELS[choice][lang];
}

function reasonBlock(text: ReasonText, lang: Lang, onOk: () => void): Screen {
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

// ---------- voting ----------

export function votingScreen(view: VotingView, lang: Lang, actions: VotingActions, openRound: OpenRoundInfo | null): Screen {
  switch (view.kind) {
    case 'idle':
      return idleVoting(view.notice, lang, openRound, actions);
    case 'looking-up':
      return {
        body: h('section', { class: 'screen screen--busy' }, h('div', { class: 'spinner', 'aria-hidden': 'true' }), heading(t('lookingUp', lang))),
        announce: t('lookingUp', lang),
      };
    case 'choosing':
      return choosing(view, lang, actions);
    case 'confirm':
      return confirmScreen(view, lang, actions);
    case 'sending':
      return {
        body: h(
          'section',
          { class: 'screen screen--busy' },
          h('div', { class: 'spinner', 'aria-hidden': 'true' }),
          heading(t('sending', lang)),
          memberLine(view.member, lang),
          view.retrying ? h('p', { class: 'notice notice--warning' }, t('sendingRetry', lang)) : null,
        ),
        announce: view.retrying ? t('sendingRetry', lang) : t('sending', lang),
      };
    case 'receipt':
      return receiptScreen(view, lang, actions);
    case 'error':
      return reasonBlock(view.uncertain ? UNCERTAIN_TEXT : reasonText(view.reason), lang, actions.dismiss);
  }
}

function idleVoting(notice: Extract<VotingView, { kind: 'idle' }>['notice'], lang: Lang, openRound: OpenRoundInfo | null, actions: VotingActions): Screen {
  const noticeText = notice ? t(notice, lang) : '';
  const roundLine = openRound
    ? h(
        'div',
        { class: 'round-status round-status--open' },
        h('p', { class: 'round-status__label' }, `${t('roundOpenOn', lang)}:`),
        h('ul', { class: 'round-status__list' }, openRound.refs.map((m) => h('li', null, h('strong', null, m.ref), ` ${m.title}`))),
      )
    : h('p', { class: 'round-status round-status--none' }, t('noOpenRoundYet', lang));
  const body = h(
    'section',
    { class: 'screen screen--idle' },
    notice
      ? h(
          'div',
          // Only the person's own "Annuleer" is routine; a round that closed under them is not.
          { class: `notice ${notice === 'cancelled' ? 'notice--info' : 'notice--warning'}` },
          h('p', null, noticeText),
          h('button', { type: 'button', class: 'btn btn--small', 'data-focus': 'notice-ok', onclick: actions.dismiss }, t('ok', lang)),
        )
      : null,
    h('div', { class: 'card-art', 'aria-hidden': 'true' }, h('div', { class: 'card-art__bars' }), h('div', { class: 'card-art__beam' })),
    heading(t('scanPrompt', lang), 'screen__title--huge'),
    h('p', { class: 'lead' }, t('scanHelp', lang)),
    roundLine,
  );
  return { body, announce: noticeText };
}

function motionHeader(motion: ScanRound['motions'][number], lang: Lang): HTMLElement {
  return h(
    'div',
    { class: 'motion__meta' },
    h('span', { class: 'tag' }, MOTION_KIND_LABELS[motion.kind][lang]),
    h('span', { class: `tag tag--advice tag--advice-${motion.boardAdvice}` }, BOARD_ADVICE_LABELS[motion.boardAdvice][lang]),
  );
}

function choosing(view: Extract<VotingView, { kind: 'choosing' }>, lang: Lang, actions: VotingActions): Screen {
  const missing = new Set(view.missing);
  const firstMissing = view.round.motions.find((m) => missing.has(m.id))?.id;
  const motions = view.round.motions.map((motion) => {
    const titleId = `motion-${motion.id}-title`;
    const chosen = view.choices[motion.id];
    return h(
      'li',
      {
        class: `motion${missing.has(motion.id) ? ' motion--missing' : ''}`,
        'data-scroll-into-view': motion.id === firstMissing ? true : null,
      },
      // The group (named by the motion's title) sits inside the list item: a list holds only items.
      h(
        'div',
        { class: 'motion__group', role: 'group', 'aria-labelledby': titleId },
        h('h2', { class: 'motion__title', id: titleId }, h('span', { class: 'motion__ref' }, motion.ref), ` ${motion.title}`),
        motionHeader(motion, lang),
        h(
          'div',
          { class: 'choices' },
          CHOICES.map((choice) =>
            h(
              'button',
              {
                type: 'button',
                class: `choice choice--${choice}`,
                'aria-pressed': chosen === choice ? 'true' : 'false',
                'data-focus': `choice-${motion.id}-${choice}`,
                onclick: () => actions.choose(motion.id, choice),
              },
              chosen === choice ? h('span', { class: 'choice__mark', 'aria-hidden': 'true' }, '✓') : null,
              choiceLabel(choice, lang),
            ),
          ),
        ),
      ),
    );
  });
  const missingRefs = view.round.motions.filter((m) => missing.has(m.id)).map((m) => m.ref);
  const body = h(
    'section',
    { class: 'screen screen--choosing' },
    // Stays at the top while the motions scroll: whose vote this is, and its weight.
    h('h1', { class: 'screen__title member-title', tabindex: -1, 'data-autofocus': true }, memberLine(view.member, lang)),
    view.notice ? h('p', { class: 'notice notice--warning' }, t(view.notice, lang)) : null,
    h('p', { class: 'hint' }, `${t('chooseHelp', lang)} ${view.round.secret ? t('secretRound', lang) : t('openRound', lang)}`),
    view.changing ? h('p', { class: 'notice notice--info' }, t('earlierBallot', lang)) : null,
    h('ol', { class: 'motions' }, motions),
    h(
      'div',
      { class: 'actions actions--sticky' },
      missingRefs.length ? h('p', { class: 'notice notice--warning', role: 'alert' }, `${t('missingChoices', lang)} ${missingRefs.join(', ')}`) : null,
      h('button', { type: 'button', class: 'btn btn--primary', 'data-focus': 'review', onclick: actions.review }, t('review', lang)),
      h('button', { type: 'button', class: 'btn btn--secondary', 'data-focus': 'cancel', onclick: actions.cancel }, t('cancel', lang)),
    ),
  );
  const announce = view.notice ? t(view.notice, lang) : `${view.member.name}, ${weightText(view.member.weight, lang)}. ${t('chooseHelp', lang)}`;
  return { body, announce };
}

function summary(round: ScanRound, choices: Choices, lang: Lang, compact = false): HTMLElement {
  return h(
    'ol',
    { class: `summary${compact ? ' summary--compact' : ''}` },
    round.motions.map((m) =>
      h(
        'li',
        { class: 'summary__row' },
        h('span', { class: 'summary__motion' }, h('span', { class: 'motion__ref' }, m.ref), ` ${m.title}`),
        h('span', { class: `summary__choice summary__choice--${choices[m.id]}` }, choiceLabel(choices[m.id], lang)),
      ),
    ),
  );
}

function confirmScreen(view: Extract<VotingView, { kind: 'confirm' }>, lang: Lang, actions: VotingActions): Screen {
  const body = h(
    'section',
    { class: 'screen screen--confirm' },
    heading(t('confirmTitle', lang)),
    memberLine(view.member, lang),
    summary(view.round, view.choices, lang),
    h('p', { class: 'hint' }, t('confirmHelp', lang)),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'btn btn--primary btn--confirm', 'data-focus': 'confirm', onclick: actions.confirm }, t('confirm', lang)),
      h('button', { type: 'button', class: 'btn btn--secondary', 'data-focus': 'back', onclick: actions.back }, t('change', lang)),
      h('button', { type: 'button', class: 'btn btn--secondary', 'data-focus': 'cancel', onclick: actions.cancel }, t('cancel', lang)),
    ),
  );
  return { body, announce: `${t('confirmTitle', lang)}. ${t('confirmHelp', lang)}` };
}

function receiptScreen(view: Extract<VotingView, { kind: 'receipt' }>, lang: Lang, actions: VotingActions): Screen {
  const time = formatTime(view.castAt, lang);
  const body = h(
    'section',
    { class: 'screen screen--receipt' },
    h('div', { class: 'badge badge--ok', 'aria-hidden': 'true' }, '✓'),
    heading(t('castTitle', lang)),
    memberLine(view.member, lang),
    view.replaced ? h('p', { class: 'lead' }, t('replaced', lang)) : null,
    h(
      'dl',
      { class: 'receipt' },
      h('div', null, h('dt', null, t('receipt', lang)), h('dd', { class: 'receipt__code', 'data-testid': 'receipt' }, view.receipt)),
      h('div', null, h('dt', null, t('castAt', lang)), h('dd', { class: 'receipt__time' }, h('time', { datetime: view.castAt }, time))),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn btn--secondary', 'data-focus': 'done', onclick: actions.dismiss }, t('done', lang))),
    // In a secret round the choices are not left on a screen the next person in line can see.
    view.round.secret ? null : summary(view.round, view.choices, lang, true),
  );
  return { body, announce: `${t('castTitle', lang)}. ${t('receipt', lang)} ${view.receipt}, ${time}.` };
}

// ---------- check-in ----------

export interface CheckinActions {
  setDirection(direction: Direction): void;
  dismiss(): void;
}

function directionSwitch(direction: Direction, lang: Lang, actions: CheckinActions): HTMLElement {
  const option = (value: Direction, label: string): HTMLButtonElement =>
    h(
      'button',
      {
        type: 'button',
        class: `switch__option switch__option--${value}`,
        'aria-pressed': direction === value ? 'true' : 'false',
        'data-focus': `direction-${value}`,
        onclick: () => actions.setDirection(value),
      },
      label,
    );
  return h(
    'div',
    { class: 'switch', role: 'group', 'aria-label': t('directionLabel', lang) },
    option('in', t('entrance', lang)),
    option('out', t('exit', lang)),
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
    body: h('section', { class: `screen screen--checkin screen--checkin-${direction}` }, directionSwitch(direction, lang, actions), inner.body),
    announce: inner.announce,
    urgent: inner.urgent,
  };
}
