/**
 * The kiosk page: pairs from the URL, asks the server who it is, then runs the voting or the
 * check-in desk. Input comes from a keyboard-mode scanner (anywhere on the page), the camera, or the
 * field where staff type a printed code; all three end in the same `read()`. Staff settings (the
 * desk's direction, camera, code entry, the starting language) are behind a long press (staff.ts).
 *
 * Ready means ready (issue 22): the page is one script with the ballot flow and the staff settings
 * in it, so once it says "Scan uw stemkaart" the way from a card to its receipt needs the API and
 * nothing else from the network. (Issue 17 had split the ballot off as a chunk loaded at the first
 * card; a browser may keep a failed `import()` failed for the page's life, and a kiosk is a
 * dedicated device: reliability beats kilobytes. docs/architecture.md, "The idle kiosk".)
 */
import { ApiFailure } from '../../client-kit/api.ts';
import { h, replaceContent } from '../../client-kit/dom.ts';
import { connectFeed, type Feed } from '../../client-kit/feed.ts';
import { formatDate } from '../../client-kit/format.ts';
import { storedLang, storeLang } from '../../client-kit/words.ts';
import type { Lang } from '../../shared/errors.ts';
import type { Round } from '../../shared/schemas.ts';
import { createKioskApi, type KioskApi, type KioskIdentity, type KioskMeeting } from './api.ts';
import { CameraScanner, type CameraProblem } from './camera.ts';
import { CheckinMachine, type Direction } from './checkin.ts';
import { t, type TextKey } from './messages.ts';
import { CAMERA_KEY, DIRECTION_KEY, forgetPairing, LANG_KEY, takePairing } from './pairing.ts';
import { attachScanner, ReadDebouncer } from './scanner.ts';
import { HoldGate, STAFF_IDLE_MS, staffGateButton } from './staff.ts';
import { staffScreen } from './staff-screen.ts';
import { staffPinGate } from './staff-pin.ts';
import { idleWarning, votingScreen } from './ballot-views.ts';
import { checkinScreen, type OpenRoundInfo, type Screen } from './views.ts';
import { DEFAULT_VOTING_TIMING, makeNonce, type VotingView } from './ballot-model.ts';
import { VotingMachine } from './voting.ts';

const POLL_MS = 15_000;
const RETRY_PAIRING_MS = 3_000;

const root = document.getElementById('app') as HTMLElement;
const storage = window.localStorage;
/** The language the kiosk starts in, set by staff; a voter's own switch lasts for that voter only. */
let defaultLang: Lang = storedLang(LANG_KEY);
let lang: Lang = defaultLang;

/** A voter's switch: this page only, until the next voter. */
function setLang(next: Lang): void {
  lang = next;
  document.documentElement.lang = next;
}

/** Staff's choice of the starting language, remembered on this device. */
function setDefaultLang(next: Lang): void {
  defaultLang = next;
  lang = next;
  storeLang(LANG_KEY, next);
}

/**
 * Where a voter checks a receipt once the round is closed: the public site's receipt check
 * (projector-view/receipt.ts), which looks the receipt up in the meeting's published ballots.
 */
function receiptCheckUrl(meetingId: number): string {
  return new URL(`/projector/receipt.html?meeting=${meetingId}`, window.location.origin).href;
}

function langButton(onChange: () => void): HTMLButtonElement {
  const other: Lang = lang === 'nl' ? 'en' : 'nl';
  return h(
    'button',
    {
      type: 'button',
      class: 'lang',
      lang: other,
      'aria-label': t('switchLangLabel', lang),
      'data-focus': 'lang',
      onclick: () => {
        setLang(other);
        onChange();
        document.querySelector<HTMLElement>('.lang')?.focus();
      },
    },
    t('switchLang', lang),
  );
}

