/** The agenda: items, motions with their submitters by name, board advice, status, manual results. */
import { h, uid } from '../../../client-kit/dom.ts';
import { formatDate } from '../../../client-kit/format.ts';
import type { ManualResultInput } from '../../../shared/chair.ts';
import { BOARD_ADVICE_LABELS, CHOICE_LABELS, MOTION_KIND_LABELS, MOTION_STATUS_LABELS, OUTCOME_LABELS } from '../../../shared/labels.ts';
import { BOARD_ADVICES, type AgendaItem, type Motion, type MotionPatch } from '../../../shared/schemas.ts';
import { openDialog } from '../dialog.ts';
import { displayOrder, motionsInPlay } from '../order.ts';
import { memberName, votedOn } from '../store.ts';
import { AGENDA_WORDS } from '../i18n-agenda.ts';
import { withWords, type Ui } from '../ui.ts';

const words = withWords(AGENDA_WORDS);

export function renderAgendaTab(ui: Ui): Node {
  const { state } = ui;
  const t = words(ui);
  const meeting = state.meeting;
  if (!meeting) return h('p', {}, t('loading'));
  // Each proposal with the amendments placed under it, grouped by the proposal's agenda item.
  const groups = new Map<number, Group[]>();
  let current: Group | null = null;
  for (const entry of displayOrder(meeting.agenda)) {
    if (entry.parent && current) {
      current.amendments.push(entry.motion);
      continue;
    }
    current = { motion: entry.motion, amendments: [] };
    const list = groups.get(entry.item.id) ?? [];
    list.push(current);
    groups.set(entry.item.id, list);
  }
  const inPlay = motionsInPlay([...state.rounds.values()]);
  const voted = votedOn(state);
  return h(
    'section',
    { class: 'agenda', 'aria-labelledby': 'agenda-title' },
    h('h2', { id: 'agenda-title' }, t('agendaTitle')),
    meeting.agenda.map((item) => renderItem(ui, item, groups.get(item.id) ?? [], { inPlay, voted })),
  );
}

interface Marks {
  /** In a draft or open round now. */
  inPlay: Set<number>;
  /** Put to the vote once (or decided by hand): the server refuses to change or remove it. */
  voted: Set<number>;
}

interface Group {
  motion: Motion;
  amendments: Motion[];
}

function renderItem(ui: Ui, item: AgendaItem, tops: Group[], marks: Marks): Node {
  const t = words(ui);
  const id = `item-${item.id}`;
  const editable = item.motions.every((m) => !marks.voted.has(m.id));
  const what = t('itemLabel', { number: item.number });
  return h(
    'section',
    { class: 'panel agenda-item', 'aria-labelledby': id, 'data-item-id': item.id },
    h(
      'div',
      { class: 'item-head' },
      h('h3', { id }, h('span', { class: 'item-number' }, item.number), ' ', h('span', { lang: 'nl' }, item.title)),
      editable
        ? h(
            'div',
            { class: 'row-actions' },
            h('button', { type: 'button', class: 'secondary small-button', 'aria-label': t('editLabel', { what }), onclick: () => void editItemDialog(ui, item) }, t('edit')),
            h('button', { type: 'button', class: 'danger-outline small-button', 'aria-label': t('removeLabel', { what }), onclick: () => void deleteItemDialog(ui, item) }, t('remove')),
          )
        : null,
    ),
    tops.length === 0
      ? h('p', { class: 'muted' }, t('noMotions'))
      : h(
          'ul',
          { class: 'plain motions' },
          tops.map((p) => {
            const amendments = p.amendments;
            return h(
              'li',
              {},
              renderMotion(ui, p.motion, marks),
              amendments.length
                ? h('ul', { class: 'plain amendments', 'aria-label': `${ui.label(MOTION_KIND_LABELS, 'amendment')} — ${p.motion.ref}` }, amendments.map((a) => h('li', {}, renderMotion(ui, a, marks))))
                : null,
            );
          }),
        ),
  );
}

