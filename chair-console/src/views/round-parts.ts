/** Pieces that the live panel and the round cards both show: the options as badges, the tally table, a motion's line. */
import { h } from '../../../client-kit/dom.ts';
import { formatPercent } from '../../../client-kit/format.ts';
import { CHOICE_LABELS, describeChoice, MAJORITY_LABELS, MOTION_KIND_LABELS, OUTCOME_LABELS } from '../../../shared/labels.ts';
import { isSplit, type Choice, type Round, type Tally } from '../../../shared/schemas.ts';
import { projectedOutcome } from '../order.ts';
import { motionById } from '../store.ts';
import type { Ui } from '../ui.ts';

export function roundBadges(ui: Ui, round: Round): Node {
  const { t } = ui;
  return h(
    'ul',
    { class: 'badges', 'aria-label': t('options') },
    round.practice ? h('li', { class: 'badge badge-practice', 'data-testid': 'practice-badge' }, t('practiceBadge')) : null,
    h('li', { class: `badge ${round.secret ? 'badge-strong' : ''}` }, round.secret ? t('secretBadge') : t('openBadge')),
    round.allowChange ? h('li', { class: 'badge' }, t('changeBadge')) : null,
    h('li', { class: 'badge' }, ui.label(MAJORITY_LABELS, round.majority)),
    round.quorumPercent > 0 ? h('li', { class: 'badge' }, t('quorumBadge', { pct: round.quorumPercent })) : null,
    round.state === 'open' || round.state === 'draft'
      ? h('li', { class: `badge ${round.showLive ? '' : 'badge-warn'}` }, round.showLive ? t('shownToPublic') : t('hiddenFromPublic'))
      : null,
  );
}

export function motionLine(ui: Ui, id: number): Node {
  const motion = motionById(ui.state, id);
  if (!motion) return h('span', {}, `#${id}`);
  return h('span', {}, h('span', { class: 'ref' }, motion.ref), ' ', h('span', { class: 'kind' }, ui.label(MOTION_KIND_LABELS, motion.kind)), ' — ', h('span', { lang: 'nl' }, motion.title));
}

export function renderTallyTable(ui: Ui, round: Round, final: boolean): Node {
  const { t } = ui;
  const tallies = round.tallies ?? [];
  if (tallies.length === 0) {
    return h(
      'div',
      {},
      h('ul', { class: 'plain motion-refs' }, round.motionIds.map((id) => h('li', {}, motionLine(ui, id)))),
      // A secret round shows no figures until close, not to the chair either (successive tallies would
      // tell who voted what).
      round.state === 'open' && round.tallies === undefined ? h('p', { class: 'small muted' }, round.secret ? t('secretNoTally') : t('noTallyYet')) : null,
    );
  }
  return h(
    'div',
    { class: 'tally-block' },
    round.practice ? null : decisionRule(ui, round, tallies[0]),
    h(
    'table',
    { class: 'tally' },
    h('caption', {}, final ? t('finalCaption') : t('tallyCaption')),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, t('motion')),
        h('th', { scope: 'col', class: 'num' }, ui.label(CHOICE_LABELS, 'for')),
        h('th', { scope: 'col', class: 'num' }, ui.label(CHOICE_LABELS, 'against')),
        h('th', { scope: 'col', class: 'num' }, ui.label(CHOICE_LABELS, 'abstain')),
        h('th', { scope: 'col' }, final ? t('outcome') : t('provisionalHead')),
      ),
    ),
    h('tbody', {}, tallies.map((tally) => tallyRow(ui, tally, round))),
    ),
  );
}

/**
 * What decides, in words, above the figures: the majority (and that abstentions do not count) and,
 * with a quorum, how far the weight present is from it now (shared/decision.ts decides the same).
 */
function decisionRule(ui: Ui, round: Round, first: Tally): Node {
  const { t, n } = ui;
  const majority = ui.label(MAJORITY_LABELS, round.majority);
  const rule = round.majority === 'two_thirds' ? t('ruleTwoThirds') : t('ruleSimple');
  const lines: Node[] = [h('p', { class: 'small rule-line' }, t('majorityRule', { majority, rule }))];
  if (round.quorumPercent > 0) {
    const needed = Math.ceil((round.quorumPercent * first.entitled.weight) / 100);
    lines.push(
      h(
        'p',
        { class: `small quorum-line ${first.quorumMet ? 'quorum-met' : 'quorum-not-met'}`, 'data-testid': 'quorum-line' },
        t('quorumLine', {
          pct: round.quorumPercent,
          present: n(first.present.weight),
          entitled: n(first.entitled.weight),
          share: formatPercent(first.present.weight, first.entitled.weight || 1, ui.lang, 1),
          needed: n(needed),
          state: first.quorumMet ? t('quorumMetNow') : t('quorumNotMetNow'),
        }),
      ),
    );
  }
  return h('div', { class: 'decision-rule' }, lines);
}

