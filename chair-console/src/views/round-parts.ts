/** Pieces that the live panel and the round cards both show: the options as badges, the tally table, a motion's line. */
import { h } from '../../../client-kit/dom.ts';
import { CHOICE_LABELS, MAJORITY_LABELS, MOTION_KIND_LABELS, OUTCOME_LABELS } from '../../../shared/labels.ts';
import type { Round, Tally } from '../../../shared/schemas.ts';
import { projectedOutcome } from '../order.ts';
import { motionById } from '../store.ts';
import type { Ui } from '../ui.ts';

export function roundBadges(ui: Ui, round: Round): Node {
  const { t } = ui;
  return h(
    'ul',
    { class: 'badges', 'aria-label': t('options') },
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
  return h('span', {}, h('span', { class: 'ref' }, motion.ref), ' ', h('span', { class: 'kind' }, ui.label(MOTION_KIND_LABELS, motion.kind)), ' — ', motion.title);
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
        h('th', { scope: 'col' }, final ? t('outcome') : t('currently')),
      ),
    ),
    h('tbody', {}, tallies.map((tally) => tallyRow(ui, tally, round))),
  );
}

function tallyRow(ui: Ui, tally: Tally, round: Round): Node {
  const { t, n } = ui;
  const motion = motionById(ui.state, tally.motionId);
  const decided = tally.for.weight + tally.against.weight;
  const forPct = decided > 0 ? (100 * tally.for.weight) / decided : 0;
  const bar = h('span', { class: 'bar-for' });
  bar.style.width = `${forPct}%`;
  const notes: string[] = [];
  if (tally.tie) notes.push(t('tie'));
  if (!tally.quorumMet) notes.push(t('quorumNotMet'));
  const projected = projectedOutcome(tally, round);
  return h(
    'tr',
    { 'data-motion-id': tally.motionId },
    h('th', { scope: 'row' }, h('span', { class: 'ref' }, tally.ref), ' ', motion ? h('span', { class: 'motion-title' }, motion.title) : null),
    h('td', { class: 'num' }, `${n(tally.for.weight)} (${n(tally.for.count)})`),
    h('td', { class: 'num' }, `${n(tally.against.weight)} (${n(tally.against.count)})`),
    h('td', { class: 'num' }, `${n(tally.abstain.weight)} (${n(tally.abstain.count)})`),
    h(
      'td',
      { class: 'outcome-cell' },
      tally.outcome
        ? h('strong', { class: `outcome outcome-${tally.outcome}` }, ui.label(OUTCOME_LABELS, tally.outcome))
        : tally.cast.count === 0
          ? '—'
          : h('span', { class: `projected outcome-${projected}` }, ui.label(OUTCOME_LABELS, projected)),
      notes.length ? h('span', { class: 'small muted' }, ` (${notes.join('; ')})`) : null,
      h('span', { class: 'bar', 'aria-hidden': 'true' }, bar),
    ),
  );
}
