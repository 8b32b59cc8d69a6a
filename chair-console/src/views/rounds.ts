/** The "Stemmen" tab: the live panel of the open round, prepared rounds, a new round, earlier rounds. */
import * as api from '../api.ts';
import { formatElapsed, formatNumber, formatTime, h, openDialog, uid } from '../dom.ts';
import { label, lang, t } from '../i18n.ts';
import { orderWarnings, sortForVote, suggestNext, motionsInPlay, displayOrder, isVotable, projectedOutcome } from '../order.ts';
import { emptyDraft, motionById, openRound, runAction, sortedRounds, state } from '../state.ts';
import { CHOICE_LABELS, MOTION_KIND_LABELS, MOTION_STATUS_LABELS, OUTCOME_LABELS, ROUND_STATE_LABELS } from '../../../shared/labels.ts';
import type { Round, Tally } from '../../../shared/schemas.ts';

const n = (value: number) => formatNumber(value, lang());

export function renderVoteTab(): Node {
  const open = openRound();
  const drafts = sortedRounds()
    .filter((r) => r.state === 'draft')
    .reverse();
  const earlier = sortedRounds().filter((r) => r.state === 'closed' || r.state === 'cancelled');
  // DOM order (also the reading and tab order): the open round, a new round, prepared, earlier.
  // On a laptop the new round sits in a right-hand column; on a tablet everything is one column.
  return h(
    'div',
    { class: 'vote-layout' },
    open
      ? renderLivePanel(open)
      : h('section', { class: 'panel empty-live vote-cell', 'aria-labelledby': 'live-none' }, h('h2', { id: 'live-none' }, t('noOpenRound'))),
    h('div', { class: 'vote-side' }, renderNewRound(Boolean(open))),
    drafts.length > 0
      ? h(
          'section',
          { class: 'panel vote-cell', 'aria-labelledby': 'drafts-title' },
          h('h2', { id: 'drafts-title' }, t('draftRounds')),
          h('ul', { class: 'plain' }, drafts.map((r) => h('li', {}, renderRoundCard(r, Boolean(open))))),
        )
      : null,
    h(
      'section',
      { class: 'panel vote-cell', 'aria-labelledby': 'history-title' },
      h('h2', { id: 'history-title' }, t('roundHistory')),
      earlier.length === 0 ? h('p', {}, t('noRounds')) : h('ul', { class: 'plain' }, earlier.map((r) => h('li', {}, renderRoundCard(r, Boolean(open))))),
    ),
  );
}

// ---------- live panel ----------

function renderLivePanel(round: Round): Node {
  const titleId = 'live-title';
  const presentWeight = state.presence.weight;
  const votedPct = presentWeight > 0 ? Math.min(100, Math.round((100 * round.voted.weight) / presentWeight)) : 0;
  const notVoted = [...(round.notVoted ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  return h(
    'section',
    { class: 'panel live-panel vote-cell', 'aria-labelledby': titleId, 'data-round-id': round.id },
    h(
      'div',
      { class: 'live-head' },
      h('h2', { id: titleId, tabindex: -1 }, t('openRoundTitle', { id: round.id })),
      round.openedAt
        ? h(
            'p',
            { class: 'elapsed' },
            h('span', { class: 'muted' }, `${t('elapsed')}: `),
            h('strong', { class: 'timer', 'data-since': round.openedAt }, formatElapsed(round.openedAt, Date.now())),
            h('span', { class: 'muted' }, ` (${t('openedAt', { time: formatTime(round.openedAt, lang()) })})`),
          )
        : null,
    ),
    roundBadges(round),
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
        h('progress', { max: 100, value: votedPct, 'aria-label': t('votedShare', { pct: votedPct }) }),
        h('span', { class: 'muted small' }, t('votedShare', { pct: votedPct })),
      ),
    ),
    renderTallyTable(round, false),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'primary', id: 'close-round', onclick: () => void confirmClose(round) }, t('closeRound')),
      h('button', { type: 'button', class: 'secondary', id: 'revote-open', onclick: () => void confirmRevote(round) }, t('revote')),
      h('button', { type: 'button', class: 'danger-outline', id: 'cancel-round', onclick: () => void confirmCancel(round) }, t('cancelRound')),
    ),
    renderNotVoted(round, notVoted),
  );
}

