/** What surrounds the tabs: the login, the meeting picker, the top bar, the tab list and the message line. */
import { h } from '../../../client-kit/dom.ts';
import { formatDate } from '../../../client-kit/format.ts';
import { openRoundOf, TABS, type Tab } from '../store.ts';
import type { StringKey } from '../i18n.ts';
import type { Ui } from '../ui.ts';

export const TAB_LABELS: Record<Tab, StringKey> = {
  vote: 'tabVote',
  agenda: 'tabAgenda',
  presence: 'tabPresence',
  cards: 'tabCards',
  kiosks: 'tabKiosks',
  results: 'tabResults',
};

/** What the shell asks of main.ts besides intents: leaving the meeting screen on logout. */
export interface Navigation {
  loggedOut(): void;
}

function brand(ui: Ui): Node {
  return h('a', { class: 'brand', href: '#/' }, 'Stemkaart', h('span', { class: 'brand-sub' }, ui.lang === 'en' ? 'chair' : 'voorzitter'));
}

function langButton(ui: Ui): Node {
  const other = ui.lang === 'nl' ? 'en' : 'nl';
  return h('button', { type: 'button', class: 'ghost', lang: other, id: 'lang-switch', 'aria-label': ui.t('switchLangLabel'), onclick: () => ui.act.setLang(other) }, ui.t('switchLang'));
}

function logoutButton(ui: Ui, nav: Navigation): Node {
  return h('button', { type: 'button', class: 'ghost', id: 'logout', onclick: () => nav.loggedOut() }, ui.t('logout'));
}

export function renderLogin(ui: Ui): Node[] {
  const { t, state } = ui;
  const message = state.loginMessage;
  const error = h('p', { class: 'form-error', role: 'alert', id: 'login-error' }, message?.kind === 'error' ? message.text : '');
  const form = h(
    'form',
    {
      class: 'panel login stack',
      'aria-labelledby': 'login-title',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const input = document.getElementById('token') as HTMLInputElement;
        const button = document.getElementById('login-button') as HTMLButtonElement;
        button.disabled = true;
        error.textContent = '';
        const token = input.value.trim();
        input.value = '';
        if (await ui.act.login(token)) return;
        // Still on this screen: the store put the server's sentence in the login message.
        input.value = token;
        button.disabled = false;
        input.focus();
        input.select();
      },
    },
    h('h1', { id: 'login-title' }, t('loginTitle')),
    h('p', {}, t('loginIntro')),
    message?.kind === 'ok' ? h('p', { role: 'status', class: 'ok-text' }, message.text) : null,
    // For password managers (and Chromium's form check): the token belongs to the chair account.
    h('input', { type: 'text', name: 'username', autocomplete: 'username', value: 'voorzitter', readonly: true, hidden: true, 'aria-label': 'voorzitter' }),
    h('div', { class: 'field' }, h('label', { for: 'token' }, t('tokenLabel')), h('input', { id: 'token', name: 'token', type: 'password', required: true, autocomplete: 'current-password', 'aria-describedby': 'login-error' })),
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'login-button' }, t('loginButton'))),
  );
  return [h('header', { class: 'topbar' }, brand(ui), h('div', { class: 'topbar-tools' }, langButton(ui))), h('main', { id: 'main', class: 'center', tabindex: -1 }, form)];
}

export function renderMeetings(ui: Ui, nav: Navigation): Node[] {
  const { t, state } = ui;
  const list =
    state.meetingsError !== null
      ? h('p', { class: 'form-error', role: 'alert' }, state.meetingsError)
      : state.meetings === null
        ? h('p', {}, t('loading'))
        : state.meetings.length === 0
          ? h('p', {}, t('noMeetings'))
          : h(
              'ul',
              { class: 'plain meeting-list' },
              state.meetings.map((m) =>
                h(
                  'li',
                  {},
                  h(
                    'a',
                    { class: 'meeting-link', href: `#/m/${m.id}/vote` },
                    h('span', { class: 'meeting-title', lang: 'nl' }, m.title),
                    h('span', { class: 'muted' }, [formatDate(m.date, ui.lang), m.venue].filter(Boolean).join(' · ')),
                    h('span', { class: 'small muted' }, m.requireCheckIn ? t('checkInRequired') : t('checkInNotRequired')),
                  ),
                ),
              ),
            );
  return [
    h('header', { class: 'topbar' }, brand(ui), h('div', { class: 'topbar-tools' }, langButton(ui), logoutButton(ui, nav))),
    h('main', { id: 'main', tabindex: -1, class: 'narrow' }, h('h1', {}, t('meetingsTitle')), h('div', {}, list)),
  ];
}

export function renderHeader(ui: Ui, nav: Navigation): Node[] {
  const { t, n, state } = ui;
  const meeting = state.meeting;
  const open = openRoundOf(state);
  return [
    brand(ui),
    h(
      'div',
      { class: 'topbar-meeting' },
      h('h1', { class: 'meeting-title', lang: meeting ? 'nl' : null }, meeting?.title ?? t('loading')),
      meeting ? h('span', { class: 'muted small meeting-date' }, formatDate(meeting.date, ui.lang)) : null,
      h('a', { href: '#/', class: 'small' }, t('otherMeeting')),
    ),
    h(
      'div',
      { class: 'topbar-status' },
      h('span', { class: 'pill', 'data-testid': 'header-presence' }, `${t('present')}: ${n(state.presence.count)} ${t('members')} · ${n(state.presence.weight)} ${t('votes')}`),
      open ? h('a', { class: 'pill pill-open', href: `#/m/${state.meetingId}/vote` }, t('openRoundTitle', { id: open.number })) : null,
      h(
        'span',
        { class: `live-indicator ${state.connected ? 'on' : 'off'}`, title: state.connected ? t('liveOn') : t('liveOff'), 'data-testid': 'live-indicator' },
        h('span', { class: 'live-dot', 'aria-hidden': 'true' }),
        h('span', { 'aria-hidden': 'true' }, state.connected ? t('liveShort') : t('offlineShort')),
        h('span', { class: 'sr-only' }, state.connected ? t('liveOn') : t('liveOff')),
      ),
    ),
    h('div', { class: 'topbar-tools' }, langButton(ui), logoutButton(ui, nav)),
  ];
}

export function renderNav(ui: Ui, meetingId: number): Node {
  return h(
    'ul',
    {},
    TABS.map((tab) =>
      h('li', {}, h('a', { href: `#/m/${meetingId}/${tab}`, 'aria-current': ui.state.tab === tab ? 'page' : null, id: `tab-${tab}` }, ui.t(TAB_LABELS[tab]))),
    ),
  );
}

export function renderFlash(ui: Ui): Node | null {
  const flash = ui.state.flash;
  if (!flash) return null;
  return h(
    'div',
    { class: `flash flash-${flash.kind}` },
    h('p', { 'data-testid': 'flash' }, flash.text),
    h('button', { type: 'button', class: 'ghost small-button', 'aria-label': ui.lang === 'en' ? 'Dismiss message' : 'Melding sluiten', onclick: () => ui.act.setFlash(null) }, '×'),
  );
}