function renderMotion(ui: Ui, motion: Motion, marks: Marks): Node {
  const { label } = ui;
  const t = words(ui);
  const { inPlay } = marks;
  const onScreen = ui.state.projector?.show === 'motion' && ui.state.projector.motionId === motion.id;
  // A motion in a prepared round can be changed too: the server takes it out of (or checks) the draft.
  const editable = !marks.voted.has(motion.id) && motion.status === 'submitted';
  const names = (codes: string[]) => codes.map((code) => memberName(ui.state, code)).join(', ');
  const fig = (value: number | null) => (value === null ? '—' : ui.n(value));
  const titleId = `motion-${motion.id}-title`;
  const manual = motion.manualResult;
  const canDecideByHand = motion.status !== 'withdrawn' && motion.status !== 'in_vote' && !inPlay.has(motion.id);
  const details: Node[] = [];
  if (motion.submitters.length) details.push(h('dt', {}, t('submitters')), h('dd', {}, names(motion.submitters)));
  if (motion.supporters.length) details.push(h('dt', {}, t('supporters')), h('dd', {}, names(motion.supporters)));
  if (motion.submittedOn) details.push(h('dt', {}, t('submittedOn')), h('dd', {}, formatDate(motion.submittedOn, ui.lang)));
  return h(
    'article',
    { class: `motion ${motion.kind === 'amendment' ? 'is-amendment' : ''}`, 'aria-labelledby': titleId, 'data-motion-id': motion.id },
    h(
      'div',
      { class: 'motion-head' },
      h('h4', { id: titleId }, h('span', { class: 'ref' }, motion.ref), ' ', h('span', { lang: 'nl' }, motion.title)),
      h('span', { class: 'kind-badge' }, label(MOTION_KIND_LABELS, motion.kind)),
      h('span', { class: `status status-${motion.status}` }, label(MOTION_STATUS_LABELS, motion.status)),
      manual ? h('span', { class: 'badge badge-warn' }, t('manualMark')) : null,
      onScreen ? h('span', { class: 'badge badge-strong', 'data-testid': 'on-screen' }, t('onScreenNow')) : null,
    ),
    motion.amends ? h('p', { class: 'small muted' }, t('amends', { ref: motion.amends })) : null,
    details.length ? h('dl', { class: 'meta' }, details) : null,
    h(
      'div',
      { class: 'advice' },
      h('strong', {}, label(BOARD_ADVICE_LABELS, motion.boardAdvice)),
      motion.boardAdviceText ? h('p', {}, motion.boardAdviceText) : null,
    ),
    motion.summary ? h('details', {}, h('summary', {}, t('showDetails')), h('p', {}, motion.summary)) : null,
    motion.text
      ? h('details', {}, h('summary', {}, t('showText')), h('div', { class: 'motion-text', lang: 'nl' }, motion.text.split(/\n\s*\n/).map((para) => h('p', {}, para))))
      : null,
    manual
      ? h(
          'p',
          { class: 'manual-result' },
          h('strong', {}, `${t('manualMark')}: ${label(OUTCOME_LABELS, manual.outcome)}`),
          manual.for !== null || manual.against !== null || manual.abstain !== null
            ? ` — ${t('manualFigures', { for: fig(manual.for), against: fig(manual.against), abstain: fig(manual.abstain) })}`
            : null,
          manual.note ? h('span', { class: 'block small' }, manual.note) : null,
        )
      : null,
    h(
      'div',
      { class: 'actions' },
      onScreen
        ? null
        : h('button', { type: 'button', class: 'secondary small-button', 'aria-label': t('showOnScreenLabel', { ref: motion.ref }), 'data-show-motion': motion.id, onclick: () => void ui.act.showOnProjector(motion) }, t('showOnScreen')),
      editable
        ? [
            h('button', { type: 'button', class: 'secondary small-button', 'aria-label': t('editLabel', { what: motion.ref }), 'data-edit-motion': motion.id, onclick: () => void editMotionDialog(ui, motion) }, t('edit')),
            h('button', { type: 'button', class: 'danger-outline small-button', 'aria-label': t('removeLabel', { what: motion.ref }), 'data-remove-motion': motion.id, onclick: () => void deleteMotionDialog(ui, motion) }, t('remove')),
          ]
        : null,
      canDecideByHand && motion.kind !== 'practice' ? h('button', { type: 'button', class: 'secondary small-button', 'aria-label': `${t('manualResult')} ${motion.ref}`, onclick: () => void manualResultDialog(ui, motion) }, t('manualResult')) : null,
      motion.status === 'submitted' && !inPlay.has(motion.id)
        ? h('button', { type: 'button', class: 'danger-outline small-button', 'aria-label': `${t('withdraw')} ${motion.ref}`, onclick: () => void withdrawDialog(ui, motion) }, t('withdraw'))
        : null,
    ),
    marks.voted.has(motion.id) && motion.status !== 'withdrawn' ? h('p', { class: 'small muted' }, t('votedNoEdit')) : null,
  );
}

