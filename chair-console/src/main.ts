/**
 * Chair console: login, meeting picker, and one screen per task of the chair and staff. This is the
 * composition root: it creates the API client and the store (the one state), draws the screen from
 * the state whenever it changes, and routes from the hash (#/m/<meetingId>/<tab>, so a reload keeps
 * the place). Views only draw and emit intents.
 */
import './style.css';
import { h, replaceContent, setText } from '../../client-kit/dom.ts';
import { storedLang, storeLang } from '../../client-kit/words.ts';
import { createChairApi } from './api.ts';
import { t } from './i18n.ts';
import { createStore, TABS, type Change, type Store, type Tab } from './store.ts';
import { uiOf } from './ui.ts';
import { focusLivePanel, tickTimers } from './views/live-panel.ts';
import { renderFlash, renderHeader, renderLogin, renderMeetings, renderNav, TAB_LABELS, type Navigation } from './views/shell.ts';
import { renderVoteTab } from './views/vote-tab.ts';
import { renderAgendaTab } from './views/agenda.ts';
import { renderCardsTab, renderPresenceTab } from './views/presence.ts';
import { renderKiosksTab, renderResultsTab } from './views/kiosks.ts';

const LANG_KEY = 'stemkaart.chair.lang';

type TabView = typeof renderVoteTab;

/**
 * Every tab's view comes with the console (issue 22: no screen of the hall may depend on a late code
 * load; a browser may keep a failed `import()` failed for the page's life; docs/architecture.md,
 * "Bundle sizes").
 */
const TAB_VIEWS: Record<Tab, TabView> = {
  vote: renderVoteTab,
  agenda: renderAgendaTab,
  presence: renderPresenceTab,
  cards: renderCardsTab,
  kiosks: renderKiosksTab,
  results: renderResultsTab,
};

/** Which changes each tab shows (the header shows every change). */
const TAB_CHANGES: Record<Tab, Change[]> = {
  vote: ['meeting', 'rounds', 'presence', 'other'],
  agenda: ['meeting', 'other'],
  presence: ['meeting', 'presence', 'other'],
  cards: ['meeting', 'other'],
  kiosks: ['meeting', 'other'],
  results: ['meeting', 'rounds', 'other'],
};

type Route = { screen: 'meetings' } | { screen: 'meeting'; meetingId: number; tab: Tab };

function parseRoute(hash: string): Route {
  const match = /^#\/m\/(\d+)(?:\/(\w+))?/.exec(hash);
  if (!match) return { screen: 'meetings' };
  const tab = (TABS as string[]).includes(match[2] ?? '') ? (match[2] as Tab) : 'vote';
  return { screen: 'meeting', meetingId: Number(match[1]), tab };
}

