/** The open round as the chair follows it: time since opening, turnout, the tally, who has not voted yet. */
import { h } from '../../../client-kit/dom.ts';
import { formatElapsed, formatPercent, localeOf, share } from '../../../client-kit/format.ts';
import type { MemberRef, Round } from '../../../shared/schemas.ts';
import type { Ui } from '../ui.ts';
import { confirmCancel, confirmClose, confirmRevote, renderRevealed } from './round-card.ts';
import { renderRollCall, renderTallyTable, roundBadges } from './round-parts.ts';

export function renderLivePanel(ui: Ui, round: Round): Node {
  const { t, n, state } = ui;
  const titleId = 'live-title';
  const presentWeight = state.presence.weight;
  // Present is counted now, voted since the round opened: someone may have voted and left.
  const base = Math.max(presentWeight, round.voted.weight);
  const votedShare = formatPercent(round.voted.weight, base || 1, ui.lang, 0);
  const notVoted = [...(round.notVoted ?? [])].sort((a, b) => a.name.localeCompare(b.name, localeOf('nl')));
  return h(
    'section',
    { class: 'panel live-panel vote-cell', 'aria-labelledby': titleId, 'data-round-id': round.id },
    h(
      'div',
      { class: 'live-head' },
      h('h2', { id: titleId, tabindex: -1 }, t('openRoundTitle', { id: round.number })),
      round.openedAt
        ? h(
            'p',
            { class: 'elapsed' },
            h('span', { class: 'muted' }, `${t('elapsed')}: `),
            h('strong', { class: 'timer', 'data-since': round.openedAt }, formatElapsed(round.openedAt, Date.now())),
            h('span', { class: 'muted' }, ` (${t('openedAt', { time: ui.time(round.openedAt) })})`),
          )
        : null,
    ),
    roundBadges(ui, round),
    h(
      'div',
      { class: 'turnout', role: 'group', 'aria-label': t('turnout') },
      h(
        'div',
        { class: 'stat' },
        h('span', { class: 'stat-label' }, t('presentNow')),
        h('span', { class: 'stat-value', 'data-testid': 'present-weight' }, t('weightVotes', { weight: n(presentWeight) })),
        h('span', { class: 'stat-sub', 'data-testid': 'present-count' }, t('countMembers', { count: n(state.presence.count) })),
      ),
      h(
        'div',
        { class: 'stat' },
        h('span', { class: 'stat-label' }, t('voted')),
        h('span', { class: 'stat-value', 'data-testid': 'voted-weight' }, t('weightVotes', { weight: n(round.voted.weight) })),
        h('span', { class: 'stat-sub', 'data-testid': 'voted-count' }, t('countMembers', { count: n(round.voted.count) })),
        h('progress', { max: 100, value: Math.round(share(round.voted.weight, base)), 'aria-label': t('votedShare', { pct: votedShare }) }),
        h('span', { class: 'muted small' }, t('votedShare', { pct: votedShare })),
      ),
    ),
    renderTallyTable(ui, round, false),
    round.secret ? renderSecrecy(ui, round) : null,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'primary', id: 'close-round', onclick: () => void confirmClose(ui, round) }, t('closeRound')),
      h('button', { type: 'button', class: 'secondary', id: 'revote-open', onclick: () => void confirmRevote(ui, round) }, t('revote')),
      h('button', { type: 'button', class: 'danger-outline', id: 'cancel-round', onclick: () => void confirmCancel(ui, round) }, t('cancelRound')),
    ),
    renderNotVoted(ui, round, notVoted),
    renderRollCall(ui, round),
  );
}

/** An open secret round: how many voted, the minimum, and whom its totals would give away now. */
function renderSecrecy(ui: Ui, round: Round): Node {
  const { t, n, state } = ui;
  const id = 'secrecy-title';
  const known = state.secrecy?.roundId === round.id && state.secrecy.count === round.voted.count ? state.secrecy.check : null;
  // Asked again after each ballot; the panel is drawn again when it arrives.
  if (!known) void ui.act.secrecyCheck(round);
  return h(
    'section',
    { class: 'secrecy', 'aria-labelledby': id, 'data-testid': 'secrecy' },
    h('h3', { id }, t('secrecyTitle')),
    known
      ? [h('p', { class: known.ballots < known.min ? 'warning' : '' }, t('secrecyBallots', { count: n(known.ballots), min: n(known.min) })), renderRevealed(ui, known)]
      : h('p', { class: 'muted' }, t('secrecyChecking')),
  );
}

function renderNotVoted(ui: Ui, round: Round, notVoted: MemberRef[]): Node {
  const { t, n } = ui;
  const id = 'not-voted-title';
  return h(
    'section',
    { class: 'not-voted', 'aria-labelledby': id },
    h('h3', { id }, t('notVotedTitle', { count: n(notVoted.length) })),
    round.notVoted === undefined
      ? h('p', { class: 'muted' }, t('notVotedSecretOnly'))
      : notVoted.length === 0
        ? h('p', {}, t('notVotedNone'))
        : // A scroll box when long: reachable and scrollable by keyboard, named for screen readers.
          h(
            'div',
            { class: 'scroll-box name-box', tabindex: 0, role: 'region', 'aria-label': t('notVotedListLabel') },
            h(
              'ul',
              { class: 'name-grid', 'data-testid': 'not-voted' },
              notVoted.map((m) => h('li', {}, h('span', {}, m.name), h('span', { class: 'weight' }, n(m.weight)))),
            ),
          ),
  );
}

/** Moves the focus to the live panel (after a round was opened here) and shows it; true when it was there. */
export function focusLivePanel(): boolean {
  const title = document.getElementById('live-title');
  if (!title) return false;
  title.focus({ preventScroll: true });
  // The live panel comes first in the tab: the top of the page shows it with the header and presence.
  window.scrollTo(0, 0);
  return true;
}

/** Updates every running "time since opening" counter without redrawing. */
export function tickTimers(): void {
  const now = Date.now();
  for (const el of document.querySelectorAll<HTMLElement>('[data-since]')) {
    el.textContent = formatElapsed(el.dataset.since ?? '', now);
  }
}
