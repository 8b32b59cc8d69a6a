/**
 * The console's state and the only code that changes it. main.ts creates one store; views read
 * `store.state` and call `store.act.…` (intents); nothing else writes to the state. The live feed
 * pushes rounds and presence; every action of the chair is followed by an HTTP refresh, so the
 * console is right also when the feed is down (it then polls while a round is open).
 *
 * This file holds the state's one writer, the refresh and the feed, and the session and navigation;
 * the intents of each tab are in a part of their own that gets a StoreContext: store-rounds.ts,
 * store-agenda.ts, store-presence.ts (presence, proxies, cards), store-kiosks.ts. The state, its
 * first value and its pure readers are in store-state.ts (and are exported from here too).
 */
import { connectFeed, type Feed } from '../../client-kit/feed.ts';
import type { Lang } from '../../client-kit/words.ts';
import type { ChairApi } from './api.ts';
import { t as words, type StringKey } from './i18n.ts';
import { agendaActions } from './store-agenda.ts';
import type { StoreContext } from './store-context.ts';
import { kioskActions } from './store-kiosks.ts';
import { presenceActions } from './store-presence.ts';
import { roundActions } from './store-rounds.ts';
import { emptyDraft, initialState, openRoundOf, pruneDraft, type Change, type Flash, type State, type Tab } from './store-state.ts';

export * from './store-state.ts';

// ---------- the store ----------

export type Store = ReturnType<typeof createStore>;

export interface StoreOptions {
  /** After an action, when its button is gone (a closed round has no close button): put the focus somewhere sensible. */
  afterAction?: () => void;
}

