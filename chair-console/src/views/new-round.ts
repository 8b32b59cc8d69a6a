/**
 * The form for a new round: the motions in agenda order (amendments under their proposal), the
 * usual next one, warnings about the order, and the round's options. It draws `state.draft` as it
 * is and changes it only through intents; choices that went away are pruned by the store.
 */
import { h } from '../../../client-kit/dom.ts';
import { MAJORITY_LABELS, MOTION_KIND_LABELS, MOTION_STATUS_LABELS } from '../../../shared/labels.ts';
import type { Majority } from '../../../shared/schemas.ts';
import { displayOrder, isVotable, motionsInPlay, orderSentence, orderSteps, orderWarnings, practiceHeld, sortForVote, suggestNext, warningMessage } from '../order.ts';
import { motionById, pruneDraft } from '../store.ts';
import type { Ui } from '../ui.ts';
import { confirmBeforeOpening } from './round-card.ts';

export function renderNewRound(ui: Ui, anotherOpen: boolean): Node {
  const { t, act, state } = ui;
  const meeting = state.meeting;
  if (!meeting) return h('p', {}, t('loading'));
  // The store prunes the draft whenever the rounds change; drawn from the pruned view all the same.
  const draft = pruneDraft(state.draft, meeting, state.rounds.values());
  const inPlay = motionsInPlay([...state.rounds.values()]);
  // The server's voting order when it answered (its sentences are the contract's), else the same
  // shared rules over the agenda held here.
  const order = state.votingOrder;
  const next = order ? (order.next === null ? null : (motionById(state, order.next) ?? null)) : suggestNext(meeting.agenda, inPlay, practiceHeld([...state.rounds.values()]));
  const steps = order ? order.steps.map((s) => s.text) : orderSteps(meeting.agenda).map((s) => orderSentence(s.proposal, s.amendments, ui.lang));
  const warnings = orderWarnings(meeting.agenda, new Set(draft.selected));
  // Motions nobody can choose because a prepared (draft) round holds them: not "put to the vote" yet.
  const drafted = [...state.rounds.values()]
    .filter((r) => r.state === 'draft')
    .flatMap((r) => r.motionIds)
    .map((id) => motionById(state, id))
    .filter((m) => m !== undefined && isVotable(m));
  const chosenRefs = sortForVote(meeting.agenda, draft.selected).map((id) => motionById(state, id)?.ref ?? String(id));

  const motionList = h(
    'ul',
    { class: 'plain choose-list' },
    displayOrder(meeting.agenda).map((entry, index, all) => {
      const motion = entry.motion;
      const id = `choose-${motion.id}`;
      const votable = isVotable(motion) && !inPlay.has(motion.id);
      const firstOfItem = index === 0 || all[index - 1].item.id !== entry.item.id;
      return [
        firstOfItem ? h('li', { class: 'choose-item-head', 'aria-hidden': 'true' }, `${entry.item.number}. `, h('span', { lang: 'nl' }, entry.item.title)) : null,
        h(
          'li',
          { class: `choose-row ${entry.parent ? 'indent' : ''} ${votable ? '' : 'disabled'}` },
          h('input', {
            type: 'checkbox',
            id,
            value: motion.id,
            checked: draft.selected.has(motion.id),
            disabled: !votable,
            onchange: (event: Event) => act.chooseMotion(motion.id, (event.target as HTMLInputElement).checked),
          }),
          h(
            'label',
            { for: id },
            h('span', { class: 'ref' }, motion.ref),
            ' ',
            h('span', { class: 'kind' }, ui.label(MOTION_KIND_LABELS, motion.kind)),
            ' — ',
            h('span', { lang: 'nl' }, motion.title),
            motion.status !== 'submitted' ? h('span', { class: `status status-${motion.status}` }, ui.label(MOTION_STATUS_LABELS, motion.status)) : null,
          ),
        ),
      ];
    }),
  );

  const radio = (name: string, value: string, checked: boolean, text: string, onPick: () => void) => {
    const id = `opt-${name}-${value}`;
    return h('div', { class: 'check' }, h('input', { type: 'radio', name, id, value, checked, onchange: onPick }), h('label', { for: id }, text));
  };
  const majority = (value: Majority) => radio('majority', value, draft.majority === value, ui.label(MAJORITY_LABELS, value), () => act.setDraft({ majority: value }));

  return h(
    'section',
    { class: 'panel new-round', 'aria-labelledby': 'new-round-title' },
    h('h2', { id: 'new-round-title' }, t('newRound')),
    next
      ? h(
          'div',
          { class: 'suggestion' },
          h('p', {}, t('suggestion', { ref: next.ref }), ' — ', h('span', { lang: 'nl' }, next.title)),
          h('button', { type: 'button', class: 'secondary small-button', id: 'use-suggestion', onclick: () => act.chooseOnly(next.id) }, t('useSuggestion', { ref: next.ref })),
        )
      : drafted.length > 0
        ? h('p', { class: 'muted' }, t('nothingLeftButDrafts', { refs: drafted.map((m) => m!.ref).join(', ') }))
        : h('p', { class: 'muted' }, t('nothingLeft')),
    steps.length > 0
      ? h(
          'div',
          { class: 'order-steps' },
          h('h3', { id: 'order-title' }, t('orderTitle')),
          h('ul', { 'aria-labelledby': 'order-title', 'data-testid': 'order-steps' }, steps.map((text) => h('li', {}, text.charAt(0).toUpperCase() + text.slice(1)))),
        )
      : null,
    h('fieldset', {}, h('legend', {}, t('chooseMotions')), motionList),
    chosenRefs.length > 1 ? h('p', { class: 'small' }, t('chosenOrder', { refs: chosenRefs.join(', ') })) : null,
    warnings.map((w) => h('p', { class: 'warning' }, warningMessage(w, ui.lang))),
    h(
      'fieldset',
      { class: 'options' },
      h('legend', {}, t('options')),
      h(
        'fieldset',
        { class: 'inner' },
        h('legend', {}, t('ballotKind')),
        radio('secret', 'open', !draft.secret, t('openVote'), () => act.setDraft({ secret: false })),
        radio('secret', 'secret', draft.secret, t('secretVote'), () => act.setDraft({ secret: true })),
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
          onchange: (event: Event) => act.setDraft({ allowChange: (event.target as HTMLInputElement).checked }),
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
          onchange: (event: Event) => act.setDraft({ showLive: (event.target as HTMLInputElement).checked }),
        }),
        h('label', { for: 'opt-show-live' }, t('showLive')),
      ),
      h('fieldset', { class: 'inner' }, h('legend', {}, t('majority')), majority('simple'), majority('two_thirds')),
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
            act.setDraft({ quorumPercent: Number.isInteger(value) ? Math.max(0, Math.min(100, value)) : 0 });
          },
        }),
      ),
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', id: 'create-round', onclick: () => void act.createRound(false) }, t('createDraft')),
      h(
        'button',
        {
          type: 'button',
          class: 'primary',
          id: 'create-open-round',
          disabled: anotherOpen,
          'aria-describedby': anotherOpen ? 'create-open-blocked' : null,
          onclick: async () => {
            const chosen = sortForVote(meeting.agenda, draft.selected);
            if (chosen.length > 0 && !(await confirmBeforeOpening(ui, chosen, draft.secret))) return;
            await act.createRound(true);
          },
        },
        t('createAndOpen'),
      ),
    ),
    anotherOpen ? h('p', { id: 'create-open-blocked', class: 'small muted' }, t('anotherOpen')) : null,
  );
}