async function editMotionDialog(ui: Ui, motion: Motion): Promise<void> {
  const { label } = ui;
  const t = words(ui);
  const ids = { ref: uid('m-ref'), title: uid('m-title'), summary: uid('m-summary'), text: uid('m-text'), advice: uid('m-advice'), adviceText: uid('m-advice-text') };
  const field = (id: string, text: string, control: HTMLElement) => h('div', { class: 'field' }, h('label', { for: id }, text), control);
  const result = await openDialog({
    title: t('editMotionTitle', { ref: motion.ref }),
    body: [
      field(ids.ref, t('fieldRef'), h('input', { id: ids.ref, name: 'ref', value: motion.ref, required: true, maxlength: 32, autocomplete: 'off' })),
      field(ids.title, t('fieldTitle'), h('input', { id: ids.title, name: 'title', value: motion.title, required: true, maxlength: 500, autocomplete: 'off', lang: 'nl' })),
      field(ids.summary, t('fieldSummary'), h('textarea', { id: ids.summary, name: 'summary', rows: 3 }, motion.summary ?? '')),
      field(ids.text, t('fieldText'), h('textarea', { id: ids.text, name: 'text', rows: 6, lang: 'nl' }, motion.text ?? '')),
      field(
        ids.advice,
        t('fieldAdvice'),
        h('select', { id: ids.advice, name: 'boardAdvice' }, BOARD_ADVICES.map((a) => h('option', { value: a, selected: a === motion.boardAdvice }, label(BOARD_ADVICE_LABELS, a)))),
      ),
      field(ids.adviceText, t('fieldAdviceText'), h('textarea', { id: ids.adviceText, name: 'boardAdviceText', rows: 2 }, motion.boardAdviceText ?? '')),
    ],
    confirmLabel: t('save'),
    cancelLabel: t('back'),
    validate: (form) => {
      const data = new FormData(form);
      return String(data.get('ref') ?? '').trim() && String(data.get('title') ?? '').trim() ? null : t('fieldRequired');
    },
  });
  if (!result) return;
  const text = (key: string) => String(result.get(key) ?? '').trim();
  const optional = (key: string) => text(key) || null;
  const patch: MotionPatch = {
    ref: text('ref'),
    title: text('title'),
    summary: optional('summary'),
    text: optional('text'),
    boardAdvice: (BOARD_ADVICES as readonly string[]).includes(text('boardAdvice')) ? (text('boardAdvice') as Motion['boardAdvice']) : motion.boardAdvice,
    boardAdviceText: optional('boardAdviceText'),
  };
  await ui.act.editMotion(motion, patch);
}

async function deleteMotionDialog(ui: Ui, motion: Motion): Promise<void> {
  const t = words(ui);
  const ok = await openDialog({
    title: t('deleteMotionTitle', { ref: motion.ref }),
    body: [h('p', { lang: 'nl' }, motion.title), h('p', {}, t('deleteMotionText'))],
    confirmLabel: t('remove'),
    cancelLabel: t('back'),
    danger: true,
  });
  if (ok) await ui.act.deleteMotion(motion);
}

