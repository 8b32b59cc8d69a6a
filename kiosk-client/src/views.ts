/**
 * What each screen looks like. Pure functions from a machine's view to DOM plus the sentence for
 * the aria-live region; the buttons call the actions they are given.
 */
import type { Lang } from '../../shared/errors.ts';
import { BOARD_ADVICE_LABELS, CHOICE_LABELS, MOTION_KIND_LABELS, PRACTICE_NOTICE } from '../../shared/labels.ts';
import { CHOICES, type Choice, type Split } from '../../shared/schemas.ts';
import type { KioskMember } from './api.ts';
import type { CheckinView, Direction } from './checkin.ts';
import { h } from '../../client-kit/dom.ts';
import { formatTime, weightText } from '../../client-kit/format.ts';
import { reasonText, t, UNCERTAIN_TEXT, type ReasonText } from './messages.ts';
import { SPLIT_PARTS, splitSum, type Choices, type Marked, type ScanRound, type SplitPart, type VotingView } from './voting.ts';

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


/** "Voor 50 · Tegen 20 · Onthouding 5", parts of 0 left out. */
export function splitText(split: Split, lang: Lang): string {
  return SPLIT_PARTS.filter((p) => split[p] > 0).map((p) => `${choiceLabel(p, lang)} ${split[p]}`).join(' · ');
}

/** Titles of the meeting and its motions are Dutch whatever the screen's language (WCAG 3.1.2). */
const DUTCH = { lang: 'nl' } as const;

function practiceNotice(lang: Lang): HTMLElement {
  return h('p', { class: 'notice notice--practice', 'data-testid': 'practice' }, h('strong', null, `${t('practiceTag', lang)}. `), PRACTICE_NOTICE[lang]);
}

// ---------- voting ----------

export function votingScreen(view: VotingView, lang: Lang, actions: VotingActions, context: VotingContext): Screen {
  switch (view.kind) {
    case 'idle':
      return idleVoting(view.notice, lang, context.openRound, actions);
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
      return receiptScreen(view, lang, actions, context.receiptCheckUrl());
    case 'error':
      return reasonBlock(view.uncertain ? UNCERTAIN_TEXT : reasonText(view.reason), lang, actions.dismiss);
  }
}

