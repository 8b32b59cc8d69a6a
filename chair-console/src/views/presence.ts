/** Presence register with manual check-in and check-out, and card reissue/revoke. */
import { h } from '../../../client-kit/dom.ts';
import { formatCardCode } from '../../../shared/card-code.ts';
import { localeOf } from '../../../client-kit/format.ts';
import type { Member, PresentMember, Proxy } from '../../../shared/schemas.ts';
import { openDialog } from '../dialog.ts';
import { matchesMember } from '../member-search.ts';
import { memberName, type State } from '../store.ts';
import { PRESENCE_WORDS } from '../i18n-presence.ts';
import { withWords, type Ui } from '../ui.ts';

const words = withWords(PRESENCE_WORDS);

const MAX_ROWS = 40;

const matches = (filter: string, code: string, name: string) => matchesMember(filter, code, name);

function memberDatalist(state: State, id: string): Node {
  return h(
    'datalist',
    { id },
    [...state.members.values()].map((m) => h('option', { value: `${m.name} (${m.code})` })),
  );
}

export function renderPresenceTab(ui: Ui): Node {
  const { n, act, state } = ui;
  const t = words(ui);
  const list = state.presentList;
  const rows = (list ?? []).filter((m) => matches(state.presenceFilter, m.code, m.name)).sort((a, b) => a.name.localeCompare(b.name, localeOf('nl')));

  const check = (direction: 'in' | 'out') => {
    if (!act.checkTypedMember(direction)) document.getElementById('presence-member')?.focus();
  };

  const columns = h(
    'div',
    { class: 'two-col' },
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'presence-title' },
      h('h2', { id: 'presence-title' }, t('presenceTitle')),
      h(
        'p',
        { class: 'lead', 'data-testid': 'presence-summary' },
        state.presence.represented
          ? t('presenceSummaryProxies', { count: n(state.presence.count), represented: n(state.presence.represented.count), weight: n(state.presence.weight) })
          : t('presenceSummary', { count: n(state.presence.count), weight: n(state.presence.weight) }),
      ),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'presence-filter' }, t('filter')),
        h('input', {
          type: 'search',
          id: 'presence-filter',
          value: state.presenceFilter,
          autocomplete: 'off',
          oninput: (event: Event) => act.setPresenceFilter((event.target as HTMLInputElement).value),
        }),
      ),
      h('div', { class: 'table-host' }, presenceTable(ui, rows, list === null)),
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
            check('in');
          },
        },
        h('div', { class: 'field' }, h('label', { for: 'presence-member' }, t('member')), h('input', {
            id: 'presence-member',
            list: 'presence-members',
            autocomplete: 'off',
            value: state.presenceMember,
            placeholder: t('memberPlaceholder'),
            'aria-describedby': 'manual-check-help',
            oninput: (event: Event) => act.setPresenceMember((event.target as HTMLInputElement).value),
          })),
        memberDatalist(state, 'presence-members'),
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'submit', class: 'primary', id: 'manual-check-in' }, t('checkIn')),
          h('button', { type: 'button', class: 'secondary', id: 'manual-check-out', onclick: () => check('out') }, t('checkOut')),
        ),
      ),
    ),
  );
  // A meeting with proxies: the registration desk's proxies below, full width.
  return state.meeting?.proxies.allowed ? h('div', { class: 'stack' }, columns, proxiesPanel(ui)) : columns;
}

/** The registration desk's proxies: who holds whose and whether it counts now, a written one registered on the spot, one ended. */
function proxiesPanel(ui: Ui): Node {
  const { state, act } = ui;
  const t = words(ui);
  const field = (name: 'principal' | 'holder' | 'reference', label: string, list: boolean) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: `proxy-${name}` }, label),
      h('input', {
        id: `proxy-${name}`,
        list: list ? 'presence-members' : null,
        autocomplete: 'off',
        value: state.proxyForm[name],
        placeholder: list ? t('memberPlaceholder') : null,
        oninput: (event: Event) => act.setProxyField(name, (event.target as HTMLInputElement).value),
      }),
    );
  const proxies = state.proxies ?? [];
  return h(
    'div',
    { class: 'panel proxies-panel', 'aria-labelledby': 'proxies-title', role: 'region' },
    h('h2', { id: 'proxies-title' }, t('proxiesTitle')),
    h('p', { class: 'small' }, t('proxiesHelp')),
    h(
      'form',
      {
        class: 'stack',
        onsubmit: (event: Event) => {
          event.preventDefault();
          if (!act.addTypedProxy()) document.getElementById('proxy-principal')?.focus();
        },
      },
      field('principal', t('proxyPrincipal'), true),
      field('holder', t('proxyHolder'), true),
      field('reference', t('proxyReference'), false),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'proxy-add' }, t('proxyAdd'))),
    ),
    proxies.length === 0 ? h('p', {}, t('proxyNone')) : h('div', { class: 'table-host' }, proxiesTable(ui, proxies)),
  );
}

