/** Kiosks (pair with a QR code of the link, list, revoke) and results (CSV, report, audit chain). */
import { h } from '../../../client-kit/dom.ts';
import { OUTCOME_LABELS, ROUND_STATE_LABELS } from '../../../shared/labels.ts';
import type { Kiosk, KioskMode } from '../../../shared/schemas.ts';
import { reportPdfUrl, resultsCsvUrl, votingRecordUrl } from '../api.ts';
import { openDialog } from '../dialog.ts';
import { allMotions, motionById, sortedRounds } from '../store.ts';
import { KIOSKS_WORDS } from '../i18n-kiosks.ts';
import { withWords, type Ui } from '../ui.ts';

const words = withWords(KIOSKS_WORDS);

export function renderKiosksTab(ui: Ui): Node {
  const { act, state } = ui;
  const t = words(ui);
  const last = state.lastKiosk;
  return h(
    'div',
    { class: 'two-col kiosks-layout' },
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'pair-title' },
      h('h2', { id: 'pair-title' }, t('pairKiosk')),
      h(
        'form',
        {
          class: 'stack',
          onsubmit: (event: Event) => {
            event.preventDefault();
            const form = event.target as HTMLFormElement;
            const data = new FormData(form);
            const name = String(data.get('name') ?? '').trim();
            const mode = (data.get('mode') === 'checkin' ? 'checkin' : 'voting') as KioskMode;
            if (!name) act.setFlash({ kind: 'error', text: t('nameRequired') });
            else void act.pairKiosk(name, mode);
          },
        },
        h('div', { class: 'field' }, h('label', { for: 'kiosk-name' }, t('kioskName')), h('input', { id: 'kiosk-name', name: 'name', required: true, maxlength: 100, placeholder: t('kioskNamePlaceholder'), autocomplete: 'off' })),
        h(
          'div',
          { class: 'field' },
          h('label', { for: 'kiosk-mode' }, t('kioskMode')),
          h('select', { id: 'kiosk-mode', name: 'mode' }, h('option', { value: 'voting' }, t('modeVoting')), h('option', { value: 'checkin' }, t('modeCheckin'))),
        ),
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'pair-kiosk' }, t('pairButton'))),
      ),
      last
        ? h(
            'div',
            { class: 'result-box kiosk-result' },
            h('h3', {}, last.name),
            h('p', { class: 'small' }, t('kioskUrlSecret')),
            h('p', {}, h('span', { class: 'muted' }, `${t('kioskUrl')}: `), h('a', { href: last.url, target: '_blank', rel: 'noopener', class: 'url', id: 'kiosk-url' }, last.url)),
            h(
              'button',
              {
                type: 'button',
                class: 'secondary small-button',
                onclick: (event: Event) => {
                  const button = event.currentTarget as HTMLButtonElement;
                  void navigator.clipboard?.writeText(last.url).then(() => {
                    button.textContent = t('copied');
                  });
                },
              },
              t('copy'),
            ),
            renderQr(ui, last),
          )
        : null,
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'kiosk-list-title' },
      h('h2', { id: 'kiosk-list-title' }, t('kioskList')),
      state.kiosks === null ? h('p', {}, t('loading')) : state.kiosks.length === 0 ? h('p', {}, t('noKiosks')) : kioskTable(ui, state.kiosks),
      renderStaffPin(ui),
    ),
  );
}

