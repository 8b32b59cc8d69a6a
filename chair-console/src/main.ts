/**
 * Chair console: login, meeting picker, and one screen per task of the chair and staff.
 * Routes live in the hash (#/m/<meetingId>/<tab>) so a reload keeps the place.
 */
import './style.css';
import * as api from './api.ts';
import { formatDate, formatNumber, h, replaceContent } from './dom.ts';
import { lang, setLang, t, type StringKey } from './i18n.ts';
import { loadCards, onChange, openRound, refreshPresenceList, selectMeeting, setFlash, state, stopMeeting, TABS, type Tab } from './state.ts';
import { renderAgendaTab } from './views/agenda.ts';
import { loadAudit, loadKiosks, renderKiosksTab, renderResultsTab } from './views/kiosks.ts';
import { renderCardsTab, renderPresenceTab } from './views/presence.ts';
import { focusLiveIfRequested, renderVoteTab, tickTimers } from './views/rounds.ts';

const root = document.getElementById('app') as HTMLElement;
const TAB_LABELS: Record<Tab, StringKey> = {
  vote: 'tabVote',
  agenda: 'tabAgenda',
  presence: 'tabPresence',
  cards: 'tabCards',
  kiosks: 'tabKiosks',
  results: 'tabResults',
};

type Route = { screen: 'meetings' } | { screen: 'meeting'; meetingId: number; tab: Tab };

function parseRoute(): Route {
  const match = /^#\/m\/(\d+)(?:\/(\w+))?/.exec(location.hash);
  if (!match) return { screen: 'meetings' };
  const tab = (TABS as string[]).includes(match[2] ?? '') ? (match[2] as Tab) : 'vote';
  return { screen: 'meeting', meetingId: Number(match[1]), tab };
}

let loggedIn = false;
let header: HTMLElement | null = null;
let main: HTMLElement | null = null;
let flashHost: HTMLElement | null = null;
let tabHost: HTMLElement | null = null;

// ---------- login ----------

function renderLogin(message?: { kind: 'ok' | 'error'; text: string }): void {
  stopMeeting();
  header = main = flashHost = tabHost = null;
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
        try {
          await api.login(input.value.trim());
          loggedIn = true;
          input.value = '';
          await route();
        } catch (e) {
          error.textContent = e instanceof Error ? e.message : String(e);
          input.focus();
          input.select();
        } finally {
          button.disabled = false;
        }
      },
    },
    h('h1', { id: 'login-title' }, t('loginTitle')),
    h('p', {}, t('loginIntro')),
    message?.kind === 'ok' ? h('p', { role: 'status', class: 'ok-text' }, message.text) : null,
    // For password managers (and Chromium's form check): the token belongs to the chair account.
    h('input', { type: 'text', name: 'username', autocomplete: 'username', value: 'voorzitter', readonly: true, hidden: true }),
    h('div', { class: 'field' }, h('label', { for: 'token' }, t('tokenLabel')), h('input', { id: 'token', name: 'token', type: 'password', required: true, autocomplete: 'current-password', 'aria-describedby': 'login-error' })),
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'login-button' }, t('loginButton'))),
  );
  replaceContent(root, h('header', { class: 'topbar' }, brand(), h('div', { class: 'topbar-tools' }, langButton())), h('main', { id: 'main', class: 'center', tabindex: -1 }, form));
  document.title = t('appTitle');
  document.getElementById('token')?.focus();
}

function brand(): Node {
  return h('a', { class: 'brand', href: '#/' }, 'Stemkaart', h('span', { class: 'brand-sub' }, lang() === 'en' ? 'chair' : 'voorzitter'));
}

function langButton(): Node {
  const other = lang() === 'nl' ? 'en' : 'nl';
  return h(
    'button',
    {
      type: 'button',
      class: 'ghost',
      lang: other,
      id: 'lang-switch',
      'aria-label': t('switchLangLabel'),
      onclick: () => {
        setLang(other);
        api.setApiLanguage(other);
        document.querySelector('.skip-link')!.textContent = t('skipLink');
        void route(true);
      },
    },
    t('switchLang'),
  );
}