function renderNotVoted(round: Round, notVoted: { code: string; name: string; weight: number }[]): Node {
  const id = 'not-voted-title';
  return h(
    'section',
    { class: 'not-voted', 'aria-labelledby': id },
    h('h3', { id }, t('notVotedTitle', { count: n(notVoted.length) })),
    round.notVoted === undefined
      ? h('p', { class: 'muted' }, t('notVotedSecretOnly'))
      : notVoted.length === 0
        ? h('p', {}, t('notVotedNone'))
        : h(
            'ul',
            { class: 'name-grid', 'data-testid': 'not-voted' },
            notVoted.map((m) => h('li', {}, h('span', {}, m.name), h('span', { class: 'weight' }, n(m.weight)))),
          ),
  );
}

function roundBadges(round: Round): Node {
  return h(
    'ul',
    { class: 'badges', 'aria-label': t('options') },
    h('li', { class: `badge ${round.secret ? 'badge-strong' : ''}` }, round.secret ? t('secretBadge') : t('openBadge')),
    round.allowChange ? h('li', { class: 'badge' }, t('changeBadge')) : null,
    h('li', { class: 'badge' }, round.majority === 'two_thirds' ? t('twoThirdsBadge') : t('simpleBadge')),
    round.quorumPercent > 0 ? h('li', { class: 'badge' }, t('quorumBadge', { pct: round.quorumPercent })) : null,
    round.state === 'open' || round.state === 'draft'
      ? h('li', { class: `badge ${round.showLive ? '' : 'badge-warn'}` }, round.showLive ? t('shownToPublic') : t('hiddenFromPublic'))
      : null,
  );
}

function renderTallyTable(round: Round, final: boolean): Node {
  const tallies = round.tallies ?? [];
  if (tallies.length === 0) {
    return h(
      'div',
      {},
      h('ul', { class: 'plain motion-refs' }, round.motionIds.map((id) => h('li', {}, motionLine(id)))),
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
        h('th', { scope: 'col', class: 'num' }, label(CHOICE_LABELS, 'for')),
        h('th', { scope: 'col', class: 'num' }, label(CHOICE_LABELS, 'against')),
        h('th', { scope: 'col', class: 'num' }, label(CHOICE_LABELS, 'abstain')),
        h('th', { scope: 'col' }, final ? t('outcome') : t('currently')),
      ),
    ),
    h('tbody', {}, tallies.map((tally) => tallyRow(tally, round))),
  );
}

function tallyRow(tally: Tally, round: Round): Node {
  const motion = motionById(tally.motionId);
  const decided = tally.for.weight + tally.against.weight;
  const forPct = decided > 0 ? (100 * tally.for.weight) / decided : 0;
  const bar = h('span', { class: 'bar-for' });
  bar.style.width = `${forPct}%`;
  const notes: string[] = [];
  if (tally.tie) notes.push(t('tie'));
  if (!tally.quorumMet) notes.push(t('quorumNotMet'));
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
        ? h('strong', { class: `outcome outcome-${tally.outcome}` }, label(OUTCOME_LABELS, tally.outcome))
        : tally.cast.count === 0
          ? '—'
          : h('span', { class: `projected outcome-${projectedOutcome(tally, round)}` }, label(OUTCOME_LABELS, projectedOutcome(tally, round))),
      notes.length ? h('span', { class: 'small muted' }, ` (${notes.join('; ')})`) : null,
      h('span', { class: 'bar', 'aria-hidden': 'true' }, bar),
    ),
  );
}

function motionLine(id: number): Node {
  const motion = motionById(id);
  if (!motion) return h('span', {}, `#${id}`);
  return h('span', {}, h('span', { class: 'ref' }, motion.ref), ' ', h('span', { class: 'kind' }, label(MOTION_KIND_LABELS, motion.kind)), ' — ', motion.title);
}

// ---------- round cards (draft, closed, cancelled) ----------