function idleVoting(notice: Extract<VotingView, { kind: 'idle' }>['notice'], lang: Lang, openRound: OpenRoundInfo | null | undefined, actions: VotingActions): Screen {
  const noticeText = notice ? t(notice, lang) : '';
  const noticeBox = notice
    ? h(
        'div',
        // Only the person's own "Annuleren" is routine; a round that closed under them is not.
        { class: `notice ${notice === 'cancelled' ? 'notice--info' : 'notice--warning'}` },
        h('p', null, noticeText),
        h('button', { type: 'button', class: 'btn btn--small', 'data-focus': 'notice-ok', onclick: actions.dismiss }, t('ok', lang)),
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

function motionHeader(motion: ScanRound['motions'][number], lang: Lang): HTMLElement {
  return h(
    'div',
    { class: 'motion__meta' },
    h('span', { class: 'tag' }, MOTION_KIND_LABELS[motion.kind][lang]),
    motion.kind === 'practice' ? null : h('span', { class: `tag tag--advice tag--advice-${motion.boardAdvice}` }, BOARD_ADVICE_LABELS[motion.boardAdvice][lang]),
  );
}

function choiceButtons(motionId: number, chosen: Marked | undefined, lang: Lang, actions: VotingActions): HTMLElement {
  return h(
    'div',
    { class: 'choices' },
    CHOICES.map((choice) =>
      h(
        'button',
        {
          type: 'button',
          class: `choice choice--${choice}`,
          'aria-pressed': chosen === choice ? 'true' : 'false',
          'data-focus': `choice-${motionId}-${choice}`,
          onclick: () => actions.choose(motionId, choice),
        },
        chosen === choice ? h('span', { class: 'choice__mark', 'aria-hidden': 'true' }, '✓') : null,
        h('span', { class: 'choice__label' }, choiceLabel(choice, lang)),
      ),
    ),
  );
}

/** Whole votes per choice with − and + (touch), a field (keyboard), and what is left to divide. */
function splitEditor(motionId: number, split: Split, weight: number, lang: Lang, actions: VotingActions): HTMLElement {
  const rest = weight - splitSum(split);
  const restText = rest >= 0 ? t('splitRest', lang, { rest, weight }) : t('splitTooMany', lang, { over: -rest, weight });
  const part = (p: SplitPart): HTMLElement => {
    const id = `split-${motionId}-${p}`;
    const name = choiceLabel(p, lang);
    return h(
      'div',
      { class: `split__part split__part--${p}` },
      h('label', { class: 'split__label', for: id }, name),
      h(
        'div',
        { class: 'split__row' },
        h('button', { type: 'button', class: 'split__step', 'aria-label': t('splitLess', lang, { choice: name }), 'data-focus': `${id}-less`, disabled: split[p] <= 0, onclick: () => actions.setSplitPart(motionId, p, split[p] - 1) }, '−'),
        h('input', {
          id,
          class: 'split__input',
          type: 'text',
          inputmode: 'numeric',
          autocomplete: 'off',
          value: String(split[p]),
          'aria-describedby': `split-${motionId}-rest`,
          oninput: (event: Event) => {
            const digits = (event.target as HTMLInputElement).value.replace(/\D/g, '');
            actions.setSplitPart(motionId, p, digits === '' ? 0 : Number(digits));
          },
        }),
        h('button', { type: 'button', class: 'split__step', 'aria-label': t('splitMore', lang, { choice: name }), 'data-focus': `${id}-more`, disabled: rest <= 0, onclick: () => actions.setSplitPart(motionId, p, split[p] + 1) }, '+'),
        h('button', { type: 'button', class: 'split__all', 'data-focus': `${id}-rest`, disabled: rest <= 0, 'aria-label': t('splitRestHereLabel', lang, { choice: name }), onclick: () => actions.setSplitPart(motionId, p, split[p] + rest) }, t('splitRestHere', lang)),
      ),
    );
  };
  return h(
    'div',
    { class: 'split' },
    h('div', { class: 'split__parts' }, SPLIT_PARTS.map(part)),
    h('p', { class: `split__rest${rest < 0 ? ' split__rest--over' : ''}`, id: `split-${motionId}-rest`, role: 'status' }, restText),
    h('button', { type: 'button', class: 'btn btn--tool', 'data-focus': `split-${motionId}-stop`, onclick: () => actions.stopSplit(motionId) }, t('splitStop', lang)),
  );
}

function choosing(view: Extract<VotingView, { kind: 'choosing' }>, lang: Lang, actions: VotingActions): Screen {
  const missing = new Set(view.missing);
  const badSplits = new Set(view.badSplits);
  const firstProblem = view.round.motions.find((m) => missing.has(m.id) || badSplits.has(m.id))?.id;
  const motions = view.round.motions.map((motion) => {
    const titleId = `motion-${motion.id}-title`;
    const chosen = view.choices[motion.id];
    const splitting = chosen !== undefined && typeof chosen !== 'string';
    return h(
      'li',
      {
        class: `motion${missing.has(motion.id) || badSplits.has(motion.id) ? ' motion--missing' : ''}`,
        'data-scroll-into-view': motion.id === firstProblem ? true : null,
      },
      // The group (named by the motion's title) sits inside the list item: a list holds only items.
      h(
        'div',
        { class: 'motion__group', role: 'group', 'aria-labelledby': titleId },
        h('h2', { class: 'motion__title', id: titleId }, h('span', { class: 'motion__ref' }, motion.ref), ' ', h('span', DUTCH, motion.title)),
        motionHeader(motion, lang),
        splitting ? splitEditor(motion.id, chosen.split, view.member.weight, lang, actions) : choiceButtons(motion.id, chosen, lang, actions),
        view.round.allowSplit && !splitting
          ? h('button', { type: 'button', class: 'btn btn--tool split__start', 'data-focus': `split-${motion.id}-start`, onclick: () => actions.startSplit(motion.id) }, t('splitStart', lang))
          : null,
      ),
    );
  });
  const refsOf = (ids: Set<number>) => view.round.motions.filter((m) => ids.has(m.id)).map((m) => m.ref).join(', ');
  const problems = [
    missing.size ? `${t('missingChoices', lang)} ${refsOf(missing)}.` : '',
    badSplits.size ? `${t('badSplits', lang, { weight: view.member.weight })} ${refsOf(badSplits)}.` : '',
  ].filter(Boolean);
  const body = h(
    'section',
    { class: 'screen screen--choosing' },
    // Stays at the top while the motions scroll (not when the screen is short: zoom, WCAG 1.4.10).
    h('h1', { class: 'screen__title member-title', tabindex: -1, 'data-autofocus': true }, memberLine(view.member, lang)),
    view.round.practice ? practiceNotice(lang) : null,
    view.notice ? h('p', { class: 'notice notice--warning' }, t(view.notice, lang)) : null,
    h('p', { class: 'hint' }, `${t(view.round.allowSplit ? 'chooseHelpSplit' : 'chooseHelp', lang)} ${view.round.secret ? t('secretRound', lang) : t('openRound', lang)}`),
    view.changing ? h('p', { class: 'notice notice--info' }, t('earlierBallot', lang)) : null,
    h('ol', { class: 'motions' }, motions),
    h(
      'div',
      { class: 'actions actions--sticky' },
      problems.length ? h('p', { class: 'notice notice--warning', role: 'alert' }, problems.join(' ')) : null,
      h('button', { type: 'button', class: 'btn btn--primary', 'data-focus': 'review', onclick: actions.review }, t('review', lang)),
      h('button', { type: 'button', class: 'btn btn--secondary', 'data-focus': 'cancel', onclick: actions.cancel }, t('cancel', lang)),
    ),
  );
  const announce = view.notice
    ? t(view.notice, lang)
    : `${view.member.name}, ${weightText(view.member.weight, lang)}. ${view.round.practice ? `${PRACTICE_NOTICE[lang]} ` : ''}${t('chooseHelp', lang)}`;
  return { body, announce };
}

/** The choice of one motion as the summary shows it, with the votes a split leaves uncast. */
function markedText(marked: Marked, weight: number, lang: Lang): string {
  if (typeof marked === 'string') return choiceLabel(marked, lang);
  const rest = weight - splitSum(marked.split);
  return rest > 0 ? `${splitText(marked.split, lang)} (${t('splitUncast', lang, { rest })})` : splitText(marked.split, lang);
}

function summary(round: ScanRound, choices: Choices, weight: number, lang: Lang, compact = false): HTMLElement {
  return h(
    'ol',
    { class: `summary${compact ? ' summary--compact' : ''}` },
    round.motions.map((m) => {
      const marked = choices[m.id];
      return h(
        'li',
        { class: 'summary__row' },
        h('span', { class: 'summary__motion' }, h('span', { class: 'motion__ref' }, m.ref), ' ', h('span', DUTCH, m.title)),
        h('span', { class: `summary__choice summary__choice--${typeof marked === 'string' ? marked : 'split'}` }, markedText(marked, weight, lang)),
      );
    }),
  );
}

function confirmScreen(view: Extract<VotingView, { kind: 'confirm' }>, lang: Lang, actions: VotingActions): Screen {
  const body = h(
    'section',
    { class: 'screen screen--confirm' },
    heading(t('confirmTitle', lang)),
    memberLine(view.member, lang),
    view.round.practice ? practiceNotice(lang) : null,
    summary(view.round, view.choices, view.member.weight, lang),
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

function receiptScreen(view: Extract<VotingView, { kind: 'receipt' }>, lang: Lang, actions: VotingActions, checkUrl: string): Screen {
  const time = formatTime(view.castAt, lang);
  const body = h(
    'section',
    { class: 'screen screen--receipt' },
    h('div', { class: 'badge badge--ok', 'aria-hidden': 'true' }, '✓'),
    heading(t('castTitle', lang)),
    memberLine(view.member, lang),
    view.round.practice ? practiceNotice(lang) : null,
    view.replaced ? h('p', { class: 'lead' }, t('replaced', lang)) : null,
    h(
      'dl',
      { class: 'receipt' },
      h('div', null, h('dt', null, t('receipt', lang)), h('dd', { class: 'receipt__code', 'data-testid': 'receipt' }, view.receipt)),
      h('div', null, h('dt', null, t('castAt', lang)), h('dd', { class: 'receipt__time' }, h('time', { datetime: view.castAt }, time))),
    ),
    h(
      'p',
      { class: 'receipt__check' },
      `${t('receiptCheck', lang)} `,
      // A kiosk is no place to browse; the address is there to note or photograph.
      h('span', { class: 'receipt__url', 'data-testid': 'receipt-check' }, checkUrl),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn btn--primary', 'data-focus': 'done', onclick: actions.dismiss }, t('done', lang))),
    // In a secret round the choices are not left on a screen the next person in line can see.
    view.round.secret ? null : summary(view.round, view.choices, view.member.weight, lang, true),
  );
  return { body, announce: `${t('castTitle', lang)}. ${t('receipt', lang)} ${view.receipt}, ${time}.` };
}

/** The warning before an idle ballot is dropped (WCAG 2.2.1): any touch or key, or the button, extends. */
export function idleWarning(lang: Lang, seconds: number, onExtend: () => void): HTMLElement {
  return h(
    'div',
    { class: 'idle-warning', role: 'alert' },
    h('p', { class: 'idle-warning__text' }, t('idleWarning', lang, { seconds })),
    h('button', { type: 'button', class: 'btn btn--primary', 'data-focus': 'extend', onclick: onExtend }, t('idleExtend', lang)),
  );
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