async function editItemDialog(ui: Ui, item: AgendaItem): Promise<void> {
  const t = words(ui);
  const ids = { number: uid('i-number'), title: uid('i-title') };
  const result = await openDialog({
    title: t('editItemTitle', { number: item.number }),
    body: [
      h('div', { class: 'field' }, h('label', { for: ids.number }, t('fieldRef')), h('input', { id: ids.number, name: 'number', value: item.number, required: true, maxlength: 16, autocomplete: 'off' })),
      h('div', { class: 'field' }, h('label', { for: ids.title }, t('fieldTitle')), h('input', { id: ids.title, name: 'title', value: item.title, required: true, maxlength: 500, autocomplete: 'off', lang: 'nl' })),
    ],
    confirmLabel: t('save'),
    cancelLabel: t('back'),
    validate: (form) => {
      const data = new FormData(form);
      return String(data.get('number') ?? '').trim() && String(data.get('title') ?? '').trim() ? null : t('fieldRequired');
    },
  });
  if (!result) return;
  await ui.act.editItem(item, { number: String(result.get('number')).trim(), title: String(result.get('title')).trim() });
}

async function deleteItemDialog(ui: Ui, item: AgendaItem): Promise<void> {
  const t = words(ui);
  const refs = item.motions.map((m) => m.ref).join(', ');
  const ok = await openDialog({
    title: t('deleteItemTitle', { number: item.number }),
    body: [h('p', { lang: 'nl' }, item.title), h('p', {}, refs ? t('deleteItemText', { refs }) : t('deleteItemEmpty'))],
    confirmLabel: t('remove'),
    cancelLabel: t('back'),
    danger: true,
  });
  if (ok) await ui.act.deleteItem(item);
}

async function manualResultDialog(ui: Ui, motion: Motion): Promise<void> {
  const { label } = ui;
  const t = words(ui);
  const ids = { adopted: uid('mr-adopted'), rejected: uid('mr-rejected'), for: uid('mr-for'), against: uid('mr-against'), abstain: uid('mr-abstain'), note: uid('mr-note') };
  const numberField = (key: 'for' | 'against' | 'abstain', text: string) =>
    h('div', { class: 'field' }, h('label', { for: ids[key] }, text), h('input', { id: ids[key], name: key, type: 'number', min: 0, step: 1, inputmode: 'numeric' }));
  const result = await openDialog({
    title: t('manualTitle', { ref: motion.ref }),
    body: [
      h('p', {}, motion.title),
      h('p', { class: 'small' }, t('manualIntro')),
      h(
        'fieldset',
        {},
        h('legend', {}, t('outcome')),
        h('div', { class: 'check' }, h('input', { type: 'radio', name: 'outcome', value: 'adopted', id: ids.adopted }), h('label', { for: ids.adopted }, label(OUTCOME_LABELS, 'adopted'))),
        h('div', { class: 'check' }, h('input', { type: 'radio', name: 'outcome', value: 'rejected', id: ids.rejected }), h('label', { for: ids.rejected }, label(OUTCOME_LABELS, 'rejected'))),
      ),
      h(
        'fieldset',
        { class: 'figures' },
        h('legend', {}, t('manualFiguresLegend')),
        numberField('for', label(CHOICE_LABELS, 'for')),
        numberField('against', label(CHOICE_LABELS, 'against')),
        numberField('abstain', label(CHOICE_LABELS, 'abstain')),
      ),
      h('label', { for: ids.note }, t('note')),
      h('textarea', { id: ids.note, name: 'note', rows: 2, maxlength: 1000 }),
    ],
    confirmLabel: t('manualSave'),
    cancelLabel: t('back'),
    validate: (form) => (new FormData(form).get('outcome') ? null : t('chooseOutcome')),
  });
  if (!result) return;
  const input: ManualResultInput = { outcome: result.get('outcome') === 'adopted' ? 'adopted' : 'rejected' };
  for (const key of ['for', 'against', 'abstain'] as const) {
    const raw = String(result.get(key) ?? '').trim();
    if (raw !== '') input[key] = Number(raw);
  }
  const note = String(result.get('note') ?? '').trim();
  if (note) input.note = note;
  await ui.act.recordManualResult(motion, input);
}

async function withdrawDialog(ui: Ui, motion: Motion): Promise<void> {
  const t = words(ui);
  const result = await openDialog({
    title: t('withdrawTitle', { ref: motion.ref }),
    body: [h('p', {}, motion.title), h('p', {}, t('withdrawText'))],
    confirmLabel: t('withdraw'),
    cancelLabel: t('back'),
    danger: true,
  });
  if (!result) return;
  await ui.act.withdraw(motion);
}
