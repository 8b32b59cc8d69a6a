/**
 * The "Stemmen" tab: the live panel of the open round, the practice vote, the hall screen, a new
 * round, prepared rounds, earlier rounds.
 */
import { h } from '../../../client-kit/dom.ts';
import { MOTION_KIND_LABELS } from '../../../shared/labels.ts';
import { displayOrder } from '../order.ts';
import { allMotions, motionById, openRoundOf, practiceMotions, sortedRounds } from '../store.ts';
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
  // DOM order (also the reading and tab order): the open round, the practice vote and the hall
  // screen, a new round, prepared, earlier. On a laptop the side column sits on the right; on a
  // tablet everything is one column.
  return h(
    'div',
    { class: 'vote-layout' },
    open
      ? renderLivePanel(ui, open)
      : h('section', { class: 'panel empty-live vote-cell', 'aria-labelledby': 'live-none' }, h('h2', { id: 'live-none' }, t('noOpenRound'))),
    h('div', { class: 'vote-side' }, renderPractice(ui, Boolean(open)), renderProjector(ui), renderNewRound(ui, Boolean(open))),
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

/**
 * "Proefstemming houden" at the start of the meeting: shown while the agenda has a practice motion
 * that can be put to the vote. Once held, it can be held again, but no longer comes first.
 */
function renderPractice(ui: Ui, anotherOpen: boolean): Node | null {
  const { t, state } = ui;
  const motions = practiceMotions(state);
  if (motions.length === 0) return null;
  const held = sortedRounds(state).find((r) => r.practice && r.state === 'closed');
  const refs = motions.map((m) => m.ref).join(', ');
  return h(
    'section',
    { class: `panel practice-panel ${held ? 'held' : ''}`, 'aria-labelledby': 'practice-title' },
    h('h2', { id: 'practice-title' }, t('practiceTitle')),
    held ? h('p', { class: 'small' }, t('practiceHeldNote', { id: held.number })) : h('p', {}, t('practiceIntro', { ref: refs })),
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        {
          type: 'button',
          class: held ? 'secondary' : 'primary',
          id: 'hold-practice',
          disabled: anotherOpen,
          'aria-describedby': anotherOpen ? 'practice-blocked' : null,
          onclick: () => void ui.act.holdPractice(),
        },
        held ? t('holdPracticeAgain') : t('holdPractice'),
      ),
    ),
    anotherOpen ? h('p', { id: 'practice-blocked', class: 'small muted' }, t('anotherOpen')) : null,
  );
}

/** What the hall screen shows now, and the chair's way to show a motion on it or go back to automatic. */
function renderProjector(ui: Ui): Node {
  const { t, state, act } = ui;
  const projector = state.projector;
  const shown = projector?.show === 'motion' ? motionById(state, projector.motionId) : undefined;
  const meeting = state.meeting;
  return h(
    'section',
    { class: 'panel projector-panel', 'aria-labelledby': 'projector-title' },
    h('h2', { id: 'projector-title' }, t('projectorTitle')),
    h(
      'p',
      { 'data-testid': 'projector-state', class: shown ? 'projector-now motion' : 'projector-now' },
      h('strong', {}, `${t('onScreenNow')}: `),
      projector === null
        ? t('projectorUnknown')
        : shown
          ? [h('span', { class: 'ref' }, shown.ref), ' — ', h('span', { lang: 'nl' }, shown.title)]
          : t('projectorAuto'),
    ),
    shown ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', id: 'projector-auto', onclick: () => void act.projectorAuto() }, t('backToAuto'))) : null,
    meeting && allMotions(state).length > 0
      ? h(
          'form',
          {
            class: 'projector-choose',
            onsubmit: (event: Event) => {
              event.preventDefault();
              const id = Number(new FormData(event.target as HTMLFormElement).get('motion'));
              const motion = motionById(state, id);
              if (motion) void act.showOnProjector(motion);
            },
          },
          // A list of choices, not a select: a select cuts long motion titles at its width.
          h(
            'fieldset',
            {},
            h('legend', {}, t('showOnScreen')),
            h(
              'ul',
              { class: 'plain choose-list projector-list' },
              displayOrder(meeting.agenda).map((e) => {
                const id = `projector-motion-${e.motion.id}`;
                return h(
                  'li',
                  { class: `choose-row ${e.parent ? 'indent' : ''}` },
                  // Named apart from the new round's checkbox of the same motion.
                  h('input', { type: 'radio', name: 'motion', id, value: e.motion.id, checked: shown?.id === e.motion.id, 'aria-label': `${t('showOnScreen')}: ${e.motion.ref} ${e.motion.title}` }),
                  h('label', { for: id }, h('span', { class: 'ref' }, e.motion.ref), ' ', h('span', { class: 'kind' }, ui.label(MOTION_KIND_LABELS, e.motion.kind)), ' — ', h('span', { lang: 'nl' }, e.motion.title)),
                );
              }),
            ),
          ),
          h('button', { type: 'submit', class: 'secondary', id: 'projector-show' }, t('showOnScreen')),
        )
      : null,
    meeting ? h('p', { class: 'small' }, h('a', { href: `/projector/?meeting=${meeting.id}`, target: '_blank', rel: 'noopener' }, t('openProjector'))) : null,
  );
}