/** A full-page message (not paired, server unreachable, loading). */
function showMessage(title: TextKey, body: TextKey | null, tone: 'info' | 'error'): void {
  const rerender = (): void => showMessage(title, body, tone);
  root.replaceChildren(
    h(
      'div',
      { class: `message-page message-page--${tone}` },
      h('div', { class: 'message-page__lang' }, h('span', { class: 'topbar__title' }, 'Stemkaart'), langButton(rerender)),
      h('main', { class: 'message-page__main' },
        h('div', { class: `badge ${tone === 'error' ? 'badge--error' : 'badge--info'}`, 'aria-hidden': 'true' }, tone === 'error' ? '!' : 'i'),
        h('h1', { class: 'screen__title', tabindex: -1 }, t(title, lang)),
        body ? h('p', { class: 'lead' }, t(body, lang)) : null,
      ),
    ),
  );
  document.title = `${t(title, lang)} — Stemkaart`;
}

function notPaired(): void {
  forgetPairing(storage);
  showMessage('notPairedTitle', 'notPairedBody', 'error');
}

async function start(): Promise<void> {
  const token = takePairing({ location: window.location, history: window.history, storage });
  if (!token) {
    notPaired();
    return;
  }
  showMessage('loading', null, 'info');
  let kiosk: Kiosk | null = null;
  const api = createKioskApi({
    token,
    lang: () => lang,
    onUnauthorized: () => {
      kiosk?.teardown();
      kiosk = null;
      notPaired();
    },
  });
  for (;;) {
    try {
      const identity = await api.me();
      kiosk = new Kiosk(api, token, identity);
      return;
    } catch (error) {
      if (error instanceof ApiFailure && error.reason === 'unauthorized') return; // onUnauthorized showed it
      showMessage('unreachableTitle', 'unreachableBody', 'error');
      await new Promise((resolve) => setTimeout(resolve, RETRY_PAIRING_MS));
    }
  }
}

class Kiosk {
  /** The voting flow (a voting kiosk only). */
  private readonly voting: VotingMachine | null = null;
  private readonly checkin: CheckinMachine | null = null;
  private readonly main: HTMLElement;
  private readonly warningBox: HTMLElement;
  private readonly liveRegion: HTMLElement;
  private readonly alertRegion: HTMLElement;
  private readonly connection: HTMLElement;
  private readonly cameraBox: HTMLElement;
  private readonly cameraMessage: HTMLElement;
  private readonly footer: HTMLElement;
  private readonly gateHint: HTMLElement;
  private readonly camera: CameraScanner;
  private readonly gate: HoldGate;
  private readonly debouncer = new ReadDebouncer(3_000);
  private readonly cleanups: (() => void)[] = [];
  private feed: Feed | null = null;
  private reachable: boolean | null = null;
  private live = false;
  private meeting: KioskMeeting | null = null;
  /** The open round; `undefined` until the meeting was read once. */
  private openRound: { id: number; motionIds: number[]; practice: boolean } | null | undefined = undefined;
  private direction: Direction;
  private cameraWanted: boolean;
  private cameraProblem: CameraProblem | null = null;
  private cameraStarting = false;
  private staffOpen = false;
  private staffTimer: ReturnType<typeof setTimeout> | null = null;
  private hintTimer: ReturnType<typeof setTimeout> | null = null;
  private lastAnnounced = '';
  private lastScreenKind = '';
  private lastVotingView: VotingView | null = null;
  private warningShown = false;
  private focusBeforeWarning: HTMLElement | null = null;
  private pollTimer: ReturnType<typeof setInterval>;
  private stopped = false;