export function createStore(api: ChairApi, lang: Lang, options: StoreOptions = {}) {
  let state: State = initialState(lang);
  const listeners: ((change: Change) => void)[] = [];
  let feed: Feed | null = null;
  let pollTimer: ReturnType<typeof setInterval> | null = null;
  let presenceTimer: ReturnType<typeof setTimeout> | null = null;
  let refreshSeq = 0;

  function set(patch: Partial<State>, change: Change = 'other'): void {
    state = { ...state, ...patch };
    if ('meeting' in patch || 'rounds' in patch) {
      const draft = pruneDraft(state.draft, state.meeting, state.rounds.values());
      if (draft !== state.draft) state = { ...state, draft };
    }
    for (const listener of listeners) listener(change);
  }

  const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
  const t = (key: StringKey, vars?: Record<string, string | number>) => words(key, state.lang, vars);

  /** Re-reads the meeting and every round that can still change (or is not known yet). */
  async function refresh(): Promise<void> {
    const id = state.meetingId;
    if (id === null) return;
    // Answers can arrive out of order: only the latest refresh is applied.
    const seq = ++refreshSeq;
    const meeting = await api.getMeeting(id);
    if (state.meetingId !== id || seq !== refreshSeq) return;
    const wanted = meeting.rounds.filter((r) => {
      const known = state.rounds.get(r.id);
      return !known || known.state !== r.state || r.state === 'open' || r.state === 'draft';
    });
    const fresh = await Promise.all(wanted.map((r) => api.getRound(r.id)));
    if (state.meetingId !== id || seq !== refreshSeq) return;
    const rounds = new Map(state.rounds);
    for (const round of fresh) rounds.set(round.id, round);
    set({ meeting, presence: meeting.presence, rounds }, 'meeting');
    if (state.tab === 'presence') void loadPresenceList().catch(() => {});
    void loadVotingOrder(id, seq);
  }

  /** The voting order follows every change of the agenda and rounds (its sentences are the server's). */
  async function loadVotingOrder(id: number, seq: number): Promise<void> {
    try {
      const votingOrder = await api.votingOrder(id);
      if (state.meetingId === id && seq === refreshSeq) set({ votingOrder }, 'meeting');
    } catch {
      // The console still proposes the order from the agenda it holds (shared/voting-order.ts).
    }
  }

  async function loadPresenceList(): Promise<void> {
    if (state.meetingId === null) return;
    set({ presentList: await api.listPresence(state.meetingId) }, 'presence');
    if (state.meeting?.proxies.allowed) set({ proxies: await api.listProxies(state.meetingId) }, 'presence');
  }

  function schedulePresenceList(): void {
    if (presenceTimer) return;
    presenceTimer = setTimeout(() => {
      presenceTimer = null;
      if (state.tab === 'presence') void loadPresenceList().catch(() => {});
    }, 250);
  }

  function stopMeeting(): void {
    feed?.close();
    feed = null;
    if (pollTimer) clearInterval(pollTimer);
    pollTimer = null;
    state = { ...state, connected: false, meetingId: null, meeting: null, projector: null, votingOrder: null };
  }

  function follow(meetingId: number): void {
    // The badge is green only while the feed is live and the heartbeat hears the server (issue 22).
    let live = false;
    let serverUp = true;
    const showConnected = (): void => {
      const connected = live && serverUp;
      if (state.connected === connected) return;
      set({ connected });
      if (connected) void refresh().catch(() => {});
    };
    feed = connectFeed(
      { namespace: 'chair', meetingId },
      {
        snapshot(snapshot) {
          const rounds = new Map(state.rounds);
          for (const round of snapshot.rounds) rounds.set(round.id, round);
          set({ presence: snapshot.presence, rounds, projector: snapshot.projector }, 'rounds');
          // A snapshot also follows a change of the meeting (agenda, withdrawal, manual result): re-read it.
          void refresh().catch(() => {});
        },
        round(round) {
          const before = state.rounds.get(round.id);
          set({ rounds: new Map(state.rounds).set(round.id, round) }, 'rounds');
          // A state change moves motion statuses too: re-read the agenda.
          if (!before || before.state !== round.state) void refresh().catch(() => {});
        },
        presence(presence) {
          set({ presence }, 'presence');
          schedulePresenceList();
        },
        projector(projector) {
          set({ projector }, 'meeting');
        },
        connection(connection) {
          live = connection === 'live';
          showConnected();
        },
        server(up) {
          serverUp = up;
          showConnected();
        },
      },
    );
    // Fallback: without the feed, an open round is re-read every few seconds.
    pollTimer = setInterval(() => {
      if (!state.connected && state.meetingId !== null && openRoundOf(state)) void refresh().catch(() => {});
    }, 3000);
  }

  /**
   * Runs a chair action: shows the server's message when refused, refreshes over HTTP afterwards
   * (also when it failed: the state may have moved on meanwhile). Resolves true when it succeeded.
   */
  async function run(action: () => Promise<string | void>): Promise<boolean> {
    set({ busy: true });
    let ok = true;
    let flash: Flash | null;
    try {
      const message = await action();
      flash = message ? { kind: 'ok', text: message } : null;
    } catch (error) {
      ok = false;
      flash = { kind: 'error', text: errorText(error) };
    }
    set({ busy: false, flash });
    try {
      await refresh();
    } catch {
      // the flash already says what went wrong
    }
    options.afterAction?.();
    return ok;
  }

  const meetingId = () => state.meetingId ?? 0;

  const context: StoreContext = {
    api,
    get state() {
      return state;
    },
    set,
    quietly(patch) {
      state = { ...state, ...patch };
    },
    run,
    t,
    meetingId,
    loadPresenceList,
  };

  /** Intents: what views may ask for. Each one changes the state only through `set`. */
  const act = {
    // ---------- session and navigation ----------
    async checkSession(): Promise<void> {
      let loggedIn = false;
      try {
        loggedIn = await api.sessionActive();
      } catch {
        // unreachable: the login screen says what happens next
      }
      set({ loggedIn }, 'session');
    },
    async login(token: string): Promise<boolean> {
      try {
        await api.login(token);
        set({ loggedIn: true, loginMessage: null }, 'session');
        return true;
      } catch (error) {
        set({ loginMessage: { kind: 'error', text: errorText(error) } }, 'other');
        return false;
      }
    },
    async logout(): Promise<void> {
      try {
        await api.logout();
      } catch {
        // the cookie may already be gone; the login screen is right either way
      }
      stopMeeting();
      set({ loggedIn: false, loginMessage: { kind: 'ok', text: t('loggedOut') } }, 'session');
    },
    /** Any 401 outside the session routes: the session expired or was ended elsewhere. */
    sessionLost(): void {
      if (!state.loggedIn) return;
      stopMeeting();
      set({ loggedIn: false, loginMessage: null }, 'session');
    },
    setLang(lang: Lang): void {
      set({ lang }, 'session');
    },
    async loadMeetings(): Promise<void> {
      stopMeeting();
      set({ meetings: null, meetingsError: null });
      try {
        set({ meetings: await api.listMeetings() });
      } catch (error) {
        set({ meetingsError: errorText(error) });
      }
    },
    async selectMeeting(id: number): Promise<void> {
      if (state.meetingId === id && state.meeting) return;
      stopMeeting();
      set({
        meetingId: id,
        meeting: null,
        rounds: new Map(),
        presentList: null,
        proxies: null,
        kiosks: null,
        cards: null,
        audit: null,
        draft: emptyDraft(),
        lastCard: null,
        lastKiosk: null,
        flash: null,
      });
      try {
        if (state.members.size === 0) {
          const members = await api.listMembers();
          set({ members: new Map(members.map((m) => [m.code, m])) });
        }
        await refresh();
        // The feed's snapshot says it too; asked here so that it shows without the feed.
        set({ projector: await api.getProjector(id) }, 'meeting');
      } catch (error) {
        set({ flash: { kind: 'error', text: errorText(error) } });
      }
      follow(id);
    },
    /** A tab was chosen (a message of the previous tab goes away). */
    showTab(tab: Tab): void {
      set({ tab, flash: tab === state.tab ? state.flash : null });
    },
    /** Loads what the current tab shows and the live feed does not carry. */
    loadTabData(): void {
      const load = { presence: loadPresenceList, cards: act.loadCards, kiosks: act.loadKiosks, results: act.loadAudit }[state.tab as string];
      void load?.().catch((error: unknown) => set({ flash: { kind: 'error', text: errorText(error) } }));
    },
    setFlash(flash: Flash | null): void {
      set({ flash });
    },
    /** A roll call was unfolded or folded (its <details> toggled); nothing happens when it already was. */
    showRollCall(roundId: number, open: boolean): void {
      if (state.rollCallsOpen.has(roundId) === open) return;
      const rollCallsOpen = new Set(state.rollCallsOpen);
      if (open) rollCallsOpen.add(roundId);
      else rollCallsOpen.delete(roundId);
      set({ rollCallsOpen });
    },
    liveFocused(): void {
      state = { ...state, focusLive: false };
    },

    ...roundActions(context),
    ...agendaActions(context),
    ...presenceActions(context),
    ...kioskActions(context),
  };

  return {
    get state(): State {
      return state;
    },
    subscribe(listener: (change: Change) => void): void {
      listeners.push(listener);
    },
    act,
  };
}

export type Actions = Store['act'];