function logoutButton(): Node {
  return h(
    'button',
    {
      type: 'button',
      class: 'ghost',
      id: 'logout',
      onclick: async () => {
        try {
          await api.logout();
        } catch {
          // the cookie may already be gone; the login screen is right either way
        }
        loggedIn = false;
        // No hashchange: its route() would render the login again without the message.
        history.replaceState(null, '', '#/');
        renderLogin({ kind: 'ok', text: t('loggedOut') });
      },
    },
    t('logout'),
  );
}

// ---------- meeting picker ----------

async function renderMeetings(): Promise<void> {
  stopMeeting();
  header = main = flashHost = tabHost = null;
  const list = h('div', {}, h('p', {}, t('loading')));
  replaceContent(
    root,
    h('header', { class: 'topbar' }, brand(), h('div', { class: 'topbar-tools' }, langButton(), logoutButton())),
    h('main', { id: 'main', tabindex: -1, class: 'narrow' }, h('h1', {}, t('meetingsTitle')), list),
  );
  document.title = t('appTitle');
  try {
    const meetings = await api.listMeetings();
    replaceContent(
      list,
      meetings.length === 0
        ? h('p', {}, t('noMeetings'))
        : h(
            'ul',
            { class: 'plain meeting-list' },
            meetings.map((m) =>
              h(
                'li',
                {},
                h(
                  'a',
                  { class: 'meeting-link', href: `#/m/${m.id}/vote` },
                  h('span', { class: 'meeting-title' }, m.title),
                  h('span', { class: 'muted' }, [formatDate(m.date, lang()), m.venue].filter(Boolean).join(' · ')),
                  h('span', { class: 'small muted' }, m.requireCheckIn ? t('checkInRequired') : t('checkInNotRequired')),
                ),
              ),
            ),
          ),
    );
  } catch (error) {
    replaceContent(list, h('p', { class: 'form-error', role: 'alert' }, error instanceof Error ? error.message : String(error)));
  }
}

// ---------- meeting screen ----------

function renderHeader(): void {
  if (!header) return;
  const meeting = state.meeting;
  const open = openRound();
  replaceContent(
    header,
    brand(),
    h(
      'div',
      { class: 'topbar-meeting' },
      h('h1', { class: 'meeting-title' }, meeting?.title ?? t('loading')),
      meeting ? h('span', { class: 'muted small meeting-date' }, formatDate(meeting.date, lang())) : null,
      h('a', { href: '#/', class: 'small' }, t('otherMeeting')),
    ),
    h(
      'div',
      { class: 'topbar-status' },
      h('span', { class: 'pill', 'data-testid': 'header-presence' }, `${t('present')}: ${formatNumber(state.presence.count, lang())} ${t('members')} · ${formatNumber(state.presence.weight, lang())} ${t('votes')}`),
      open ? h('a', { class: 'pill pill-open', href: `#/m/${state.meetingId}/vote` }, t('openRoundTitle', { id: open.id })) : null,
      h(
        'span',
        { class: `live-indicator ${state.connected ? 'on' : 'off'}`, title: state.connected ? t('liveOn') : t('liveOff'), 'data-testid': 'live-indicator' },
        h('span', { class: 'live-dot', 'aria-hidden': 'true' }),
        h('span', { 'aria-hidden': 'true' }, state.connected ? t('liveShort') : t('offlineShort')),
        h('span', { class: 'sr-only' }, state.connected ? t('liveOn') : t('liveOff')),
      ),
    ),
    h('div', { class: 'topbar-tools' }, langButton(), logoutButton()),
  );
}

function renderNav(nav: HTMLElement, meetingId: number): void {
  replaceContent(
    nav,
    h(
      'ul',
      {},
      TABS.map((tab) =>
        h('li', {}, h('a', { href: `#/m/${meetingId}/${tab}`, 'aria-current': state.tab === tab ? 'page' : null, id: `tab-${tab}` }, t(TAB_LABELS[tab]))),
      ),
    ),
  );
}