  constructor(
    private readonly api: KioskApi,
    token: string,
    private readonly identity: KioskIdentity,
  ) {
    this.direction = storage.getItem(DIRECTION_KEY) === 'out' ? 'out' : 'in';
    if (identity.mode === 'checkin') {
      const checkin = new CheckinMachine({ checkin: api.checkin }, this.direction);
      this.checkin = checkin;
      let before = checkin.view.kind;
      checkin.subscribe((view) => {
        // The desk's next person starts in the kiosk's own language.
        const reset = view.kind === 'idle' && before !== 'idle';
        before = view.kind;
        if (reset && this.resetLang()) return;
        this.render();
      });
    } else {
      const voting = new VotingMachine({ scan: api.scan, castBallot: api.castBallot, newNonce: makeNonce });
      this.voting = voting;
      voting.subscribe((view) => this.onVotingView(view));
    }
    this.cameraWanted = storage.getItem(CAMERA_KEY) === '1';

    this.main = h('main', { id: 'screen', class: 'main' });
    this.warningBox = h('div', { class: 'warning-slot' });
    this.liveRegion = h('div', { class: 'visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'true', 'data-testid': 'announce' });
    this.alertRegion = h('div', { class: 'visually-hidden', 'aria-live': 'assertive', 'aria-atomic': 'true' });
    this.connection = h('p', { class: 'conn', role: 'status' });
    this.gateHint = h('p', { class: 'staff-gate__hint', role: 'status' });
    const video = h('video', { class: 'camera__video', muted: true, playsinline: true, autoplay: true });
    this.camera = new CameraScanner(video, (text) => {
      if (this.debouncer.accept(text, performance.now())) this.read(text);
    });
    this.cameraBox = h('div', { class: 'camera' }, video);
    this.cameraMessage = h('p', { class: 'camera__message' });
    this.footer = h('footer', { class: 'tools', hidden: true }, this.cameraBox, this.cameraMessage);
    this.gate = new HoldGate(
      () => this.openStaff(),
      () => this.showGateHint(),
    );

    this.cleanups.push(attachScanner(document, (raw) => this.read(raw)));
    const onActivity = (): void => {
      this.voting?.activity();
      if (this.staffOpen) this.armStaffTimer();
    };
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape' && this.staffOpen) this.closeStaff();
    };
    document.addEventListener('pointerdown', onActivity, true);
    document.addEventListener('keydown', onActivity, true);
    document.addEventListener('keydown', onKey);
    const onVisibility = (): void => this.syncCamera();
    document.addEventListener('visibilitychange', onVisibility);
    const onOnline = (): void => void this.refresh();
    window.addEventListener('online', onOnline);
    this.cleanups.push(() => {
      document.removeEventListener('pointerdown', onActivity, true);
      document.removeEventListener('keydown', onActivity, true);
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('online', onOnline);
      this.gate.dispose();
    });

    this.feed = connectFeed(
      { namespace: 'kiosk', token, meetingId: identity.meetingId, transports: ['websocket', 'polling'] },
      {
        round: (round) => this.onRound(round),
        snapshot: (snapshot) => {
          // Rounds may have changed while the feed was away; the open one (if any) is last.
          for (const round of [...snapshot.rounds].sort((a, b) => Number(a.state === 'open') - Number(b.state === 'open'))) this.onRound(round);
        },
        connection: (connection) => {
          this.live = connection === 'live';
          this.renderConnection();
        },
        // The server dropped this kiosk on purpose (revoked?): ask who we are; a 401 ends the kiosk.
        refused: () => void this.checkPairing(),
        // The heartbeat: the badge follows the server within 3 s both ways, not the last request (issue 22).
        server: (up) => {
          this.setReachable(up);
          if (up) void this.refresh();
        },
      },
    );
    // Without the live feed the kiosk still learns about rounds and revocation, only later.
    this.pollTimer = setInterval(() => {
      if (!this.live) void this.refresh();
    }, POLL_MS);

    this.reachable = true;
    this.buildShell();
    void this.refresh();
  }

  setReachable(reachable: boolean): void {
    if (this.reachable === reachable) return;
    this.reachable = reachable;
    this.renderConnection();
  }

  teardown(): void {
    this.stopped = true;
    clearInterval(this.pollTimer);
    this.clearStaffTimer();
    if (this.hintTimer !== null) clearTimeout(this.hintTimer);
    this.feed?.close();
    this.camera.stop();
    this.voting?.dispose();
    this.checkin?.dispose();
    for (const cleanup of this.cleanups) cleanup();
  }

  // ---------- input ----------

  private read(raw: string): void {
    if (this.stopped) return;
    // A card at the desk: the settings give way to it.
    if (this.staffOpen) this.closeStaff(false);
    if (this.voting) this.voting.scanned(raw);
    else this.checkin?.scanned(raw);
  }

  private onVotingView(view: VotingView): void {
    const before = this.lastVotingView;
    this.lastVotingView = view;
    // The next voter starts in the kiosk's own language: after a flow ended (idle without a notice
    // left for the person who just voted), or when a new card is scanned over someone's receipt.
    const flowEnded = view.kind === 'idle' && view.notice === null && !(before?.kind === 'idle' && before.notice === null);
    const newVoter = view.kind === 'looking-up' && before?.kind === 'receipt';
    if ((flowEnded || newVoter) && this.resetLang()) return;
    // Only the idle warning came or went: leave the ballot (and the finger on it) alone.
    if (before && onlyWarningChanged(before, view)) this.renderWarning();
    else this.render();
  }

  /** Back to the kiosk's own language; true when that re-rendered everything. */
  private resetLang(): boolean {
    if (lang === defaultLang) return false;
    setLang(defaultLang);
    this.buildShell();
    return true;
  }

  private toggleCamera(): void {
    this.cameraWanted = !this.cameraWanted;
    storage.setItem(CAMERA_KEY, this.cameraWanted ? '1' : '0');
    this.cameraProblem = null;
    this.syncCamera();
    this.render();
  }

  /** The camera runs only while a card is expected, the page is visible and staff turned it on. */
  private syncCamera(): void {
    const expecting =
      this.identity.mode === 'voting'
        ? !['choosing', 'confirm', 'sending', 'looking-up'].includes(this.voting?.view.kind ?? 'idle')
        : this.checkin?.view.kind !== 'looking-up';
    const run = this.cameraWanted && expecting && document.visibilityState === 'visible' && !this.stopped;
    if (run && !this.camera.running) {
      this.debouncer.restart(performance.now());
      this.cameraStarting = true;
      void this.camera.start().then((problem) => {
        this.cameraStarting = false;
        this.cameraProblem = problem;
        if (problem) {
          this.cameraWanted = false;
          storage.setItem(CAMERA_KEY, '0');
          this.camera.stop();
        }
        this.renderCamera();
        if (this.staffOpen) this.render();
      });
    } else if (!run && this.camera.running) {
      this.camera.stop();
    }
    this.renderCamera();
  }

  // ---------- staff settings ----------

  private openStaff(pinChecked = false): void {
    if (this.stopped) return;
    // The meeting's staff PIN first, when the chair set one (staff-pin.ts).
    if (!pinChecked) {
      void staffPinGate(this.api, lang, (text) => this.showProblemHint(text)).then((ok) => {
        if (ok && !this.stopped) this.openStaff(true);
      });
      return;
    }
    this.staffOpen = true;
    this.armStaffTimer();
    this.render();
    this.main.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }

  private closeStaff(render = true): void {
    this.staffOpen = false;
    this.clearStaffTimer();
    if (render) this.render();
  }

  private armStaffTimer(): void {
    this.clearStaffTimer();
    this.staffTimer = setTimeout(() => this.closeStaff(), STAFF_IDLE_MS);
  }

  private clearStaffTimer(): void {
    if (this.staffTimer !== null) clearTimeout(this.staffTimer);
    this.staffTimer = null;
  }

  private showGateHint(text: TextKey = 'staffGateHint'): void {
    this.showProblemHint(t(text, lang));
  }

  private showProblemHint(text: string): void {
    this.gateHint.textContent = text;
    if (this.hintTimer !== null) clearTimeout(this.hintTimer);
    this.hintTimer = setTimeout(() => {
      this.gateHint.textContent = '';
    }, 4_000);
  }

  private setDirection(direction: Direction): void {
    this.direction = direction;
    storage.setItem(DIRECTION_KEY, direction);
    this.checkin?.setDirection(direction);
    this.render();
  }

  // ---------- server state ----------

  private async refresh(): Promise<void> {
    await this.checkPairing();
    if (this.identity.mode !== 'voting' || this.stopped) return;
    try {
      this.meeting = await this.api.meeting(this.identity.meetingId);
      const open = this.meeting.rounds.find((r) => r.state === 'open');
      this.openRound = open ? { id: open.id, motionIds: open.motionIds, practice: open.practice } : null;
      this.render();
    } catch {
      // The connection status says it; the next poll tries again.
    }
  }

  private async checkPairing(): Promise<void> {
    try {
      await this.api.me();
    } catch {
      // 401 is handled by the api's onUnauthorized; anything else only changes the status.
    }
  }

  private onRound(round: Round): void {
    if (round.meetingId !== this.identity.meetingId) return;
    if (round.state === 'open') this.openRound = { id: round.id, motionIds: round.motionIds, practice: round.practice };
    else if (this.openRound?.id === round.id) this.openRound = null;
    this.voting?.roundChanged(round);
    const known = new Set(this.meeting?.agenda.flatMap((item) => item.motions.map((m) => m.id)) ?? []);
    if (round.motionIds.some((id) => !known.has(id))) void this.refresh();
    else this.render();
  }

  private openRoundInfo(): OpenRoundInfo | null | undefined {
    if (!this.openRound) return this.openRound;
    const motions = new Map(this.meeting?.agenda.flatMap((item) => item.motions.map((m) => [m.id, m] as const)) ?? []);
    return {
      refs: this.openRound.motionIds.map((id) => motions.get(id) ?? { ref: `#${id}`, title: '' }),
      practice: this.openRound.practice,
    };
  }

  // ---------- rendering ----------

  private buildShell(): void {
    const dateText = formatDate(this.identity.meeting.date, lang);
    const modeText = this.identity.mode === 'voting' ? t('modeVoting', lang) : t('modeCheckin', lang);
    const shell = h(
      'div',
      { class: `shell shell--${this.identity.mode}` },
      h(
        'header',
        { class: 'topbar' },
        h(
          'div',
          { class: 'topbar__meeting' },
          h('span', { class: 'topbar__title', lang: 'nl' }, this.identity.meeting.title),
          h('span', { class: 'topbar__sub' }, `${dateText} · ${modeText} · `, h('span', { lang: 'nl' }, this.identity.name)),
        ),
        this.connection,
        h('div', { class: 'staff-gate__wrap' }, staffGateButton(lang, this.gate, () => undefined), this.gateHint),
        langButton(() => this.buildShell()),
      ),
      this.warningBox,
      this.main,
      this.footer,
      this.liveRegion,
      this.alertRegion,
    );
    root.replaceChildren(shell);
    document.title = `${modeText} — ${this.identity.meeting.title}`;
    this.lastScreenKind = '';
    this.gateHint.textContent = '';
    this.renderConnection();
    this.renderWarning();
    this.render();
  }

  private renderConnection(): void {
    const state = this.reachable === false ? 'offline' : this.live ? 'live' : this.reachable === null ? 'checking' : 'online';
    const text = { live: t('connLive', lang), online: t('connOnline', lang), offline: t('connOffline', lang), checking: t('connChecking', lang) }[state];
    this.connection.className = `conn conn--${state}`;
    this.connection.replaceChildren(h('span', { class: 'conn__dot', 'aria-hidden': 'true' }), text);
  }

  private cameraText(): string {
    if (this.cameraProblem) return t(this.cameraProblem, lang);
    if (this.camera.running) return t('cameraOn', lang);
    if (this.cameraStarting) return t('cameraStarting', lang);
    return this.cameraWanted ? t('cameraPaused', lang) : '';
  }

  /** Members see the camera's picture (to aim the card) and what it does, never its switch. */
  private renderCamera(): void {
    const running = this.camera.running;
    this.footer.hidden = !running;
    this.cameraMessage.textContent = running ? t('cameraOn', lang) : '';
  }

  /** The idle warning above the ballot; focus goes to its button and comes back after. */
  private renderWarning(): void {
    const view = this.voting?.view;
    const warning = !!view && (view.kind === 'choosing' || view.kind === 'confirm') && view.warning && !this.staffOpen;
    if (warning === this.warningShown && !(warning && !this.warningBox.firstChild)) return;
    this.warningShown = warning;
    if (warning) {
      const active = document.activeElement;
      this.focusBeforeWarning = active instanceof HTMLElement && active !== document.body ? active : null;
      const seconds = Math.round(DEFAULT_VOTING_TIMING.warningMs / 1000);
      this.warningBox.replaceChildren(idleWarning(lang, seconds, () => this.voting?.activity()));
      this.alertRegion.textContent = t('idleWarning', lang, { seconds });
      this.warningBox.querySelector<HTMLElement>('button')?.focus();
    } else {
      const hadFocus = this.warningBox.contains(document.activeElement);
      this.warningBox.replaceChildren();
      if (hadFocus) {
        const back = this.focusBeforeWarning;
        if (back?.isConnected) back.focus();
        else this.main.querySelector<HTMLElement>('[data-autofocus]')?.focus();
      }
      this.focusBeforeWarning = null;
    }
  }

  private render(): void {
    if (this.stopped) return;
    let screen: Screen;
    let kind: string;
    if (this.staffOpen) {
      kind = 'staff';
      screen = {
        body: staffScreen(
          {
            mode: this.identity.mode,
            direction: this.direction,
            cameraWanted: this.cameraWanted,
            cameraMessage: this.cameraText(),
            cameraProblem: this.cameraProblem !== null,
            defaultLang,
          },
          lang,
          {
            setDirection: (direction) => this.setDirection(direction),
            toggleCamera: () => this.toggleCamera(),
            setDefaultLang: (next) => {
              setDefaultLang(next);
              this.buildShell();
            },
            submitCode: (code) => this.read(code),
            close: () => this.closeStaff(),
          },
        ),
        announce: t('staffTitle', lang),
      };
    } else if (this.voting) {
      const machine = this.voting;
      kind = machine.view.kind;
      screen = votingScreen(
        machine.view,
        lang,
        {
          choose: (motionId, choice) => machine.choose(motionId, choice),
          startSplit: (motionId) => machine.startSplit(motionId),
          setSplitPart: (motionId, part, votes) => machine.setSplitPart(motionId, part, votes),
          stopSplit: (motionId) => machine.stopSplit(motionId),
          review: () => machine.review(),
          back: () => machine.back(),
          confirm: () => machine.confirm(),
          confirmAll: () => machine.confirmAll(),
          cancel: () => machine.cancel(),
          dismiss: () => machine.dismiss(),
        },
        { openRound: this.openRoundInfo(), receiptCheckUrl: () => receiptCheckUrl(this.identity.meetingId), timeZone: this.identity.meeting.timeZone },
      );
      if (kind === 'idle') kind = `idle-${this.openRound ? 'open' : 'none'}`;
    } else {
      const machine = this.checkin as CheckinMachine;
      kind = `${machine.view.kind}-${machine.direction}`;
      screen = checkinScreen(machine.view, machine.direction, lang, { dismiss: () => machine.dismiss() });
    }
    replaceContent(this.main, screen.body);
    this.main.dataset.screen = kind;
    // A new screen takes the focus (after a scan it is on the ballot, wherever it was before),
    // unless the person is on the top bar (language, staff) or the idle warning.
    const active = document.activeElement;
    const onBars = active instanceof HTMLElement && active.closest('.topbar, .warning-slot') !== null;
    if (kind !== this.lastScreenKind && !onBars) this.main.querySelector<HTMLElement>('[data-autofocus]')?.focus({ preventScroll: false });
    if (kind !== this.lastScreenKind) {
      this.main.scrollTop = 0;
      document.scrollingElement?.scrollTo(0, 0);
    }
    // "Controleer" with a motion left open: bring the first one without a choice into view.
    this.main.querySelector('[data-scroll-into-view]')?.scrollIntoView({ block: 'center' });
    this.lastScreenKind = kind;
    if (screen.announce !== this.lastAnnounced) {
      this.lastAnnounced = screen.announce;
      (screen.urgent ? this.alertRegion : this.liveRegion).textContent = screen.announce;
      (screen.urgent ? this.liveRegion : this.alertRegion).textContent = '';
    }
    this.renderWarning();
    this.syncCamera();
  }
}

/** True when two views of the voting machine differ in nothing but the idle warning. */
function onlyWarningChanged(a: VotingView, b: VotingView): boolean {
  if (a.kind !== b.kind || (a.kind !== 'choosing' && a.kind !== 'confirm')) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  let warningDiffers = false;
  for (const key of keys) {
    const x = (a as unknown as Record<string, unknown>)[key];
    const y = (b as unknown as Record<string, unknown>)[key];
    if (x === y) continue;
    if (key !== 'warning') return false;
    warningDiffers = true;
  }
  return warningDiffers;
}

// The page's watchdog (public/boot.js) reloads a page whose script never got this far.
document.documentElement.setAttribute('data-started', '');
void start();