/**
 * Who voted what, by name: the chair's roll call of an open round while it runs, everyone's after
 * close; a split vote as its parts ("voor 50 / tegen 20 / onthouding 5"). Never for a secret round.
 */
export function renderRollCall(ui: Ui, round: Round): Node | null {
  const { t, n, state } = ui;
  const rollCall = round.rollCall;
  if (!rollCall || rollCall.length === 0) return null;
  const words = Object.fromEntries((['for', 'against', 'abstain'] as Choice[]).map((c) => [c, ui.label(CHOICE_LABELS, c).toLowerCase()])) as Record<Choice, string>;
  const refs = round.motionIds.map((id) => motionById(state, id)?.ref ?? `#${id}`);
  const titleId = `roll-call-${round.id}`;
  const entries = [...rollCall].sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  return h(
    'details',
    {
      class: 'roll-call',
      'data-testid': 'roll-call',
      open: state.rollCallsOpen.has(round.id),
      ontoggle: (event: Event) => ui.act.showRollCall(round.id, (event.currentTarget as HTMLDetailsElement).open),
    },
    h('summary', { id: titleId }, t('rollCallTitle', { count: n(rollCall.length) })),
    h(
      'div',
      { class: 'scroll-box', tabindex: 0, role: 'region', 'aria-labelledby': titleId },
      h(
        'table',
        { class: 'list compact' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('member')), h('th', { scope: 'col', class: 'num' }, t('weight')), refs.map((ref) => h('th', { scope: 'col' }, ref)))),
        h(
          'tbody',
          {},
          entries.map((entry) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, entry.name),
              h('td', { class: 'num' }, n(entry.weight)),
              round.motionIds.map((id) => {
                const choice = entry.choices.find((c) => c.motionId === id);
                if (!choice) return h('td', {}, '—');
                return h('td', { class: isSplit(choice) ? 'split' : '' }, describeChoice(choice, words, n), isSplit(choice) ? h('span', { class: 'small muted' }, ` (${t('splitNote')})`) : null);
              }),
            ),
          ),
        ),
      ),
    ),
  );
}

function tallyRow(ui: Ui, tally: Tally, round: Round): Node {
  const { t, n } = ui;
  const motion = motionById(ui.state, tally.motionId);
  // The bar is what decides: for against for + against (abstentions count in neither), with a line
  // at what adoption needs; nothing decided yet is an empty grey bar, not a red one.
  const decided = tally.for.weight + tally.against.weight;
  const forPct = decided > 0 ? (100 * tally.for.weight) / decided : 0;
  const bar = h('span', { class: 'bar-for' });
  bar.style.width = `${forPct}%`;
  const mark = h('span', { class: 'bar-mark' });
  mark.style.left = round.majority === 'two_thirds' ? '66.667%' : '50%';
  const notes: string[] = [];
  if (tally.tie && !round.practice) notes.push(t('tie'));
  if (!tally.quorumMet && !round.practice) notes.push(t('quorumNotMet'));
  const projected = projectedOutcome(tally, round);
  return h(
    'tr',
    { 'data-motion-id': tally.motionId },
    h('th', { scope: 'row' }, h('span', { class: 'ref' }, tally.ref), ' ', motion ? h('span', { class: 'motion-title', lang: 'nl' }, motion.title) : null),
    h('td', { class: 'num' }, `${n(tally.for.weight)} (${n(tally.for.count)})`),
    h('td', { class: 'num' }, `${n(tally.against.weight)} (${n(tally.against.count)})`),
    h('td', { class: 'num' }, `${n(tally.abstain.weight)} (${n(tally.abstain.count)})`),
    h(
      'td',
      { class: 'outcome-cell' },
      // A practice round decides nothing: no outcome, also not a provisional one.
      round.practice
        ? h('span', { class: 'muted', 'data-testid': 'practice-outcome' }, t('practiceNoDecision'))
        : tally.outcome
        ? h('strong', { class: `outcome outcome-${tally.outcome}` }, ui.label(OUTCOME_LABELS, tally.outcome))
        : tally.cast.count === 0
          ? '—'
          : h('span', { class: `projected outcome-${projected}`, 'data-testid': 'provisional' }, t('provisional', { outcome: ui.label(OUTCOME_LABELS, projected).toLowerCase() })),
      notes.length ? h('span', { class: 'small muted' }, ` (${notes.join('; ')})`) : null,
      h('span', { class: `bar ${decided > 0 ? '' : 'bar-empty'}`, role: 'img', 'aria-label': t('barLabel', { pct: formatPercent(tally.for.weight, decided || 1, ui.lang, 1) }) }, bar, round.practice ? null : mark),
    ),
  );
}
