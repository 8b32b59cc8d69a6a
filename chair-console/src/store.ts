/**
 * The console's state and the only code that changes it. main.ts creates one store; views read
 * `store.state` and call `store.act.…` (intents); nothing else writes to the state. The live feed
 * pushes rounds and presence; every action of the chair is followed by an HTTP refresh, so the
 * console is right also when the feed is down (it then polls while a round is open).
 */
import { connectFeed, type Feed } from '../../client-kit/feed.ts';
import type { Lang } from '../../client-kit/words.ts';
import type { CardState, ManualResultInput } from '../../shared/chair.ts';
import { ApiFailure } from '../../client-kit/api.ts';
import type {
  AgendaItem,
  AgendaItemPatch,
  AuditVerify,
  Kiosk,
  KioskMode,
  Majority,
  Meeting,
  MeetingDetail,
  Member,
  Motion,
  MotionPatch,
  PresenceSummary,
  PresentMember,
  Projector,
  Proxy,
  Round,
  VotingOrder,
} from '../../shared/schemas.ts';
import { SECRET_ROUND_MIN_MEMBERS, type SecrecyCheck, type SecretRoundCheck } from '../../shared/secrecy.ts';
import type { CardOutcome, ChairApi } from './api.ts';
import { t as words, type StringKey } from './i18n.ts';
import { matchesMember } from './member-search.ts';
import { isVotable, motionsInPlay, sortForVote } from './order.ts';

export type Tab = 'vote' | 'agenda' | 'presence' | 'cards' | 'kiosks' | 'results';
export const TABS: Tab[] = ['vote', 'agenda', 'presence', 'cards', 'kiosks', 'results'];

/** What changed, so that main.ts redraws only the parts that show it. */
export type Change = 'session' | 'meeting' | 'rounds' | 'presence' | 'other';

export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

export interface RoundDraft {
  selected: ReadonlySet<number>;
  secret: boolean;
  allowChange: boolean;
  showLive: boolean;
  majority: Majority;
  quorumPercent: number;
}

export interface State {
  lang: Lang;
  /** null until the server said whether the session cookie is valid. */
  loggedIn: boolean | null;
  /** The message of the login screen (a failed login, "logged out"). */
  loginMessage: Flash | null;
  /** The meeting list of the picker; null while loading. */
  meetings: Meeting[] | null;
  meetingsError: string | null;
  meetingId: number | null;
  meeting: MeetingDetail | null;
  rounds: ReadonlyMap<number, Round>;
  members: ReadonlyMap<string, Member>;
  presence: PresenceSummary;
  presentList: PresentMember[] | null;
  /** The meeting's proxies (a meeting that allows them), read with the presence register. */
  proxies: Proxy[] | null;
  /** The registration desk's form for a written proxy: principal, holder, reference as typed. */
  proxyForm: { principal: string; holder: string; reference: string };
  kiosks: Kiosk[] | null;
  /** Card state per member code (members that ever had a card in the meeting). */
  cards: ReadonlyMap<string, CardState> | null;
  audit: AuditVerify | null;
  connected: boolean;
  tab: Tab;
  flash: Flash | null;
  draft: RoundDraft;
  presenceFilter: string;
  presenceMember: string;
  cardFilter: string;
  /** The last card issued here (PDF link or code), shown until the next card action. */
  lastCard: { name: string; outcome: CardOutcome } | null;
  /** The kiosk paired last, with its link as a QR code (SVG text) once drawn. */
  lastKiosk: { name: string; url: string; qrSvg: string | null; qrFailed: boolean } | null;
  /** What the projector shows (the live feed's snapshot and `projector` events); null until known. */
  projector: Projector | null;
  /** The usual order of voting from `GET /api/meetings/:id/voting-order`, in the console's language. */
  votingOrder: VotingOrder | null;
  /** Rounds whose roll call the chair unfolded (kept across redraws). */
  rollCallsOpen: ReadonlySet<number>;
  busy: boolean;
  /** A round was opened here: the live panel takes the focus once it is drawn. */
  focusLive: boolean;
  /** Whether the meeting's kiosks ask a staff PIN before Beheer; null until known. */
  kioskPinSet: boolean | null;
  /** The open secret round's secrecy check, for the number of ballots it was asked at. */
  secrecy: { roundId: number; count: number; check: SecrecyCheck } | null;
}