function renderFlash(): void {
  if (!flashHost) return;
  const flash = state.flash;
  replaceContent(
    flashHost,
    flash
      ? h(
          'div',
          { class: `flash flash-${flash.kind}` },
          h('p', { 'data-testid': 'flash' }, flash.text),
          h('button', { type: 'button', class: 'ghost small-button', 'aria-label': lang() === 'en' ? 'Dismiss message' : 'Melding sluiten', onclick: () => setFlash(null) }, '×'),
        )
      : null,
  );
}

function renderTab(): void {
  if (!tabHost) return;
  let content: Node;
  switch (state.tab) {
    case 'vote':
      content = renderVoteTab();
      break;
    case 'agenda':
      content = renderAgendaTab();
      break;
    case 'presence':
      content = renderPresenceTab();
      break;
    case 'cards':
      content = renderCardsTab();
      break;
    case 'kiosks':
      content = renderKiosksTab();
      break;
    case 'results':
      content = renderResultsTab();
      break;
  }
  replaceContent(tabHost, content);
  if (state.tab === 'vote') focusLiveIfRequested();
}

async function renderMeeting(meetingId: number, tab: Tab, force: boolean): Promise<void> {
  const tabChanged = state.tab !== tab;
  state.tab = tab;
  if (force || !main || state.meetingId !== meetingId) {
    header = h('header', { class: 'topbar' });
    const nav = h('nav', { class: 'tabs', 'aria-label': t('sections') });
    flashHost = h('div', { class: 'flash-host', role: 'status', 'aria-live': 'polite' });
    tabHost = h('div', { class: 'tab-host' });
    main = h('main', { id: 'main', tabindex: -1 }, flashHost, tabHost);
    replaceContent(root, header, nav, main);
    renderHeader();
    renderNav(nav, meetingId);
    if (state.meetingId !== meetingId) {
      try {
        await selectMeeting(meetingId);
      } catch (error) {
        state.flash = { kind: 'error', text: error instanceof Error ? error.message : String(error) };
      }
    }
  } else {
    renderNav(root.querySelector('nav.tabs') as HTMLElement, meetingId);
    if (tabChanged) state.flash = null;
  }
  document.title = `${t(TAB_LABELS[tab])} — ${state.meeting?.title ?? ''} — ${t('appTitle')}`;
  renderHeader();
  renderFlash();
  renderTab();
  if (tabChanged) main?.focus({ preventScroll: true });
  // Tab data that the live feed does not carry.
  if (tab === 'presence') void refreshPresenceList().catch(showError);
  if (tab === 'kiosks') void loadKiosks().catch(showError);
  if (tab === 'cards') void loadCards().catch(showError);
  if (tab === 'results') void loadAudit().catch(showError);
}

function showError(error: unknown): void {
  setFlash({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
}

onChange((what) => {
  if (!tabHost) return;
  renderHeader();
  if (what === 'other') renderFlash();
  const relevant: Record<Tab, string[]> = {
    vote: ['meeting', 'rounds', 'presence', 'other'],
    agenda: ['meeting', 'other'],
    presence: ['presence', 'other'],
    cards: ['other'],
    kiosks: ['other'],
    results: ['rounds', 'other'],
  };
  if (relevant[state.tab].includes(what)) renderTab();
});

document.addEventListener('chair:rerender', () => {
  renderFlash();
  renderTab();
});

// ---------- routing ----------

async function route(force = false): Promise<void> {
  if (!loggedIn) {
    try {
      loggedIn = await api.sessionActive();
    } catch {
      loggedIn = false;
    }
    if (!loggedIn) {
      renderLogin();
      return;
    }
    force = true;
  }
  const r = parseRoute();
  if (r.screen === 'meetings') await renderMeetings();
  else await renderMeeting(r.meetingId, r.tab, force);
}

api.setUnauthorizedHandler(() => {
  if (!loggedIn) return;
  loggedIn = false;
  renderLogin();
});

setLang(lang());
api.setApiLanguage(lang());
const skip = document.querySelector('.skip-link');
if (skip) skip.textContent = t('skipLink');
window.addEventListener('hashchange', () => void route());
setInterval(tickTimers, 1000);
void route();
