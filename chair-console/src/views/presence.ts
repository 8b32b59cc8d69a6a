/** Presence register with manual check-in and check-out, and card reissue/revoke. */
import * as api from '../api.ts';
import { formatNumber, formatTime, h, openDialog, replaceContent } from '../dom.ts';
import { lang, t } from '../i18n.ts';
import { loadCards, memberName, notify, runAction, state } from '../state.ts';
import type { Member } from '../../../shared/schemas.ts';

const n = (value: number) => formatNumber(value, lang());
const MAX_ROWS = 40;

function matches(filter: string, code: string, name: string): boolean {
  const f = filter.trim().toLowerCase();
  return !f || name.toLowerCase().includes(f) || code.toLowerCase().includes(f);
}

/** "Utrecht (GM0344)", "GM0344" or an exact name → the member, or null. */
export function resolveMember(input: string): Member | null {
  const text = input.trim();
  if (!text) return null;
  const inBrackets = /\(([^()]+)\)\s*$/.exec(text)?.[1];
  const byCode = state.members.get((inBrackets ?? text).toUpperCase()) ?? state.members.get(inBrackets ?? text);
  if (byCode) return byCode;
  const lower = text.toLowerCase();
  const byName = [...state.members.values()].filter((m) => m.name.toLowerCase() === lower);
  return byName.length === 1 ? byName[0] : null;
}

function memberDatalist(id: string): Node {
  return h(
    'datalist',
    { id },
    [...state.members.values()].map((m) => h('option', { value: `${m.name} (${m.code})` })),
  );
}

export function renderPresenceTab(): Node {
  const list = state.presentList;
  const rows = (list ?? []).filter((m) => matches(state.presenceFilter, m.code, m.name)).sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  const tableHost = h('div', { class: 'table-host' });
  const fillTable = () => {
    const visible = (list ?? []).filter((m) => matches(state.presenceFilter, m.code, m.name)).sort((a, b) => a.name.localeCompare(b.name, 'nl'));
    replaceContent(tableHost, presenceTable(visible, list === null));
  };
  replaceContent(tableHost, presenceTable(rows, list === null));

  const check = async (direction: 'in' | 'out') => {
    const member = resolveMember(state.presenceMember);
    if (!member) {
      state.flash = { kind: 'error', text: t('unknownMember') };
      notify('other');
      document.getElementById('presence-member')?.focus();
      return;
    }
    await runAction(async () => {
      const result = await api.setPresence(state.meetingId ?? 0, member.code, direction);
      state.presenceMember = '';
      return t(result.present ? 'checkedIn' : 'checkedOut', { name: result.member.name });
    });
  };

  return h(
    'div',
    { class: 'two-col' },
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'presence-title' },
      h('h2', { id: 'presence-title' }, t('presenceTitle')),
      h('p', { class: 'lead', 'data-testid': 'presence-summary' }, t('presenceSummary', { count: n(state.presence.count), weight: n(state.presence.weight) })),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'presence-filter' }, t('filter')),
        h('input', {
          type: 'search',
          id: 'presence-filter',
          value: state.presenceFilter,
          autocomplete: 'off',
          oninput: (event: Event) => {
            state.presenceFilter = (event.target as HTMLInputElement).value;
            fillTable();
          },
        }),
      ),
      tableHost,
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'manual-check-title' },
      h('h2', { id: 'manual-check-title' }, t('manualCheck')),
      h('p', { class: 'small', id: 'manual-check-help' }, t('manualCheckHelp')),
      h(
        'form',
        {
          class: 'stack',
          onsubmit: (event: Event) => {
            event.preventDefault();
            void check('in');
          },
        },
        h('div', { class: 'field' }, h('label', { for: 'presence-member' }, t('member')), h('input', {
            id: 'presence-member',
            list: 'presence-members',
            autocomplete: 'off',
            value: state.presenceMember,
            placeholder: t('memberPlaceholder'),
            'aria-describedby': 'manual-check-help',
            oninput: (event: Event) => {
              state.presenceMember = (event.target as HTMLInputElement).value;
            },
          })),
        memberDatalist('presence-members'),
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'submit', class: 'primary', id: 'manual-check-in' }, t('checkIn')),
          h('button', { type: 'button', class: 'secondary', id: 'manual-check-out', onclick: () => void check('out') }, t('checkOut')),
        ),
      ),
    ),
  );
}

function presenceTable(rows: api.PresentMember[], loading: boolean): Node {
  if (loading) return h('p', {}, t('loading'));
  if (rows.length === 0) return h('p', {}, state.presenceFilter ? t('noMatch') : t('nobodyPresent'));
  return h(
    'table',
    { class: 'list' },
    h('caption', { class: 'sr-only' }, t('presenceTitle')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('name')), h('th', { scope: 'col' }, t('code')), h('th', { scope: 'col', class: 'num' }, t('weight')), h('th', { scope: 'col' }, t('since')), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, t('actions'))))),
    h(
      'tbody',
      {},
      rows.map((m) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, m.name || memberName(m.code)),
          h('td', {}, m.code),
          h('td', { class: 'num' }, n(m.weight)),
          h('td', {}, m.since ? formatTime(m.since, lang()) : ''),
          h(
            'td',
            {},
            h(
              'button',
              {
                type: 'button',
                class: 'secondary small-button',
                'aria-label': t('checkOutMember', { name: m.name }),
                onclick: () =>
                  void runAction(async () => {
                    const result = await api.setPresence(state.meetingId ?? 0, m.code, 'out');
                    return t('checkedOut', { name: result.member.name });
                  }),
              },
              t('checkOut'),
            ),
          ),
        ),
      ),
    ),
  );
}

