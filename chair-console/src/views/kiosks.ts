/** Kiosks (pair with a QR code of the link, list, revoke) and results (CSV, report, audit chain). */
import * as api from '../api.ts';
import { formatNumber, formatTime, h, openDialog } from '../dom.ts';
import { label, lang, t } from '../i18n.ts';
import { allMotions, motionById, notify, runAction, sortedRounds, state } from '../state.ts';
import { OUTCOME_LABELS, ROUND_STATE_LABELS } from '../../../shared/labels.ts';
import type { Kiosk, KioskMode } from '../../../shared/schemas.ts';

export async function loadKiosks(): Promise<void> {
  if (state.meetingId === null) return;
  state.kiosks = await api.listKiosks(state.meetingId);
  notify('other');
}

export function renderKiosksTab(): Node {
  const last = state.lastKiosk;
  const qrHost = h('div', { class: 'qr' });
  if (last) void drawQr(qrHost, last.url, last.name);
  return h(
    'div',
    { class: 'two-col' },
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
            if (!name) {
              state.flash = { kind: 'error', text: t('nameRequired') };
              notify('other');
              return;
            }
            void runAction(async () => {
              const kiosk = await api.pairKiosk(state.meetingId ?? 0, name, mode);
              state.lastKiosk = { name: kiosk.name, url: kiosk.url };
              await loadKiosks();
              return t('paired', { name: kiosk.name });
            });
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
            qrHost,
          )
        : null,
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'kiosk-list-title' },
      h('h2', { id: 'kiosk-list-title' }, t('kioskList')),
      state.kiosks === null ? h('p', {}, t('loading')) : state.kiosks.length === 0 ? h('p', {}, t('noKiosks')) : kioskTable(state.kiosks),
    ),
  );
}

let qrCache: { url: string; svg: Element } | null = null;

async function drawQr(host: HTMLElement, url: string, name: string): Promise<void> {
  if (qrCache?.url === url) {
    host.replaceChildren(qrCache.svg.cloneNode(true));
    return;
  }
  try {
    // bwip-js is large: load it only when a QR code is needed.
    const bwip = await import('bwip-js/browser');
    const svgText = bwip.toSVG({ bcid: 'qrcode', text: url, scale: 4, padding: 2});
    const svg = new DOMParser().parseFromString(svgText, 'image/svg+xml').documentElement;
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', t('qrAlt', { name }));
    const node = document.importNode(svg, true);
    qrCache = { url, svg: node.cloneNode(true) as Element };
    host.replaceChildren(node);
  } catch {
    host.replaceChildren(h('p', { class: 'form-error' }, t('qrFailed')));
  }
}

function kioskTable(kiosks: Kiosk[]): Node {
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
          h('td', {}, k.mode === 'voting' ? t('modeVoting') : t('modeCheckin')),
          h('td', {}, formatTime(k.createdAt, lang())),
          h('td', {}, k.revokedAt ? t('revokedState') : t('active')),
          h(
            'td',
            {},
            k.revokedAt
              ? null
              : h('button', { type: 'button', class: 'danger-outline small-button', 'aria-label': t('revokeKiosk', { name: k.name }), onclick: () => void revokeKiosk(k) }, t('revoke')),
          ),
        ),
      ),
    ),
  );
}

async function revokeKiosk(kiosk: Kiosk): Promise<void> {
  const ok = await openDialog({
    title: t('revokeKioskTitle', { name: kiosk.name }),
    body: [h('p', {}, t('revokeKioskText'))],
    confirmLabel: t('revoke'),
    cancelLabel: t('back'),
    danger: true,
  });
  if (!ok) return;
  await runAction(async () => {
    await api.revokeKiosk(kiosk.id);
    await loadKiosks();
    return t('kioskRevoked', { name: kiosk.name });
  });
}

// ---------- results ----------

export async function loadAudit(): Promise<void> {
  if (state.meetingId === null) return;
  state.audit = await api.verifyAudit(state.meetingId);
  notify('other');
}

export function renderResultsTab(): Node {
  const meetingId = state.meetingId ?? 0;
  const audit = state.audit;
  const rounds = sortedRounds().filter((r) => r.state !== 'draft');
  const manual = allMotions().filter((m) => m.manualResult);
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
            ? [h('p', { class: 'ok-text' }, '✓ ', t('auditOk', { entries: formatNumber(audit.entries, lang()) })), h('p', { class: 'hash' }, `${t('auditHead')}: `, h('code', {}, audit.head))]
            : h('p', { class: 'form-error' }, '✗ ', t('auditBroken', { seq: audit.brokenAt })),
      ),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', id: 'audit-check', onclick: () => void runAction(loadAudit) }, t('auditCheck')), h('a', { class: 'button-link', href: api.reportPdfUrl(meetingId), target: '_blank', rel: 'noopener' }, t('report'))),
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
                  h('th', { scope: 'row' }, String(r.id)),
                  h('td', {}, label(ROUND_STATE_LABELS, r.state)),
                  h(
                    'td',
                    {},
                    h(
                      'ul',
                      { class: 'plain' },
                      r.motionIds.map((id) => {
                        const tally = r.tallies?.find((x) => x.motionId === id);
                        const outcome = r.state === 'closed' && tally?.outcome ? ` — ${label(OUTCOME_LABELS, tally.outcome)}` : '';
                        return h('li', {}, `${motionById(id)?.ref ?? id} ${motionById(id)?.title ?? ''}${outcome}`);
                      }),
                    ),
                  ),
                  h('td', {}, r.state === 'closed' ? h('a', { href: api.resultsCsvUrl(r.id), download: `stemronde-${r.id}.csv`, 'aria-label': `${t('download')}: ${t('csvFor', { id: r.id })}` }, t('download')) : '—'),
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

const fig = (value: number | null) => (value === null ? '—' : formatNumber(value, lang()));
