/**
 * The kiosk page: pairs from the URL, asks the server who it is, then runs the voting or the
 * check-in desk. Input comes from a keyboard-mode scanner (anywhere on the page), the camera, or the
 * field where staff type a printed code; all three end in the same `read()`.
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
import { checkinScreen, votingScreen, type OpenRoundInfo, type Screen } from './views.ts';
import { makeNonce, VotingMachine } from './voting.ts';

const POLL_MS = 15_000;
const RETRY_PAIRING_MS = 3_000;

const root = document.getElementById('app') as HTMLElement;
const storage = window.localStorage;
let lang: Lang = storedLang(LANG_KEY);

function setLang(next: Lang): void {
  lang = next;
  storeLang(LANG_KEY, next);
}

function langButton(onChange: () => void): HTMLButtonElement {
  const other: Lang = lang === 'nl' ? 'en' : 'nl';
  return h(
    'button',
    { type: 'button', class: 'lang', lang: other, 'aria-label': t('switchLangLabel', lang), 'data-focus': 'lang', onclick: () => { setLang(other); onChange(); } },
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
    onReachable: (reachable) => kiosk?.setReachable(reachable),
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
  private readonly voting: VotingMachine | null = null;
  private readonly checkin: CheckinMachine | null = null;
  private readonly main: HTMLElement;
  private readonly liveRegion: HTMLElement;
  private readonly alertRegion: HTMLElement;
  private readonly connection: HTMLElement;
  private readonly cameraButton: HTMLButtonElement;
  private readonly cameraBox: HTMLElement;
  private readonly cameraMessage: HTMLElement;
  private readonly camera: CameraScanner;
  private readonly debouncer = new ReadDebouncer(3_000);
  private readonly cleanups: (() => void)[] = [];
  private feed: Feed | null = null;
  private reachable: boolean | null = null;
  private live = false;
  private meeting: KioskMeeting | null = null;
  private openRound: { id: number; motionIds: number[] } | null = null;
  private cameraWanted: boolean;
  private cameraProblem: CameraProblem | null = null;
  private cameraStarting = false;
  private lastAnnounced = '';
  private lastScreenKind = '';
  private pollTimer: ReturnType<typeof setInterval>;
  private stopped = false;

  constructor(
    private readonly api: KioskApi,
    token: string,
    private readonly identity: KioskIdentity,
  ) {
    if (identity.mode === 'voting') {
      this.voting = new VotingMachine({ scan: api.scan, castBallot: api.castBallot, newNonce: makeNonce });
      this.voting.subscribe(() => this.render());
    } else {
      const direction: Direction = storage.getItem(DIRECTION_KEY) === 'out' ? 'out' : 'in';
      this.checkin = new CheckinMachine({ checkin: api.checkin }, direction);
      this.checkin.subscribe(() => this.render());
    }
    this.cameraWanted = storage.getItem(CAMERA_KEY) === '1';

    this.main = h('main', { id: 'screen', class: 'main' });
    this.liveRegion = h('div', { class: 'visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'true', 'data-testid': 'announce' });
    this.alertRegion = h('div', { class: 'visually-hidden', 'aria-live': 'assertive', 'aria-atomic': 'true' });
    this.connection = h('p', { class: 'conn', role: 'status' });
    const video = h('video', { class: 'camera__video', muted: true, playsinline: true, autoplay: true });
    this.camera = new CameraScanner(video, (text) => {
      if (this.debouncer.accept(text, performance.now())) this.read(text);
    });
    this.cameraButton = h('button', { type: 'button', class: 'btn btn--tool', 'data-focus': 'camera', onclick: () => this.toggleCamera() });
    this.cameraBox = h('div', { class: 'camera', hidden: true }, video);
    this.cameraMessage = h('p', { class: 'camera__message', role: 'status' });

    this.cleanups.push(attachScanner(document, (raw) => this.read(raw)));
    const onActivity = (): void => this.voting?.activity();
    document.addEventListener('pointerdown', onActivity, true);
    document.addEventListener('keydown', onActivity, true);
    const onVisibility = (): void => this.syncCamera();
    document.addEventListener('visibilitychange', onVisibility);
    const onOnline = (): void => void this.refresh();
    window.addEventListener('online', onOnline);
    this.cleanups.push(() => {
      document.removeEventListener('pointerdown', onActivity, true);
      document.removeEventListener('keydown', onActivity, true);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('online', onOnline);
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
    this.feed?.close();
    this.camera.stop();
    this.voting?.dispose();
    this.checkin?.dispose();
    for (const cleanup of this.cleanups) cleanup();
  }

  // ---------- input ----------

  private read(raw: string): void {
    if (this.stopped) return;
    if (this.voting) this.voting.scanned(raw);
    else this.checkin?.scanned(raw);
  }

  private toggleCamera(): void {
    this.cameraWanted = !this.cameraWanted;
    storage.setItem(CAMERA_KEY, this.cameraWanted ? '1' : '0');
    this.cameraProblem = null;
    this.syncCamera();
  }

  /** The camera runs only while a card is expected, the page is visible and staff turned it on. */
  private syncCamera(): void {
    const expecting = this.voting ? !['choosing', 'confirm', 'sending', 'looking-up'].includes(this.voting.view.kind) : this.checkin?.view.kind !== 'looking-up';
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
      });
    } else if (!run && this.camera.running) {
      this.camera.stop();
    }
    this.renderCamera();
  }

  // ---------- server state ----------

  private async refresh(): Promise<void> {
    await this.checkPairing();
    if (this.identity.mode !== 'voting' || this.stopped) return;
    try {
      this.meeting = await this.api.meeting(this.identity.meetingId);
      const open = this.meeting.rounds.find((r) => r.state === 'open');
      this.openRound = open ? { id: open.id, motionIds: open.motionIds } : null;
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
    if (round.state === 'open') this.openRound = { id: round.id, motionIds: round.motionIds };
    else if (this.openRound?.id === round.id) this.openRound = null;
    this.voting?.roundChanged(round);
    const known = new Set(this.meeting?.agenda.flatMap((item) => item.motions.map((m) => m.id)) ?? []);
    if (round.motionIds.some((id) => !known.has(id))) void this.refresh();
    else this.render();
  }

  private openRoundInfo(): OpenRoundInfo | null {
    if (!this.openRound) return null;
    const motions = new Map(this.meeting?.agenda.flatMap((item) => item.motions.map((m) => [m.id, m] as const)) ?? []);
    return {
      refs: this.openRound.motionIds.map((id) => motions.get(id) ?? { ref: `#${id}`, title: '' }),
    };
  }

  // ---------- rendering ----------

  private buildShell(): void {
    const dateText = formatDate(this.identity.meeting.date, lang);
    const modeText = this.identity.mode === 'voting' ? t('modeVoting', lang) : t('modeCheckin', lang);
    const manualInput = h('input', {
      id: 'manual-code',
      class: 'manual__input',
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'off',
      autocapitalize: 'off',
      spellcheck: 'false',
      maxlength: 64,
      'data-focus': 'manual-input',
    });
    const manualForm = h(
      'form',
      {
        class: 'manual__form',
        onsubmit: (event: Event) => {
          event.preventDefault();
          const value = manualInput.value;
          // The typed code is gone from the screen as soon as it is sent.
          manualInput.value = '';
          if (value.trim()) this.read(value);
        },
      },
      h('label', { for: 'manual-code', class: 'manual__label' }, t('manualLabel', lang)),
      h('div', { class: 'manual__row' }, manualInput, h('button', { type: 'submit', class: 'btn btn--tool' }, t('manualSubmit', lang))),
    );
    const shell = h(
      'div',
      { class: `shell shell--${this.identity.mode}` },
      h(
        'header',
        { class: 'topbar' },
        h(
          'div',
          { class: 'topbar__meeting' },
          h('span', { class: 'topbar__title' }, this.identity.meeting.title),
          h('span', { class: 'topbar__sub' }, `${dateText} · ${modeText} · ${this.identity.name}`),
        ),
        this.connection,
        langButton(() => this.buildShell()),
      ),
      this.main,
      h(
        'footer',
        { class: 'tools' },
        h('div', { class: 'tools__camera' }, this.cameraButton, this.cameraMessage),
        this.cameraBox,
        h('details', { class: 'manual' }, h('summary', { class: 'manual__summary' }, t('manualToggle', lang)), manualForm),
      ),
      this.liveRegion,
      this.alertRegion,
    );
    root.replaceChildren(shell);
    document.title = `${modeText} — ${this.identity.meeting.title}`;
    this.lastScreenKind = '';
    this.renderConnection();
    this.render();
  }

  private renderConnection(): void {
    const state = this.reachable === false ? 'offline' : this.live ? 'live' : this.reachable === null ? 'checking' : 'online';
    const text = { live: t('connLive', lang), online: t('connOnline', lang), offline: t('connOffline', lang), checking: t('connChecking', lang) }[state];
    this.connection.className = `conn conn--${state}`;
    this.connection.replaceChildren(h('span', { class: 'conn__dot', 'aria-hidden': 'true' }), text);
  }

  private renderCamera(): void {
    const running = this.camera.running;
    this.cameraButton.textContent = this.cameraWanted ? t('cameraStop', lang) : t('cameraStart', lang);
    this.cameraButton.setAttribute('aria-pressed', this.cameraWanted ? 'true' : 'false');
    this.cameraBox.hidden = !running;
    const message = this.cameraProblem
      ? t(this.cameraProblem, lang)
      : running
        ? t('cameraOn', lang)
        : this.cameraStarting
          ? t('cameraStarting', lang)
          : this.cameraWanted
            ? t('cameraPaused', lang)
            : '';
    this.cameraMessage.textContent = message;
    this.cameraMessage.className = `camera__message${this.cameraProblem ? ' camera__message--problem' : ''}`;
  }

  private render(): void {
    if (this.stopped) return;
    let screen: Screen;
    let kind: string;
    if (this.voting) {
      const machine = this.voting;
      kind = machine.view.kind;
      screen = votingScreen(
        machine.view,
        lang,
        {
          choose: (motionId, choice) => machine.choose(motionId, choice),
          review: () => machine.review(),
          back: () => machine.back(),
          confirm: () => machine.confirm(),
          cancel: () => machine.cancel(),
          dismiss: () => machine.dismiss(),
        },
        this.openRoundInfo(),
      );
    } else {
      const machine = this.checkin as CheckinMachine;
      kind = `${machine.view.kind}-${machine.direction}`;
      screen = checkinScreen(machine.view, machine.direction, lang, {
        setDirection: (direction) => {
          storage.setItem(DIRECTION_KEY, direction);
          machine.setDirection(direction);
        },
        dismiss: () => machine.dismiss(),
      });
    }
    const active = document.activeElement;
    const focusWasInMain = !active || active === document.body || this.main.contains(active);
    const focusKept = replaceContent(this.main, screen.body);
    this.main.dataset.screen = kind;
    if (!focusKept && focusWasInMain && kind !== this.lastScreenKind) this.main.querySelector<HTMLElement>('[data-autofocus]')?.focus({ preventScroll: false });
    if (kind !== this.lastScreenKind) this.main.scrollTop = 0;
    // "Controleer" with a motion left open: bring the first one without a choice into view.
    this.main.querySelector('[data-scroll-into-view]')?.scrollIntoView({ block: 'center' });
    this.lastScreenKind = kind;
    if (screen.announce !== this.lastAnnounced) {
      this.lastAnnounced = screen.announce;
      (screen.urgent ? this.alertRegion : this.liveRegion).textContent = screen.announce;
      (screen.urgent ? this.liveRegion : this.alertRegion).textContent = '';
    }
    this.syncCamera();
  }
}

void start();
