/** The "Stemmen" tab: the live panel of the open round, a new round, prepared rounds, earlier rounds. */
import { h } from '../../../client-kit/dom.ts';
import { openRoundOf, sortedRounds } from '../store.ts';
import type { Ui } from '../ui.ts';
import { renderLivePanel } from './live-panel.ts';
import { renderNewRound } from './new-round.ts';
import { renderRoundCard } from './round-card.ts';

export function renderVoteTab(ui: Ui): Node {
  const { t, state } = ui;
  const open = openRoundOf(state);
  const drafts = sortedRounds(state)
    .filter((r) => r.state === 'draft')
    .reverse();
  const earlier = sortedRounds(state).filter((r) => r.state === 'closed' || r.state === 'cancelled');
  // DOM order (also the reading and tab order): the open round, a new round, prepared, earlier.
  // On a laptop the new round sits in a right-hand column; on a tablet everything is one column.
  return h(
    'div',
    { class: 'vote-layout' },
    open
      ? renderLivePanel(ui, open)
      : h('section', { class: 'panel empty-live vote-cell', 'aria-labelledby': 'live-none' }, h('h2', { id: 'live-none' }, t('noOpenRound'))),
    h('div', { class: 'vote-side' }, renderNewRound(ui, Boolean(open))),
    drafts.length > 0
      ? h(
          'section',
          { class: 'panel vote-cell', 'aria-labelledby': 'drafts-title' },
          h('h2', { id: 'drafts-title' }, t('draftRounds')),
          h('ul', { class: 'plain' }, drafts.map((r) => h('li', {}, renderRoundCard(ui, r, Boolean(open))))),
        )
      : null,
    h(
      'section',
      { class: 'panel vote-cell', 'aria-labelledby': 'history-title' },
      h('h2', { id: 'history-title' }, t('roundHistory')),
      earlier.length === 0 ? h('p', {}, t('noRounds')) : h('ul', { class: 'plain' }, earlier.map((r) => h('li', {}, renderRoundCard(ui, r, Boolean(open))))),
    ),
  );
}
