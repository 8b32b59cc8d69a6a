/**
 * The ballot's screens: the choices (and the split of a member's votes), the summary, sending, the
 * receipt, the errors of a scan or a ballot, the warning before an idle ballot is dropped.
 */
import type { Lang } from '../../shared/errors.ts';
import { BOARD_ADVICE_LABELS, CHOICE_LABELS, MOTION_KIND_LABELS, PRACTICE_NOTICE } from '../../shared/labels.ts';
import { CHOICES, type Choice, type Split } from '../../shared/schemas.ts';
import { qrSvg } from '../../client-kit/qr.ts';
import type { KioskMember } from './api.ts';
import { h } from '../../client-kit/dom.ts';
import { formatTime, weightText } from '../../client-kit/format.ts';
import { reasonText, t, UNCERTAIN_TEXT } from './messages.ts';
import { DUTCH, heading, idleVotingScreen, lookingUpScreen, practiceNotice, reasonBlock, type Screen, type VotingActions, type VotingContext } from './views.ts';
import { SPLIT_PARTS, splitSum, type Choices, type Marked, type ProxyContext, type ScanRound, type SplitPart, type VotingView } from './ballot-model.ts';

function memberLine(member: KioskMember, lang: Lang): HTMLElement {
  return h(
    'p',
    { class: 'member' },
    h('span', { class: 'member__name' }, member.name),
    h('span', { class: 'member__sep' }, ' — '),
    h('span', { class: 'member__weight' }, weightText(member.weight, lang)),
  );
}

/** A card with proxies: whose ballot this is, what comes after it, and the proxies that do not apply now. */
function proxyBanner(proxy: ProxyContext | undefined, lang: Lang): HTMLElement | null {
  if (!proxy) return null;
  return h(
    'div',
    { class: 'proxy-banner', 'data-testid': 'proxy-banner' },
    h('p', { class: `tag${proxy.byProxy ? ' tag--proxy' : ''}` }, proxy.byProxy ? `${t('proxyFor', lang)}:` : t('proxyOwn', lang)),
    proxy.byProxy ? h('p', { class: 'hint' }, t('proxyHolder', lang, { name: proxy.holder.name })) : null,
    proxy.next.length ? h('p', { class: 'hint' }, t('proxyNext', lang, { count: proxy.next.length, names: proxy.next.map((m) => m.name).join(', ') })) : null,
    proxy.suspended.map((m) => h('p', { class: 'notice notice--info' }, t('proxySuspended', lang, { name: m.name }))),
  );
}

/** The receipts of a card with proxies: one per member, or why a ballot was not cast. */
/** One receipt per member of a card with proxies; in a secret round without the members' names (issue 23.1). */
function proxyReceipts(proxy: ProxyContext, lang: Lang, secret: boolean): HTMLElement {
  return h(
    'div',
    { class: 'proxy-receipts' },
    h('h2', null, t('proxyReceipts', lang)),
    h(
      'ul',
      { class: 'receipt-list' },
      proxy.receipts.map((r) =>
        h(
          'li',
          { class: 'receipt-list__item', 'data-testid': 'proxy-receipt' },
          secret ? null : memberLine(r.member, lang),
          r.byProxy && !secret ? h('span', { class: 'tag tag--proxy' }, t('viaProxy', lang)) : null,
          r.receipt
            ? h('span', { class: 'receipt__code' }, r.receipt)
            : h('span', { class: 'notice notice--warning' }, `${t('proxyNotCast', lang)}: ${reasonText(r.reason ?? 'internal').title[lang]}`),
        ),
      ),
    ),
  );
}

function choiceLabel(choice: Choice, lang: Lang): string {
  return CHOICE_LABELS[choice][lang];
}

/** "Voor 50 · Tegen 20 · Onthouding 5", parts of 0 left out. */
export function splitText(split: Split, lang: Lang): string {
  return SPLIT_PARTS.filter((p) => split[p] > 0).map((p) => `${choiceLabel(p, lang)} ${split[p]}`).join(' · ');
}