function renderRoundCard(round: Round, anotherOpen: boolean): Node {
  const titleId = `round-${round.id}-title`;
  const times: string[] = [];
  if (round.openedAt) times.push(t('openedAt', { time: formatTime(round.openedAt, lang()) }));
  if (round.closedAt) times.push(t('closedAt', { time: formatTime(round.closedAt, lang()) }));
  if (round.cancelledAt) times.push(t('cancelledAt', { time: formatTime(round.cancelledAt, lang()) }));
  return h(
    'article',
    { class: `round-card state-${round.state}`, 'aria-labelledby': titleId, 'data-round-id': round.id },
    h(
      'div',
      { class: 'round-head' },
      h('h3', { id: titleId }, t('roundLabel', { id: round.id })),
      h('span', { class: `state-badge state-${round.state}` }, label(ROUND_STATE_LABELS, round.state)),
      times.length ? h('span', { class: 'muted small' }, times.join(' · ')) : null,
    ),
    roundBadges(round),
    round.state === 'closed' ? renderTallyTable(round, true) : h('ul', { class: 'plain motion-refs' }, round.motionIds.map((id) => h('li', {}, motionLine(id)))),
    round.cancelReason ? h('p', { class: 'small' }, t('reason', { reason: round.cancelReason })) : null,
    round.headHash ? h('p', { class: 'small muted hash' }, `${t('headHash')}: `, h('code', {}, round.headHash)) : null,
    h(
      'div',
      { class: 'actions' },
      round.state === 'draft'
        ? [
            h(
              'button',
              {
                type: 'button',
                class: 'primary',
                disabled: anotherOpen,
                'aria-describedby': anotherOpen ? `open-blocked-${round.id}` : null,
                onclick: () =>
                  void runAction(async () => {
                    const opened = await api.openRound(round.id);
                    requestLiveFocus();
                    return t('roundOpened', { id: opened.id });
                  }),
              },
              t('openRound'),
            ),
            anotherOpen ? h('span', { id: `open-blocked-${round.id}`, class: 'small muted' }, t('anotherOpen')) : null,
            h('button', { type: 'button', class: 'danger-outline', onclick: () => void confirmCancel(round) }, t('cancelRound')),
          ]
        : null,
      round.state === 'closed'
        ? [
            h('button', { type: 'button', class: 'secondary', disabled: anotherOpen, 'aria-label': `${t('revote')} — ${t('roundLabel', { id: round.id })}`, onclick: () => void confirmRevote(round) }, t('revote')),
            h('a', { class: 'button-link', href: api.resultsCsvUrl(round.id), download: `stemronde-${round.id}.csv` }, t('csvFor', { id: round.id })),
          ]
        : null,
    ),
  );
}

// ---------- dialogs ----------

async function confirmClose(round: Round): Promise<void> {
  const notVoted = round.notVoted?.length ?? 0;
  const result = await openDialog({
    title: t('confirmCloseTitle', { id: round.id }),
    body: [h('p', {}, t('confirmCloseText', { notVoted: n(notVoted) }))],
    confirmLabel: t('confirmCloseButton'),
    cancelLabel: t('back'),
  });
  if (!result) return;
  await runAction(async () => t('roundClosed', { id: (await api.closeRound(round.id)).id }));
}

async function confirmCancel(round: Round): Promise<void> {
  const reasonId = uid('reason');
  const result = await openDialog({
    title: t('cancelTitle', { id: round.id }),
    body: [
      h('p', {}, t('cancelText')),
      h('label', { for: reasonId }, t('cancelReason')),
      h('textarea', { id: reasonId, name: 'reason', rows: 3, 'aria-required': 'true', maxlength: 1000 }),
    ],
    confirmLabel: t('cancelButton'),
    cancelLabel: t('back'),
    danger: true,
    validate: (form) => (String(new FormData(form).get('reason') ?? '').trim() ? null : t('cancelReasonRequired')),
  });
  if (!result) return;
  const reason = String(result.get('reason') ?? '').trim();
  await runAction(async () => t('roundCancelled', { id: (await api.cancelRound(round.id, reason)).id }));
}

async function confirmRevote(round: Round): Promise<void> {
  const result = await openDialog({
    title: t('revoteTitle', { id: round.id }),
    body: [h('p', {}, round.state === 'closed' ? t('revoteTextClosed') : t('revoteTextOpen')), h('ul', {}, round.motionIds.map((id) => h('li', {}, motionLine(id))))],
    confirmLabel: t('revoteButton'),
    cancelLabel: t('back'),
  });
  if (!result) return;
  await runAction(async () => {
    const fresh = await api.revoteRound(round.id);
    requestLiveFocus();
    return t('revoteDone', { id: fresh.id });
  });
}