export function emptyDraft(majority: Majority = 'simple'): RoundDraft {
  return { selected: new Set(), secret: false, allowChange: false, showLive: true, majority, quorumPercent: 0 };
}

export function initialState(lang: Lang): State {
  return {
    lang,
    loggedIn: null,
    loginMessage: null,
    meetings: null,
    meetingsError: null,
    meetingId: null,
    meeting: null,
    rounds: new Map(),
    members: new Map(),
    presence: { count: 0, weight: 0 },
    presentList: null,
    proxies: null,
    proxyForm: { principal: '', holder: '', reference: '' },
    kiosks: null,
    cards: null,
    audit: null,
    connected: false,
    tab: 'vote',
    flash: null,
    draft: emptyDraft(),
    presenceFilter: '',
    presenceMember: '',
    cardFilter: '',
    lastCard: null,
    lastKiosk: null,
    projector: null,
    votingOrder: null,
    rollCallsOpen: new Set(),
    busy: false,
    focusLive: false,
    kioskPinSet: null,
    secrecy: null,
  };
}

// ---------- reading the state (pure) ----------

export function allMotions(state: State): Motion[] {
  return state.meeting?.agenda.flatMap((item) => item.motions) ?? [];
}

export function motionById(state: State, id: number): Motion | undefined {
  return allMotions(state).find((m) => m.id === id);
}

export function memberName(state: State, code: string): string {
  return state.members.get(code)?.name ?? code;
}

export function openRoundOf(state: State): Round | null {
  for (const round of state.rounds.values()) if (round.state === 'open') return round;
  return null;
}

/** Practice motions that can be put to the vote now (not withdrawn, not in a draft or open round). */
export function practiceMotions(state: State): Motion[] {
  const inPlay = motionsInPlay([...state.rounds.values()]);
  return allMotions(state).filter((m) => m.kind === 'practice' && isVotable(m) && !inPlay.has(m.id));
}

/**
 * Motions that were put to the vote (in a round that opened) or decided by hand: they belong to the
 * minutes, and the server refuses to change or remove them (409).
 */
export function votedOn(state: State): Set<number> {
  const ids = new Set<number>();
  for (const round of state.rounds.values()) if (round.openedAt !== null || round.state === 'open' || round.state === 'closed') for (const id of round.motionIds) ids.add(id);
  for (const motion of allMotions(state)) if (motion.manualResult || (motion.status !== 'submitted' && motion.status !== 'withdrawn')) ids.add(motion.id);
  return ids;
}

export function agendaItemById(state: State, id: number): AgendaItem | undefined {
  return state.meeting?.agenda.find((item) => item.id === id);
}

/** Newest first. */
export function sortedRounds(state: State): Round[] {
  return [...state.rounds.values()].sort((a, b) => b.id - a.id);
}

/**
 * The draft without motions that can no longer be chosen (opened elsewhere, decided, withdrawn):
 * applied whenever the meeting or its rounds change, so a choice that went away does not come back
 * checked when its round is cancelled later.
 */
export function pruneDraft(draft: RoundDraft, meeting: MeetingDetail | null, rounds: Iterable<Round>): RoundDraft {
  const inPlay = motionsInPlay([...rounds]);
  const motions = new Map((meeting?.agenda ?? []).flatMap((item) => item.motions.map((m) => [m.id, m] as const)));
  const selected = [...draft.selected].filter((id) => {
    const motion = motions.get(id);
    return motion !== undefined && isVotable(motion) && !inPlay.has(id);
  });
  return selected.length === draft.selected.size ? draft : { ...draft, selected: new Set(selected) };
}