// ---------- cards ----------

export function renderCardsTab(): Node {
  const host = h('div', { class: 'table-host' });
  const fill = () => replaceContent(host, cardsTable());
  fill();
  const last = state.lastCard;
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'cards-title' },
    h('h2', { id: 'cards-title' }, t('cardsTitle')),
    h('p', {}, t('cardsIntro')),
    last
      ? h(
          'div',
          { class: 'result-box', role: 'status' },
          h('p', {}, t('reissued', { name: last.name })),
          last.outcome.kind === 'pdf'
            ? // A download, not a new tab: the page's CSP (object-src 'none') would follow a blob: PDF into the tab.
              h('a', { class: 'button-link primary', href: last.outcome.url, download: last.outcome.filename, id: 'print-card' }, t('printCard'))
            : last.outcome.cards.map((c) => h('p', {}, `${t('newCode')}: `, h('code', { class: 'card-code' }, c.code.replace(/(.{5})(?=.)/g, '$1 ')))),
        )
      : null,
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'card-filter' }, t('findMember')),
      h('input', {
        type: 'search',
        id: 'card-filter',
        value: state.cardFilter,
        autocomplete: 'off',
        placeholder: t('memberPlaceholder'),
        oninput: (event: Event) => {
          state.cardFilter = (event.target as HTMLInputElement).value;
          fill();
        },
      }),
    ),
    host,
  );
}

function cardsTable(): Node {
  const cards = state.cards;
  // Without a search: the members with a card in this meeting; a search finds every member.
  const pool = state.cardFilter.trim() || !cards ? [...state.members.values()] : [...state.members.values()].filter((m) => cards.has(m.code));
  const all = pool.filter((m) => matches(state.cardFilter, m.code, m.name));
  if (all.length === 0) return h('p', {}, t('noMatch'));
  const shown = all.slice(0, MAX_ROWS);
  return h(
    'div',
    {},
    h(
      'table',
      { class: 'list' },
      h('caption', { class: 'sr-only' }, t('cardsTitle')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('name')), h('th', { scope: 'col' }, t('code')), h('th', { scope: 'col', class: 'num' }, t('weight')), h('th', { scope: 'col' }, t('cardState')), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, t('actions'))))),
      h(
        'tbody',
        {},
        shown.map((m) => {
          const card = cards?.get(m.code);
          return h(
            'tr',
            {},
            h('th', { scope: 'row' }, m.name),
            h('td', {}, m.code),
            h('td', { class: 'num' }, n(card?.weight ?? m.weight)),
            h('td', {}, card ? (card.active ? h('span', { class: 'status status-adopted' }, t('cardActive')) : h('span', { class: 'status status-rejected' }, t('cardRevoked'))) : h('span', { class: 'muted' }, t('cardNone'))),
            h(
              'td',
              {},
              h(
                'div',
                { class: 'row-actions' },
                h('button', { type: 'button', class: 'secondary small-button', 'aria-label': t('reissueFor', { name: m.name }), onclick: () => void reissue(m) }, t('reissue')),
                card?.active
                  ? h('button', { type: 'button', class: 'danger-outline small-button', 'aria-label': t('revokeFor', { name: m.name }), onclick: () => void revoke(m) }, t('revoke'))
                  : null,
              ),
            ),
          );
        }),
      ),
    ),
    all.length > shown.length ? h('p', { class: 'small muted' }, t('moreMatches', { count: n(all.length - shown.length) })) : null,
  );
}

async function reissue(member: Member): Promise<void> {
  const ok = await openDialog({
    title: t('reissueTitle', { name: member.name }),
    body: [h('p', {}, t('reissueText'))],
    confirmLabel: t('reissue'),
    cancelLabel: t('back'),
  });
  if (!ok) return;
  await runAction(async () => {
    const outcome = await api.reissueCard(state.meetingId ?? 0, member.code);
    if (state.lastCard?.outcome.kind === 'pdf') URL.revokeObjectURL(state.lastCard.outcome.url);
    state.lastCard = { name: member.name, outcome };
    await loadCards();
    return t('reissued', { name: member.name });
  });
}

async function revoke(member: Member): Promise<void> {
  const ok = await openDialog({
    title: t('revokeTitle', { name: member.name }),
    body: [h('p', {}, t('revokeText'))],
    confirmLabel: t('revoke'),
    cancelLabel: t('back'),
    danger: true,
  });
  if (!ok) return;
  await runAction(async () => {
    await api.revokeCard(state.meetingId ?? 0, member.code);
    state.lastCard = null;
    await loadCards();
    return t('revoked', { name: member.name });
  });
}