export function votingScreen(view: VotingView, lang: Lang, actions: VotingActions, context: VotingContext): Screen {
  switch (view.kind) {
    case 'idle':
      return idleVotingScreen(view.notice, lang, context.openRound, actions.dismiss);
    case 'looking-up':
      return lookingUpScreen(lang);
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
      return receiptScreen(view, lang, actions, context.receiptCheckUrl(), context.timeZone);
    case 'error':
      return reasonBlock(view.uncertain ? UNCERTAIN_TEXT : reasonText(view.reason), lang, actions.dismiss);
  }
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

function splitRestText(split: Split, weight: number, lang: Lang): string {
  const rest = weight - splitSum(split);
  return rest >= 0 ? t('splitRest', lang, { rest, weight }) : t('splitTooMany', lang, { over: -rest, weight });
}

/** Whole votes per choice with − and + (touch), a field (keyboard), and what is left to divide. */
function splitEditor(motionId: number, split: Split, weight: number, lang: Lang, actions: VotingActions): HTMLElement {
  const rest = weight - splitSum(split);
  const restText = splitRestText(split, weight, lang);
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
          // "Stemmen verdelen" gives its focus to the first field of the split it opens.
          'data-focus': p === 'for' ? `split-${motionId}-start` : null,
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
    // One vote cannot be divided: no split for a member of weight 1 (issue 22.3).
    const splittable = view.round.allowSplit && view.member.weight > 1;
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
        splittable && !splitting
          ? h('button', { type: 'button', class: 'btn btn--tool split__start', 'data-focus': `split-${motion.id}-start`, onclick: () => actions.startSplit(motion.id) }, t('splitStart', lang))
          : null,
      ),
    );
  });
  const splits = view.round.motions.flatMap((motion) => {
    const marked = view.choices[motion.id];
    if (marked === undefined || typeof marked === 'string') return [];
    return [{ ref: motion.ref, text: splitRestText(marked.split, view.member.weight, lang), over: splitSum(marked.split) > view.member.weight }];
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
    proxyBanner(view.proxy, lang),
    h('h1', { class: 'screen__title member-title', tabindex: -1, 'data-autofocus': true }, memberLine(view.member, lang)),
    view.round.practice ? practiceNotice(lang) : null,
    view.notice ? h('p', { class: 'notice notice--warning' }, t(view.notice, lang)) : null,
    h('p', { class: 'hint' }, `${t(view.round.allowSplit && view.member.weight > 1 ? 'chooseHelpSplit' : 'chooseHelp', lang)} ${view.round.secret ? t('secretRound', lang) : t('openRound', lang)}`),
    view.changing ? h('p', { class: 'notice notice--info' }, t('earlierBallot', lang)) : null,
    h('ol', { class: 'motions' }, motions),
    h(
      'div',
      { class: 'actions actions--sticky' },
      // What is left to divide stays in sight in the footer too, whatever part of a split is on
      // screen (issue 22.3: below the split it was under this footer at 1280×800).
      splits.length
        ? h('p', { class: 'split-rests', 'aria-hidden': 'true' }, splits.map((m) => h('span', { class: `split-rests__item${m.over ? ' split__rest--over' : ''}` }, `${m.ref}: ${m.text}`)))
        : null,
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
    proxyBanner(view.proxy, lang),
    memberLine(view.member, lang),
    view.round.practice ? practiceNotice(lang) : null,
    summary(view.round, view.choices, view.member.weight, lang),
    h('p', { class: 'hint' }, t('confirmHelp', lang)),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'btn btn--primary btn--confirm', 'data-focus': 'confirm', onclick: actions.confirm }, t('confirm', lang)),
      view.proxy?.next.length && Object.values(view.choices).every((m) => typeof m === 'string')
        ? h('button', { type: 'button', class: 'btn btn--primary', 'data-focus': 'confirm-all', title: t('sameForAllHelp', lang), onclick: actions.confirmAll }, t('sameForAll', lang))
        : null,
      h('button', { type: 'button', class: 'btn btn--secondary', 'data-focus': 'back', onclick: actions.back }, t('change', lang)),
      h('button', { type: 'button', class: 'btn btn--secondary', 'data-focus': 'cancel', onclick: actions.cancel }, t('cancel', lang)),
    ),
  );
  return { body, announce: `${t('confirmTitle', lang)}. ${t('confirmHelp', lang)}` };
}

/** The receipt code as a QR code, for the member to photograph (issue 22.3). */
function receiptQr(receipt: string, lang: Lang): HTMLElement {
  const svg = new DOMParser().parseFromString(qrSvg(receipt), 'image/svg+xml').documentElement;
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('receiptQr', lang, { receipt }));
  svg.setAttribute('class', 'receipt__qr');
  svg.setAttribute('data-testid', 'receipt-qr');
  return document.importNode(svg, true) as unknown as HTMLElement;
}

function receiptScreen(view: Extract<VotingView, { kind: 'receipt' }>, lang: Lang, actions: VotingActions, checkUrl: string, timeZone: string): Screen {
  const time = formatTime(view.castAt, lang, timeZone);
  const secret = view.round.secret;
  const body = h(
    'section',
    { class: 'screen screen--receipt' },
    h('div', { class: 'badge badge--ok', 'aria-hidden': 'true' }, '✓'),
    heading(t('castTitle', lang)),
    // In a secret round nothing beside the receipt says whose it is (issue 23.1): after the close
    // the receipt leads to the choices, and the next person in line can read this screen.
    secret ? h('p', { class: 'lead' }, t('secretReceipt', lang)) : memberLine(view.proxy?.holder ?? view.member, lang),
    view.round.practice ? practiceNotice(lang) : null,
    view.replaced ? h('p', { class: 'lead' }, t('replaced', lang)) : null,
    view.proxy
      ? proxyReceipts(view.proxy, lang, secret)
      : h(
          'div',
          { class: 'receipt-box' },
          h(
            'dl',
            { class: 'receipt' },
            h('div', null, h('dt', null, t('receipt', lang)), h('dd', { class: 'receipt__code', 'data-testid': 'receipt' }, view.receipt)),
            h('div', null, h('dt', null, t('castAt', lang)), h('dd', { class: 'receipt__time' }, h('time', { datetime: view.castAt }, time))),
          ),
          receiptQr(view.receipt, lang),
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