/** The meeting's staff PIN for the kiosks' Beheer settings: whether one is set, set a new one, remove it. */
function renderStaffPin(ui: Ui): Node {
  const { act, state } = ui;
  const t = words(ui);
  return h(
    'section',
    { class: 'staff-pin', 'aria-labelledby': 'staff-pin-title' },
    h('h3', { id: 'staff-pin-title' }, t('staffPinTitle')),
    h('p', { class: 'small' }, t('staffPinIntro')),
    state.kioskPinSet === null ? null : h('p', { 'data-testid': 'staff-pin-state' }, state.kioskPinSet ? t('staffPinSet') : t('staffPinNone')),
    h(
      'form',
      {
        class: 'stack',
        onsubmit: (event: Event) => {
          event.preventDefault();
          const pin = String(new FormData(event.target as HTMLFormElement).get('pin') ?? '').trim();
          if (!/^\d{4,8}$/.test(pin)) act.setFlash({ kind: 'error', text: t('staffPinInvalid') });
          else void act.setKioskPin(pin);
        },
      },
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'staff-pin' }, t('staffPinLabel')),
        h('input', { id: 'staff-pin', name: 'pin', type: 'password', inputmode: 'numeric', autocomplete: 'new-password', minlength: 4, maxlength: 8, pattern: '[0-9]{4,8}', required: true }),
      ),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', class: 'primary', id: 'staff-pin-save' }, t('staffPinSave')),
        state.kioskPinSet ? h('button', { type: 'button', class: 'danger-outline', id: 'staff-pin-remove', onclick: () => void act.setKioskPin(null) }, t('staffPinRemove')) : null,
      ),
    ),
  );
}

/** The kiosk link as a QR code, drawn from the SVG the store made (bwip-js is loaded only for it). */
function renderQr(ui: Ui, last: NonNullable<Ui['state']['lastKiosk']>): Node {
  const host = h('div', { class: 'qr' });
  if (last.qrFailed) host.append(h('p', { class: 'form-error' }, words(ui)('qrFailed')));
  else if (last.qrSvg) {
    const svg = new DOMParser().parseFromString(last.qrSvg, 'image/svg+xml').documentElement;
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', words(ui)('qrAlt', { name: last.name }));
    host.append(document.importNode(svg, true));
  }
  return host;
}

function kioskTable(ui: Ui, kiosks: Kiosk[]): Node {
  const t = words(ui);
  return h(
    'table',
    { class: 'list' },
    h('caption', { class: 'sr-only' }, t('kioskList')),
    h(
      'thead',
      {},
      h('tr', {}, h('th', { scope: 'col' }, t('kioskName')), h('th', { scope: 'col' }, t('kioskMode')), h('th', { scope: 'col' }, t('pairedAt')), h('th', { scope: 'col' }, t('state')), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, t('actions')))),
    ),
    h(
      'tbody',
      {},
      kiosks.map((k) =>
        h(
          'tr',
          { class: k.revokedAt ? 'revoked' : '' },
          h('th', { scope: 'row' }, k.name),
          h('td', {}, k.mode === 'voting' ? t('modeVoting') : t('modeCheckinShort')),
          h('td', {}, ui.time(k.createdAt)),
          h('td', {}, k.revokedAt ? t('revokedState') : t('active')),
          h(
            'td',
            {},
            k.revokedAt
              ? null
              : h('button', { type: 'button', class: 'danger-outline small-button', 'aria-label': t('revokeKiosk', { name: k.name }), onclick: () => void revokeKiosk(ui, k) }, t('revoke')),
          ),
        ),
      ),
    ),
  );
}

async function revokeKiosk(ui: Ui, kiosk: Kiosk): Promise<void> {
  const t = words(ui);
  const ok = await openDialog({
    title: t('revokeKioskTitle', { name: kiosk.name }),
    body: [h('p', {}, t('revokeKioskText'))],
    confirmLabel: t('revoke'),
    cancelLabel: t('back'),
    danger: true,
  });
  if (ok) await ui.act.revokeKiosk(kiosk);
}

// ---------- results ----------