function proxiesTable(ui: Ui, proxies: Proxy[]): Node {
  const t = words(ui);
  const stateText = { active: t('proxyActive'), suspended: t('proxySuspended'), ended: t('proxyEnded') };
  const stateClass = { active: 'status status-adopted', suspended: 'status status-rejected', ended: 'muted' };
  return h(
    'table',
    { class: 'list', 'data-testid': 'proxies' },
    h('caption', { class: 'sr-only' }, t('proxiesTitle')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('proxyPrincipal')), h('th', { scope: 'col' }, t('proxyHolder')), h('th', { scope: 'col' }, t('proxyState')))),
    h(
      'tbody',
      {},
      proxies.map((p) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, `${p.principalName} (${p.principal})`, p.reference ? h('div', { class: 'small muted' }, p.reference) : null),
          h('td', {}, `${p.holderName} (${p.holder})`),
          h(
            'td',
            { class: 'proxy-state' },
            h('span', { class: stateClass[p.state] }, stateText[p.state]),
            p.state === 'ended'
              ? null
              : h('button', { type: 'button', class: 'danger-outline small-button', 'aria-label': t('proxyEndFor', { principal: p.principalName, holder: p.holderName }), onclick: () => void ui.act.endProxy(p.id) }, t('proxyEnd')),
          ),
        ),
      ),
    ),
  );
}

function presenceTable(ui: Ui, rows: PresentMember[], loading: boolean): Node {
  const { n, state } = ui;
  const t = words(ui);
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
          h('th', { scope: 'row' }, m.name || memberName(state, m.code)),
          h('td', {}, m.code),
          h('td', { class: 'num' }, n(m.weight)),
          h('td', {}, m.since ? ui.time(m.since) : ''),
          h(
            'td',
            {},
            h(
              'button',
              {
                type: 'button',
                class: 'secondary small-button',
                'aria-label': t('checkOutMember', { name: m.name }),
                onclick: () => void ui.act.setPresence(m.code, 'out'),
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

export function renderCardsTab(ui: Ui): Node {
  const { act, state } = ui;
  const t = words(ui);
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
            : last.outcome.cards.map((c) => h('p', {}, `${t('newCode')}: `, h('code', { class: 'card-code' }, formatCardCode(c.code)))),
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
        oninput: (event: Event) => act.setCardFilter((event.target as HTMLInputElement).value),
      }),
    ),
    h('div', { class: 'table-host' }, cardsTable(ui)),
  );
}

function cardsTable(ui: Ui): Node {
  const { n, state } = ui;
  const t = words(ui);
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
                h('button', { type: 'button', class: 'secondary small-button', 'aria-label': t('reissueFor', { name: m.name }), onclick: () => void reissue(ui, m) }, t('reissue')),
                card?.active
                  ? h('button', { type: 'button', class: 'danger-outline small-button', 'aria-label': t('revokeFor', { name: m.name }), onclick: () => void revoke(ui, m) }, t('revoke'))
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

async function reissue(ui: Ui, member: Member): Promise<void> {
  const t = words(ui);
  const ok = await openDialog({
    title: t('reissueTitle', { name: member.name }),
    body: [h('p', {}, t('reissueText'))],
    confirmLabel: t('reissue'),
    cancelLabel: t('back'),
  });
  if (ok) await ui.act.reissue(member);
}

async function revoke(ui: Ui, member: Member): Promise<void> {
  const t = words(ui);
  const ok = await openDialog({
    title: t('revokeTitle', { name: member.name }),
    body: [h('p', {}, t('revokeText'))],
    confirmLabel: t('revoke'),
    cancelLabel: t('back'),
    danger: true,
  });
  if (ok) await ui.act.revoke(member);
}
