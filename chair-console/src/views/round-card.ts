/** A prepared, closed or cancelled round as a card with its actions, and the dialogs that confirm them. */
import { h, uid } from '../../../client-kit/dom.ts';
import { ROUND_STATE_LABELS } from '../../../shared/labels.ts';
import type { Round } from '../../../shared/schemas.ts';
import type { SecrecyCheck } from '../../../shared/secrecy.ts';
import { resultsCsvUrl, votingRecordUrl } from '../api.ts';
import { openDialog } from '../dialog.ts';
import { motionById } from '../store.ts';
import { orderWarnings, warningMessage } from '../order.ts';
import type { Ui } from '../ui.ts';
import { motionLine, renderRollCall, renderTallyTable, roundBadges } from './round-parts.ts';

export function renderRoundCard(ui: Ui, round: Round, anotherOpen: boolean): Node {
  const { t } = ui;
  const titleId = `round-${round.id}-title`;
  const times: string[] = [];
  if (round.openedAt) times.push(t('openedAt', { time: ui.time(round.openedAt) }));
  if (round.closedAt) times.push(t('closedAt', { time: ui.time(round.closedAt) }));
  if (round.cancelledAt) times.push(t('cancelledAt', { time: ui.time(round.cancelledAt) }));
  return h(
    'article',
    { class: `round-card state-${round.state}`, 'aria-labelledby': titleId, 'data-round-id': round.id },
    h(
      'div',
      { class: 'round-head' },
      h('h3', { id: titleId }, t('roundLabel', { id: round.number })),
      h('span', { class: `state-badge state-${round.state}` }, ui.label(ROUND_STATE_LABELS, round.state)),
      times.length ? h('span', { class: 'muted small' }, times.join(' · ')) : null,
    ),
    roundBadges(ui, round),
    round.state === 'closed' ? renderTallyTable(ui, round, true) : h('ul', { class: 'plain motion-refs' }, round.motionIds.map((id) => h('li', {}, motionLine(ui, id)))),
    round.state === 'closed' ? renderRollCall(ui, round) : null,
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
                onclick: async () => {
                  if (await confirmBeforeOpening(ui, round.motionIds, round.secret)) await ui.act.openRound(round.id);
                },
              },
              t('openRound'),
            ),
            anotherOpen ? h('span', { id: `open-blocked-${round.id}`, class: 'small muted' }, t('anotherOpen')) : null,
            h('button', { type: 'button', class: 'danger-outline', onclick: () => void confirmCancel(ui, round) }, t('cancelRound')),
          ]
        : null,
      round.state === 'closed'
        ? [
            h('button', { type: 'button', class: 'secondary', disabled: anotherOpen, 'aria-label': `${t('revote')} — ${t('roundLabel', { id: round.number })}`, onclick: () => void confirmRevote(ui, round) }, t('revote')),
            h('a', { class: 'button-link', href: resultsCsvUrl(round.id), download: `stemronde-${round.number}.csv` }, t('csvFor', { id: round.number })),
            // The voting record has a column for this round's motions only when it was open and not practice.
            !round.secret && !round.practice
              ? h('a', { class: 'button-link', href: votingRecordUrl(round.meetingId, 'csv'), download: 'stemgedrag.csv', 'data-testid': 'voting-record-link' }, t('votingRecordCsv'))
              : null,
          ]
        : null,
    ),
  );
}

// ---------- dialogs (also opened from the live panel) ----------

/**
 * Before a round opens: a proposal whose amendments were not voted yet (the usual order is
 * amendments first), and a secret round with so few members present that its totals may tell how
 * they voted. Resolves true when the chair goes on.
 */
export async function confirmBeforeOpening(ui: Ui, motionIds: number[], secret: boolean): Promise<boolean> {
  const { t, n, state } = ui;
  const agenda = state.meeting?.agenda ?? [];
  const pending = orderWarnings(agenda, new Set(motionIds)).filter((w) => w.kind === 'amendment-pending');
  if (pending.length > 0) {
    const goOn = await openDialog({
      title: t('warnOpenTitle'),
      body: [...pending.map((w) => h('p', { class: 'warning' }, warningMessage(w, ui.lang))), h('p', {}, t('warnOpenText'))],
      confirmLabel: t('openAnyway'),
      cancelLabel: t('back'),
    });
    if (!goOn) return false;
  }
  if (secret) {
    const check = await ui.act.secretRoundCheck();
    if (check.fewPresent) {
      const goOn = await openDialog({
        title: t('secretFewTitle'),
        body: [
          h('p', { class: 'warning' }, t('secretFewText', { count: n(check.present.count), minimum: n(check.minimumPresent) })),
          check.uniqueWeights > 0 ? h('p', {}, t('secretUnique', { count: n(check.uniqueWeights) })) : null,
        ],
        confirmLabel: t('secretOpenAnyway'),
        cancelLabel: t('back'),
      });
      if (!goOn) return false;
    }
  }
  return true;
}

export async function confirmClose(ui: Ui, round: Round): Promise<void> {
  const { t, n } = ui;
  const check = round.secret ? await ui.act.secrecyCheck(round) : null;
  if (check && check.ballots < check.min) {
    // The server would refuse it (409 small_secret_round): ask, then send confirmSmall.
    const goOn = await openDialog({
      title: t('smallCloseTitle'),
      body: [h('p', { class: 'warning' }, t('smallCloseText', { count: n(check.ballots), min: n(check.min) })), renderRevealed(ui, check)],
      confirmLabel: t('smallCloseButton'),
      cancelLabel: t('back'),
      danger: true,
    });
    if (goOn) await ui.act.closeRound(round.id, true);
    return;
  }
  const result = await openDialog({
    title: t('confirmCloseTitle', { id: round.number }),
    body: [h('p', {}, t('confirmCloseText', { notVoted: n(round.notVoted?.length ?? 0) }))],
    confirmLabel: t('confirmCloseButton'),
    cancelLabel: t('back'),
  });
  if (result) await ui.act.closeRound(round.id);
}

export async function confirmCancel(ui: Ui, round: Round): Promise<void> {
  const { t } = ui;
  const reasonId = uid('reason');
  const result = await openDialog({
    title: t('cancelTitle', { id: round.number }),
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
  if (result) await ui.act.cancelRound(round.id, String(result.get('reason') ?? '').trim());
}

export async function confirmRevote(ui: Ui, round: Round): Promise<void> {
  const { t } = ui;
  const result = await openDialog({
    title: t('revoteTitle', { id: round.number }),
    body: [h('p', {}, round.state === 'closed' ? t('revoteTextClosed') : t('revoteTextOpen')), h('ul', {}, round.motionIds.map((id) => h('li', {}, motionLine(ui, id))))],
    confirmLabel: t('revoteButton'),
    cancelLabel: t('back'),
  });
  if (result) await ui.act.revote(round.id);
}

/** Whom the totals of an open secret round would give away: names and the motion, never a choice. */
export function renderRevealed(ui: Ui, check: SecrecyCheck): Node {
  const { t } = ui;
  if (check.revealed.length === 0) return h('p', { 'data-testid': 'secrecy-revealed' }, t('secrecyRevealedNone'));
  return h(
    'div',
    {},
    h('p', {}, t('secrecyRevealed')),
    h(
      'ul',
      { 'data-testid': 'secrecy-revealed' },
      check.revealed.map((r) => h('li', {}, h('span', {}, `${r.name} (${r.memberCode})`), ' — ', motionRef(ui, r.motionId))),
    ),
  );
}

function motionRef(ui: Ui, motionId: number): string {
  return motionById(ui.state, motionId)?.ref ?? `#${motionId}`;
}