export function renderResultsTab(ui: Ui): Node {
  const { label, state } = ui;
  const t = words(ui);
  const fig = (value: number | null) => (value === null ? '—' : ui.n(value));
  const meetingId = state.meetingId ?? 0;
  const audit = state.audit;
  const rounds = sortedRounds(state).filter((r) => r.state !== 'draft');
  const manual = allMotions(state).filter((m) => m.manualResult);
  return h(
    'div',
    { class: 'stack-lg' },
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'audit-title' },
      h('h2', { id: 'audit-title' }, t('auditTitle')),
      h(
        'div',
        { 'data-testid': 'audit-state', role: 'status' },
        audit === null
          ? h('p', {}, t('auditUnknown'))
          : audit.ok
            ? [h('p', { class: 'ok-text' }, '✓ ', t('auditOk', { entries: ui.n(audit.entries) })), h('p', { class: 'hash' }, `${t('auditHead')}: `, h('code', {}, audit.head))]
            : h('p', { class: 'form-error' }, '✗ ', t('auditBroken', { seq: audit.brokenAt })),
      ),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', id: 'audit-check', onclick: () => void ui.act.checkAudit() }, t('auditCheck')), h('a', { class: 'button-link', href: reportPdfUrl(meetingId), target: '_blank', rel: 'noopener' }, t('report'))),
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'voting-record-title' },
      h('h2', { id: 'voting-record-title' }, t('votingRecordTitle')),
      h('p', {}, t('votingRecordIntro')),
      h(
        'div',
        { class: 'actions' },
        h('a', { class: 'button-link', id: 'voting-record-csv', href: votingRecordUrl(meetingId, 'csv'), download: 'stemgedrag.csv' }, t('votingRecordCsv')),
        h('a', { class: 'button-link', id: 'voting-record-json', href: votingRecordUrl(meetingId, 'json'), target: '_blank', rel: 'noopener' }, t('votingRecordJson')),
      ),
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'results-rounds-title' },
      h('h2', { id: 'results-rounds-title' }, t('roundsTable')),
      rounds.length === 0
        ? h('p', {}, t('noRounds'))
        : h(
            'table',
            { class: 'list' },
            h('caption', { class: 'sr-only' }, t('roundsTable')),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('round')), h('th', { scope: 'col' }, t('state')), h('th', { scope: 'col' }, t('motions')), h('th', { scope: 'col' }, t('resultsCsv')))),
            h(
              'tbody',
              {},
              rounds.map((r) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, String(r.number)),
                  h('td', {}, label(ROUND_STATE_LABELS, r.state), r.practice ? h('span', { class: 'block small muted' }, t('practiceBadge')) : null),
                  h(
                    'td',
                    {},
                    h(
                      'ul',
                      { class: 'plain' },
                      r.motionIds.map((id) => {
                        const tally = r.tallies?.find((x) => x.motionId === id);
                        const outcome = r.state === 'closed' && tally?.outcome && !r.practice ? ` — ${label(OUTCOME_LABELS, tally.outcome)}` : '';
                        return h('li', {}, `${motionById(state, id)?.ref ?? id} `, h('span', { lang: 'nl' }, motionById(state, id)?.title ?? ''), outcome);
                      }),
                    ),
                  ),
                  h('td', {}, r.state === 'closed' ? h('a', { href: resultsCsvUrl(r.id), download: `stemronde-${r.number}.csv`, 'aria-label': `${t('download')}: ${t('csvFor', { id: r.number })}` }, t('download')) : '—'),
                ),
              ),
            ),
          ),
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'manual-results-title' },
      h('h2', { id: 'manual-results-title' }, t('manualResultsTitle')),
      manual.length === 0
        ? h('p', {}, t('noManualResults'))
        : h(
            'ul',
            { class: 'plain manual-list' },
            manual.map((m) => {
              const r = m.manualResult!;
              const figures = r.for !== null || r.against !== null || r.abstain !== null ? ` — ${t('manualFigures', { for: fig(r.for), against: fig(r.against), abstain: fig(r.abstain) })}` : '';
              return h('li', {}, h('span', { class: 'ref' }, m.ref), ` ${m.title}: `, h('strong', {}, label(OUTCOME_LABELS, r.outcome)), figures, r.note ? h('span', { class: 'block small muted' }, r.note) : null);
            }),
          ),
    ),
  );
}