/** "Utrecht (GM0344)", "GM0344" or an exact name → the member, or null. */
export function resolveMember(state: State, input: string): Member | null {
  const text = input.trim();
  if (!text) return null;
  const inBrackets = /\(([^()]+)\)\s*$/.exec(text)?.[1];
  const byCode = state.members.get((inBrackets ?? text).toUpperCase()) ?? state.members.get(inBrackets ?? text);
  if (byCode) return byCode;
  const lower = text.toLowerCase();
  const byName = [...state.members.values()].filter((m) => m.name.toLowerCase() === lower);
  if (byName.length === 1) return byName[0];
  // A known other name ("Den Haag" for 's-Gravenhage) that names exactly one member.
  const byAlias = [...state.members.values()].filter((m) => matchesMember(text, m.code, m.name, true));
  return byAlias.length === 1 ? byAlias[0] : null;
}

/** Fewer members present than this at a secret round: warn (docs/security.md, "Small rounds"). */
export const SMALL_SECRET_ROUND = SECRET_ROUND_MIN_MEMBERS;

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

  /** The secrecy check being asked (round:count), so that redraws do not ask it twice. */
  let secrecyAsked: string | null = null;

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

  /** An edit of the agenda: a 409 gets a sentence that says why and what can be done instead. */
  async function edit(action: () => Promise<string>): Promise<boolean> {
    return run(async () => {
      try {
        return await action();
      } catch (error) {
        if (error instanceof ApiFailure && error.status === 409) throw new Error(`${error.message} ${t('editRefusedHint')}`, { cause: error });
        throw error;
      }
    });
  }

  async function drawQr(url: string): Promise<void> {
    try {
      const { qrSvg } = await import('../../client-kit/qr.ts');
      if (state.lastKiosk?.url === url) set({ lastKiosk: { ...state.lastKiosk, qrSvg: qrSvg(url) } });
    } catch {
      if (state.lastKiosk?.url === url) set({ lastKiosk: { ...state.lastKiosk, qrFailed: true } });
    }
  }

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

    // ---------- rounds ----------
    chooseMotion(id: number, chosen: boolean): void {
      const selected = new Set(state.draft.selected);
      if (chosen) selected.add(id);
      else selected.delete(id);
      set({ draft: { ...state.draft, selected } });
    },
    chooseOnly(id: number): void {
      set({ draft: { ...state.draft, selected: new Set([id]) } });
    },
    setDraft(patch: Partial<Omit<RoundDraft, 'selected'>>): void {
      const draft = { ...state.draft, ...patch };
      // A secret ballot cannot be changed later: it has no link to its member.
      if (draft.secret) draft.allowChange = false;
      set({ draft });
    },
    /** Prepares a round of the chosen motions (in the usual order), and opens it when asked. */
    async createRound(andOpen: boolean): Promise<void> {
      const meeting = state.meeting;
      const draft = state.draft;
      if (!meeting) return;
      if (draft.selected.size === 0) {
        set({ flash: { kind: 'error', text: t('chooseAtLeastOne') } });
        return;
      }
      const ok = await run(async () => {
        const round = await api.createRound(meeting.id, {
          motionIds: sortForVote(meeting.agenda, draft.selected),
          secret: draft.secret,
          allowChange: draft.secret ? false : draft.allowChange,
          showLive: draft.showLive,
          majority: draft.majority,
          quorumPercent: draft.quorumPercent,
        });
        if (!andOpen) return t('roundCreated', { id: round.number });
        await api.openRound(round.id);
        set({ focusLive: true });
        return t('roundOpened', { id: round.number });
      });
      if (ok) set({ draft: emptyDraft(draft.majority) });
    },
    /**
     * "Proefstemming houden": a round on the practice motions (the demo's 1.P), opened at once. Open,
     * simple majority, no quorum, the tally on the hall screen: it decides nothing.
     */
    async holdPractice(): Promise<void> {
      const meeting = state.meeting;
      const motions = practiceMotions(state);
      if (!meeting || motions.length === 0) {
        set({ flash: { kind: 'error', text: t('noPracticeMotion') } });
        return;
      }
      await run(async () => {
        const round = await api.createRound(meeting.id, {
          motionIds: motions.map((m) => m.id),
          secret: false,
          allowChange: true,
          showLive: true,
          majority: 'simple',
          quorumPercent: 0,
        });
        await api.openRound(round.id);
        set({ focusLive: true });
        return t('practiceOpened', { id: round.number });
      });
    },
    /**
     * What the chair must know before a secret round opens: the server's check, or (a server
     * without it) the same rule over the presence the console holds.
     */
    async secretRoundCheck(): Promise<SecretRoundCheck> {
      try {
        return await api.secretRoundCheck(meetingId());
      } catch {
        const present = state.presence;
        return { present, minimumPresent: SMALL_SECRET_ROUND, fewPresent: present.count < SMALL_SECRET_ROUND, uniqueWeights: 0 };
      }
    },
    openRound: (id: number) =>
      run(async () => {
        const opened = await api.openRound(id);
        set({ focusLive: true });
        return t('roundOpened', { id: opened.number });
      }),
    closeRound: (id: number, confirmSmall = false) => run(async () => t('roundClosed', { id: (await api.closeRound(id, confirmSmall)).id })),
    /**
     * The secrecy check of an open secret round, asked again when its number of ballots changed (at
     * most one request at a time per round and count); null when it cannot be had.
     */
    async secrecyCheck(round: Round): Promise<SecrecyCheck | null> {
      const key = `${round.id}:${round.voted.count}`;
      if (state.secrecy?.roundId === round.id && state.secrecy.count === round.voted.count) return state.secrecy.check;
      if (secrecyAsked === key) return null;
      secrecyAsked = key;
      try {
        const check = await api.secrecyCheck(round.id);
        set({ secrecy: { roundId: round.id, count: round.voted.count, check } });
        return check;
      } catch {
        return null;
      } finally {
        if (secrecyAsked === key) secrecyAsked = null;
      }
    },
    cancelRound: (id: number, reason: string) => run(async () => t('roundCancelled', { id: (await api.cancelRound(id, reason)).id })),
    revote: (id: number) =>
      run(async () => {
        const fresh = await api.revoteRound(id);
        set({ focusLive: true });
        return t('revoteDone', { id: fresh.number });
      }),

    // ---------- agenda ----------
    recordManualResult: (motion: Motion, input: ManualResultInput) =>
      run(async () => {
        await api.recordManualResult(motion.id, input);
        return t('manualSaved', { ref: motion.ref });
      }),
    withdraw: (motion: Motion) =>
      run(async () => {
        await api.withdrawMotion(motion.id);
        return t('withdrawn', { ref: motion.ref });
      }),
    editMotion: (motion: Motion, patch: MotionPatch) =>
      edit(async () => {
        const changed = await api.patchMotion(motion.id, patch);
        return t('motionSaved', { ref: changed.ref });
      }),
    deleteMotion: (motion: Motion) =>
      edit(async () => {
        await api.deleteMotion(motion.id);
        return t('motionDeleted', { ref: motion.ref });
      }),
    editItem: (item: AgendaItem, patch: AgendaItemPatch) =>
      edit(async () => {
        const changed = await api.patchItem(item.id, patch);
        return t('itemSaved', { number: changed.number });
      }),
    deleteItem: (item: AgendaItem) =>
      edit(async () => {
        await api.deleteItem(item.id);
        return t('itemDeleted', { number: item.number });
      }),

    // ---------- the projector ----------
    showOnProjector: (motion: Motion) =>
      run(async () => {
        const projector = await api.setProjector(meetingId(), { show: 'motion', motionId: motion.id });
        set({ projector }, 'meeting');
        return t('projectorShows', { ref: motion.ref });
      }),
    projectorAuto: () =>
      run(async () => {
        const projector = await api.setProjector(meetingId(), { show: 'auto' });
        set({ projector }, 'meeting');
        return t('projectorAutoDone');
      }),

    // ---------- presence ----------
    setPresenceFilter(presenceFilter: string): void {
      set({ presenceFilter });
    },
    setPresenceMember(presenceMember: string): void {
      // The field shows it already: nothing to redraw.
      state = { ...state, presenceMember };
    },
    /** Checks a member in or out by hand. */
    setPresence: (memberCode: string, direction: 'in' | 'out') =>
      run(async () => {
        const result = await api.setPresence(meetingId(), memberCode, direction);
        return t(result.present ? 'checkedIn' : 'checkedOut', { name: result.member.name });
      }),
    /** Checks the member typed in the presence form in or out; false (and a message) when no member matches. */
    checkTypedMember(direction: 'in' | 'out'): boolean {
      const member = resolveMember(state, state.presenceMember);
      if (!member) {
        set({ flash: { kind: 'error', text: t('unknownMember') } });
        return false;
      }
      void run(async () => {
        const result = await api.setPresence(meetingId(), member.code, direction);
        set({ presenceMember: '' });
        return t(result.present ? 'checkedIn' : 'checkedOut', { name: result.member.name });
      });
      return true;
    },

    // ---------- proxies (volmacht) ----------
    setProxyField(field: 'principal' | 'holder' | 'reference', value: string): void {
      // The field shows it already: nothing to redraw.
      state = { ...state, proxyForm: { ...state.proxyForm, [field]: value } };
    },
    /** Registers the written proxy typed in the form; false (and a message) when a member does not match. */
    addTypedProxy(): boolean {
      const principal = resolveMember(state, state.proxyForm.principal);
      const holder = resolveMember(state, state.proxyForm.holder);
      if (!principal || !holder) {
        set({ flash: { kind: 'error', text: t('unknownMember') } });
        return false;
      }
      void run(async () => {
        const proxy = await api.addProxy(meetingId(), { principal: principal.code, holder: holder.code, reference: state.proxyForm.reference.trim() || null });
        set({ proxyForm: { principal: '', holder: '', reference: '' } });
        await loadPresenceList();
        return t('proxyRegistered', { principal: proxy.principalName, holder: proxy.holderName });
      });
      return true;
    },
    endProxy: (proxyId: number) =>
      run(async () => {
        const proxy = await api.endProxy(proxyId);
        await loadPresenceList();
        return t('proxyEnded', { principal: proxy.principalName, holder: proxy.holderName });
      }),

    // ---------- cards ----------
    setCardFilter(cardFilter: string): void {
      set({ cardFilter });
    },
    async loadCards(): Promise<void> {
      if (state.meetingId === null) return;
      const list = await api.listCards(state.meetingId);
      set({ cards: new Map(list.map((c) => [c.memberCode, c])) });
    },
    reissue: (member: Member) =>
      run(async () => {
        const outcome = await api.reissueCard(meetingId(), member.code);
        if (state.lastCard?.outcome.kind === 'pdf') URL.revokeObjectURL(state.lastCard.outcome.url);
        set({ lastCard: { name: member.name, outcome } });
        await act.loadCards();
        return t('reissued', { name: member.name });
      }),
    revoke: (member: Member) =>
      run(async () => {
        await api.revokeCard(meetingId(), member.code);
        set({ lastCard: null });
        await act.loadCards();
        return t('revoked', { name: member.name });
      }),

    // ---------- kiosks ----------
    async loadKiosks(): Promise<void> {
      if (state.meetingId === null) return;
      set({ kiosks: await api.listKiosks(state.meetingId) });
      set({ kioskPinSet: (await api.getKioskPin(state.meetingId)).pinSet });
    },
    setKioskPin: (pin: string | null) =>
      run(async () => {
        set({ kioskPinSet: (await api.setKioskPin(meetingId(), pin)).pinSet });
        return pin === null ? t('staffPinRemoved') : t('staffPinSaved');
      }),
    pairKiosk: (name: string, mode: KioskMode) =>
      run(async () => {
        const kiosk = await api.pairKiosk(meetingId(), name, mode);
        set({ lastKiosk: { name: kiosk.name, url: kiosk.url, qrSvg: null, qrFailed: false } });
        void drawQr(kiosk.url);
        await act.loadKiosks();
        return t('paired', { name: kiosk.name });
      }),
    revokeKiosk: (kiosk: Kiosk) =>
      run(async () => {
        await api.revokeKiosk(kiosk.id);
        await act.loadKiosks();
        return t('kioskRevoked', { name: kiosk.name });
      }),

    // ---------- results ----------
    async loadAudit(): Promise<void> {
      if (state.meetingId === null) return;
      set({ audit: await api.verifyAudit(state.meetingId) });
    },
    checkAudit: () => run(act.loadAudit),
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