function start(root: HTMLElement): void {
  // The API client asks the store for the language; the store is made right after it.
  let store: Store | null = null;
  const api = createChairApi({
    lang: () => store?.state.lang ?? 'nl',
    onUnauthorized: (path) => {
      if (!path.startsWith('/api/session')) store?.act.sessionLost();
    },
  });
  const app: Store = createStore(api, storedLang(LANG_KEY), {
    // The button that started an action may be gone (a closed round has no close button): keep the
    // keyboard focus on the page rather than losing it to <body>.
    afterAction: () => {
      if (document.activeElement === document.body) document.getElementById('main')?.focus({ preventScroll: true });
    },
  });
  store = app;
  const { act } = app;

  // What is on screen now, and the hosts of the meeting screen's parts.
  let screen: 'login' | 'meetings' | 'meeting' | null = null;
  let shownMeeting: number | null = null;
  let header: HTMLElement | null = null;
  let nav: HTMLElement | null = null;
  let flashHost: HTMLElement | null = null;
  let tabHost: HTMLElement | null = null;
  let mainEl: HTMLElement | null = null;

  const navigation: Navigation = {
    loggedOut: () => {
      // No hashchange: the login screen comes from the store's change.
      history.replaceState(null, '', '#/');
      void act.logout();
    },
  };

  function drawTab(): void {
    if (!tabHost) return;
    const ui = uiOf(app);
    const tab = ui.state.tab;
    replaceContent(tabHost, TAB_VIEWS[tab](ui));
    if (ui.state.tab === 'vote' && ui.state.focusLive && focusLivePanel()) act.liveFocused();
  }

  function drawMeetingParts(change: Change | 'all'): void {
    const ui = uiOf(app);
    if (header) replaceContent(header, ...renderHeader(ui, navigation));
    if (nav && shownMeeting !== null) replaceContent(nav, renderNav(ui, shownMeeting));
    if (flashHost && (change === 'all' || change === 'other')) replaceContent(flashHost, renderFlash(ui));
    if (change === 'all' || TAB_CHANGES[ui.state.tab].includes(change)) drawTab();
    document.title = `${t(TAB_LABELS[ui.state.tab], ui.lang)} — ${ui.state.meeting?.title ?? ''} — ${t('appTitle', ui.lang)}`;
  }

  function showLogin(): void {
    screen = 'login';
    shownMeeting = null;
    header = nav = flashHost = tabHost = mainEl = null;
    replaceContent(root, ...renderLogin(uiOf(app)));
    document.title = t('appTitle', app.state.lang);
    document.getElementById('token')?.focus();
  }

  function showMeetings(): void {
    screen = 'meetings';
    shownMeeting = null;
    header = nav = flashHost = tabHost = mainEl = null;
    replaceContent(root, ...renderMeetings(uiOf(app), navigation));
    document.title = t('appTitle', app.state.lang);
  }

  async function showMeeting(meetingId: number, tab: Tab, force: boolean): Promise<void> {
    const tabChanged = app.state.tab !== tab;
    act.showTab(tab);
    if (force || screen !== 'meeting' || shownMeeting !== meetingId) {
      screen = 'meeting';
      shownMeeting = meetingId;
      header = h('header', { class: 'topbar' });
      nav = h('nav', { class: 'tabs', 'aria-label': t('sections', app.state.lang) });
      flashHost = h('div', { class: 'flash-host', role: 'status', 'aria-live': 'polite' });
      tabHost = h('div', { class: 'tab-host' });
      mainEl = h('main', { id: 'main', tabindex: -1 }, flashHost, tabHost);
      replaceContent(root, header, nav, mainEl);
    }
    drawMeetingParts('all');
    if (tabChanged) mainEl?.focus({ preventScroll: true });
    if (app.state.meetingId !== meetingId) await act.selectMeeting(meetingId);
    act.loadTabData();
  }

  async function route(force = false): Promise<void> {
    const state = app.state;
    if (state.loggedIn === null) {
      // The answer comes back as a 'session' change, which routes again.
      void act.checkSession();
      return;
    }
    if (!state.loggedIn) {
      showLogin();
      return;
    }
    const r = parseRoute(location.hash);
    if (r.screen === 'meetings') {
      showMeetings();
      await act.loadMeetings();
    } else await showMeeting(r.meetingId, r.tab, force);
  }

  let lang = app.state.lang;
  app.subscribe((change) => {
    const state = app.state;
    if (change === 'session') {
      if (state.lang !== lang) {
        lang = state.lang;
        storeLang(LANG_KEY, lang);
        setText(document.querySelector('.skip-link'), t('skipLink', lang));
      }
      void route(true);
    } else if (screen === 'login') {
      // Only the message changes: the typed token stays in its field.
      setText(document.getElementById('login-error'), state.loginMessage?.kind === 'error' ? state.loginMessage.text : '');
    } else if (screen === 'meetings') {
      replaceContent(root, ...renderMeetings(uiOf(app), navigation));
    } else if (screen === 'meeting') {
      drawMeetingParts(change);
    }
  });

  setText(document.querySelector('.skip-link'), t('skipLink', lang));
  // The skip link moves the focus to the main content. Followed as a link it would set the hash to
  // "#main", which is no route: the console would show the meeting picker instead.
  document.querySelector('.skip-link')?.addEventListener('click', (event) => {
    event.preventDefault();
    const main = document.getElementById('main');
    main?.focus();
    main?.scrollIntoView();
  });
  window.addEventListener('hashchange', () => void route());
  setInterval(tickTimers, 1000);
  void route();
}

start(document.getElementById('app') as HTMLElement);