// ---------- new round ----------

function renderNewRound(anotherOpen: boolean): Node {
  const meeting = state.meeting;
  if (!meeting) return h('p', {}, t('loading'));
  const draft = state.draft;
  const inPlay = motionsInPlay([...state.rounds.values()]);
  // Forget choices that are no longer votable (opened elsewhere, decided, withdrawn).
  for (const id of [...draft.selected]) {
    const motion = motionById(id);
    if (!motion || !isVotable(motion) || inPlay.has(id)) draft.selected.delete(id);
  }
  const next = suggestNext(meeting.agenda, inPlay);
  const warnings = orderWarnings(meeting.agenda, draft.selected);
  const chosenRefs = sortForVote(meeting.agenda, draft.selected).map((id) => motionById(id)?.ref ?? String(id));
  const rerender = () => document.dispatchEvent(new CustomEvent('chair:rerender'));

  const motionList = h(
    'ul',
    { class: 'plain choose-list' },
    displayOrder(meeting.agenda).map((entry, index, all) => {
      const motion = entry.motion;
      const id = `choose-${motion.id}`;
      const votable = isVotable(motion) && !inPlay.has(motion.id);
      const firstOfItem = index === 0 || all[index - 1].item.id !== entry.item.id;
      return [
        firstOfItem ? h('li', { class: 'choose-item-head', 'aria-hidden': 'true' }, `${entry.item.number}. ${entry.item.title}`) : null,
        h(
          'li',
          { class: `choose-row ${entry.parent ? 'indent' : ''} ${votable ? '' : 'disabled'}` },
          h('input', {
            type: 'checkbox',
            id,
            value: motion.id,
            checked: draft.selected.has(motion.id),
            disabled: !votable,
            onchange: (event: Event) => {
              if ((event.target as HTMLInputElement).checked) draft.selected.add(motion.id);
              else draft.selected.delete(motion.id);
              rerender();
            },
          }),
          h(
            'label',
            { for: id },
            h('span', { class: 'ref' }, motion.ref),
            ' ',
            h('span', { class: 'kind' }, label(MOTION_KIND_LABELS, motion.kind)),
            ' — ',
            motion.title,
            motion.status !== 'submitted' ? h('span', { class: `status status-${motion.status}` }, label(MOTION_STATUS_LABELS, motion.status)) : null,
          ),
        ),
      ];
    }),
  );

  const radio = (name: string, value: string, checked: boolean, text: string, onPick: () => void) => {
    const id = `opt-${name}-${value}`;
    return h(
      'div',
      { class: 'check' },
      h('input', { type: 'radio', name, id, value, checked, onchange: onPick }),
      h('label', { for: id }, text),
    );
  };

  const submit = async (andOpen: boolean) => {
    if (draft.selected.size === 0) {
      state.flash = { kind: 'error', text: t('chooseAtLeastOne') };
      rerender();
      return;
    }
    const options: api.RoundOptions = {
      motionIds: sortForVote(meeting.agenda, draft.selected),
      secret: draft.secret,
      allowChange: draft.secret ? false : draft.allowChange,
      showLive: draft.showLive,
      majority: draft.majority,
      quorumPercent: draft.quorumPercent,
    };
    const ok = await runAction(async () => {
      const round = await api.createRound(meeting.id, options);
      if (!andOpen) return t('roundCreated', { id: round.id });
      await api.openRound(round.id);
      requestLiveFocus();
      return t('roundOpened', { id: round.id });
    });
    if (ok) {
      state.draft = { ...emptyDraft(), majority: draft.majority };
      rerender();
    }
  };

  return h(
    'section',
    { class: 'panel new-round', 'aria-labelledby': 'new-round-title' },
    h('h2', { id: 'new-round-title' }, t('newRound')),
    next
      ? h(
          'div',
          { class: 'suggestion' },
          h('p', {}, t('suggestion', { ref: next.ref, title: next.title })),
          h(
            'button',
            {
              type: 'button',
              class: 'secondary small-button',
              id: 'use-suggestion',
              onclick: () => {
                draft.selected = new Set([next.id]);
                rerender();
              },
            },
            t('useSuggestion', { ref: next.ref }),
          ),
        )
      : h('p', { class: 'muted' }, t('nothingLeft')),
    h('fieldset', {}, h('legend', {}, t('chooseMotions')), motionList),
    chosenRefs.length > 1 ? h('p', { class: 'small' }, t('chosenOrder', { refs: chosenRefs.join(', ') })) : null,
    warnings.map((w) =>
      h(
        'p',
        { class: 'warning' },
        t(w.kind === 'amendment-pending' ? 'warnAmendmentPending' : 'warnTogether', {
          amendments: w.amendments.map((a) => a.ref).join(', '),
          proposal: w.proposal.ref,
        }),
      ),
    ),
    h(
      'fieldset',
      { class: 'options' },
      h('legend', {}, t('options')),
      h(
        'fieldset',
        { class: 'inner' },
        h('legend', {}, t('ballotKind')),
        radio('secret', 'open', !draft.secret, t('openVote'), () => {
          draft.secret = false;
          rerender();
        }),
        radio('secret', 'secret', draft.secret, t('secretVote'), () => {
          draft.secret = true;
          draft.allowChange = false;
          rerender();
        }),
      ),
      h(
        'div',
        { class: 'check' },
        h('input', {
          type: 'checkbox',
          id: 'opt-allow-change',
          checked: draft.allowChange && !draft.secret,
          disabled: draft.secret,
          'aria-describedby': draft.secret ? 'opt-allow-change-note' : null,
          onchange: (event: Event) => {
            draft.allowChange = (event.target as HTMLInputElement).checked;
          },
        }),
        h('label', { for: 'opt-allow-change' }, t('allowChange')),
        draft.secret ? h('span', { id: 'opt-allow-change-note', class: 'small muted block' }, t('allowChangeSecret')) : null,
      ),
      h(
        'div',
        { class: 'check' },
        h('input', {
          type: 'checkbox',
          id: 'opt-show-live',
          checked: draft.showLive,
          onchange: (event: Event) => {
            draft.showLive = (event.target as HTMLInputElement).checked;
          },
        }),
        h('label', { for: 'opt-show-live' }, t('showLive')),
      ),
      h(
        'fieldset',
        { class: 'inner' },
        h('legend', {}, t('majority')),
        radio('majority', 'simple', draft.majority === 'simple', t('simpleMajority'), () => {
          draft.majority = 'simple';
        }),
        radio('majority', 'two_thirds', draft.majority === 'two_thirds', t('twoThirds'), () => {
          draft.majority = 'two_thirds';
        }),
      ),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'opt-quorum' }, t('quorum')),
        h('input', {
          type: 'number',
          id: 'opt-quorum',
          min: 0,
          max: 100,
          step: 1,
          inputmode: 'numeric',
          value: draft.quorumPercent,
          oninput: (event: Event) => {
            const value = Number((event.target as HTMLInputElement).value);
            draft.quorumPercent = Number.isInteger(value) ? Math.max(0, Math.min(100, value)) : 0;
          },
        }),
      ),
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', id: 'create-round', onclick: () => void submit(false) }, t('createDraft')),
      h(
        'button',
        {
          type: 'button',
          class: 'primary',
          id: 'create-open-round',
          disabled: anotherOpen,
          'aria-describedby': anotherOpen ? 'create-open-blocked' : null,
          onclick: () => void submit(true),
        },
        t('createAndOpen'),
      ),
    ),
    anotherOpen ? h('p', { id: 'create-open-blocked', class: 'small muted' }, t('anotherOpen')) : null,
  );
}

let focusLiveNext = false;
/** After a round was opened here, the live panel gets the focus and is scrolled into view. */
export function requestLiveFocus(): void {
  focusLiveNext = true;
}
export function focusLiveIfRequested(): void {
  if (!focusLiveNext) return;
  const title = document.getElementById('live-title');
  if (!title) return;
  focusLiveNext = false;
  title.focus({ preventScroll: true });
  // The live panel comes first in the tab: the top of the page shows it with the header and presence.
  window.scrollTo(0, 0);
}

/** Updates every running "time since opening" counter without re-rendering. */
export function tickTimers(): void {
  const now = Date.now();
  for (const el of document.querySelectorAll<HTMLElement>('[data-since]')) {
    el.textContent = formatElapsed(el.dataset.since ?? '', now);
  }
}
