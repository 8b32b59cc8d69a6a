/**
 * A paired kiosk's screens: the shell (top bar, connection badge, language, staff gate), the voting
 * or check-in desk's screen, the idle warning, the input (scanner, camera, typed code) that all ends
 * in `read()`, and the staff settings behind a long press (staff.ts). What it knows of the server
 * (the meeting, the open round, the connection) it is told by the start-up (main.ts), which owns the
 * feed, its heartbeat and the poll.
 */
import { h, replaceContent } from '../../client-kit/dom.ts';
import { formatDate } from '../../client-kit/format.ts';
import type { Round } from '../../shared/schemas.ts';
import type { KioskApi, KioskIdentity, KioskMeeting } from './api.ts';
import { idleWarning, votingScreen } from './ballot-views.ts';
import { DEFAULT_VOTING_TIMING, makeNonce, type VotingView } from './ballot-model.ts';
import { CheckinMachine, type Direction } from './checkin.ts';
import { KioskCamera } from './kiosk-camera.ts';
import { defaultLang, lang, langButton, setDefaultLang, setLang } from './language.ts';
import { t, type TextKey } from './messages.ts';
import { DIRECTION_KEY } from './pairing.ts';
import { attachScanner } from './scanner.ts';
import { HoldGate, STAFF_IDLE_MS, staffGateButton } from './staff.ts';
import { staffScreen } from './staff-screen.ts';
import { staffPinGate } from './staff-pin.ts';
import { checkinScreen, type OpenRoundInfo, type Screen } from './views.ts';
import { VotingMachine } from './voting.ts';

/**
 * Where a voter checks a receipt once the round is closed: the public site's receipt check
 * (projector-view/receipt.ts), which looks the receipt up in the meeting's published ballots.
 */
function receiptCheckUrl(meetingId: number): string {
  return new URL(`/projector/receipt.html?meeting=${meetingId}`, window.location.origin).href;
}

export class Kiosk {
  /** The voting flow (a voting kiosk only). */
  private readonly voting: VotingMachine | null = null;
  private readonly checkin: CheckinMachine | null = null;
  private readonly main: HTMLElement;
  private readonly warningBox: HTMLElement;
  private readonly liveRegion: HTMLElement;
  private readonly alertRegion: HTMLElement;
  private readonly connection: HTMLElement;
  private readonly gateHint: HTMLElement;
  private readonly camera: KioskCamera;
  private readonly gate: HoldGate;
  private readonly cleanups: (() => void)[] = [];
  private reachable: boolean | null = null;
  private live = false;
  private meeting: KioskMeeting | null = null;
  /** The open round; `undefined` until the meeting was read once. */
  private openRound: { id: number; motionIds: number[]; practice: boolean } | null | undefined = undefined;
  private direction: Direction;
  private staffOpen = false;
  private staffTimer: ReturnType<typeof setTimeout> | null = null;
  private hintTimer: ReturnType<typeof setTimeout> | null = null;
  private lastAnnounced = '';
  private lastScreenKind = '';
  private lastVotingView: VotingView | null = null;
  private warningShown = false;
  private focusBeforeWarning: HTMLElement | null = null;
  private stopped = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: KioskApi,
    private readonly identity: KioskIdentity,
    private readonly storage: Storage,
    /** Reads the meeting again from the server (and asks it who this kiosk is). */
    private readonly refresh: () => void,
  ) {
    this.direction = this.storage.getItem(DIRECTION_KEY) === 'out' ? 'out' : 'in';
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

    this.main = h('main', { id: 'screen', class: 'main' });
    this.warningBox = h('div', { class: 'warning-slot' });
    this.liveRegion = h('div', { class: 'visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'true', 'data-testid': 'announce' });
    this.alertRegion = h('div', { class: 'visually-hidden', 'aria-live': 'assertive', 'aria-atomic': 'true' });
    this.connection = h('p', { class: 'conn', role: 'status' });
    this.gateHint = h('p', { class: 'staff-gate__hint', role: 'status' });
    this.camera = new KioskCamera(
      this.storage,
      (text) => this.read(text),
      () => {
        if (this.staffOpen) this.render();
      },
    );
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
    this.cleanups.push(() => {
      document.removeEventListener('pointerdown', onActivity, true);
      document.removeEventListener('keydown', onActivity, true);
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('visibilitychange', onVisibility);
      this.gate.dispose();
    });
  }

  /** Shows the kiosk, once the start-up has connected it to the server. */
  show(): void {
    this.reachable = true;
    this.buildShell();
  }

  setLive(live: boolean): void {
    this.live = live;
    this.renderConnection();
  }

  setReachable(reachable: boolean): void {
    if (this.reachable === reachable) return;
    this.reachable = reachable;
    this.renderConnection();
  }

  teardown(): void {
    this.stopped = true;
    this.clearStaffTimer();
    if (this.hintTimer !== null) clearTimeout(this.hintTimer);
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
    this.camera.toggle();
    this.syncCamera();
    this.render();
  }

  /** The camera runs only while a card is expected, the page is visible and staff turned it on. */
  private syncCamera(): void {
    const expecting =
      this.identity.mode === 'voting'
        ? !['choosing', 'confirm', 'sending', 'looking-up'].includes(this.voting?.view.kind ?? 'idle')
        : this.checkin?.view.kind !== 'looking-up';
    this.camera.sync(expecting && !this.stopped);
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
    this.storage.setItem(DIRECTION_KEY, direction);
    this.checkin?.setDirection(direction);
    this.render();
  }

  // ---------- server state ----------

  /** The meeting as the server has it now (a voting kiosk only). */
  meetingRead(meeting: KioskMeeting): void {
    this.meeting = meeting;
    const open = meeting.rounds.find((r) => r.state === 'open');
    this.openRound = open ? { id: open.id, motionIds: open.motionIds, practice: open.practice } : null;
    this.render();
  }

  onRound(round: Round): void {
    if (round.meetingId !== this.identity.meetingId) return;
    if (round.state === 'open') this.openRound = { id: round.id, motionIds: round.motionIds, practice: round.practice };
    else if (this.openRound?.id === round.id) this.openRound = null;
    this.voting?.roundChanged(round);
    const known = new Set(this.meeting?.agenda.flatMap((item) => item.motions.map((m) => m.id)) ?? []);
    if (round.motionIds.some((id) => !known.has(id))) this.refresh();
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
      this.camera.footer,
      this.liveRegion,
      this.alertRegion,
    );
    this.root.replaceChildren(shell);
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
            ...this.camera.settings,
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
