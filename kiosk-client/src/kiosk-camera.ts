/**
 * The kiosk's camera as staff set it: on or off (remembered on this device), running only while a
 * card is expected and the page is visible; its picture and what it does in the footer for members,
 * its state in words for the staff screen. A problem (no camera, permission refused) turns it off.
 */
import { h } from '../../client-kit/dom.ts';
import { CameraScanner, type CameraProblem } from './camera.ts';
import { lang } from './language.ts';
import { t } from './messages.ts';
import { CAMERA_KEY } from './pairing.ts';
import { ReadDebouncer } from './scanner.ts';

export class KioskCamera {
  /** The footer with the camera's picture and message, shown only while it runs. */
  readonly footer: HTMLElement;
  private readonly scanner: CameraScanner;
  private readonly debouncer = new ReadDebouncer(3_000);
  private readonly message: HTMLElement;
  private wanted: boolean;
  private problem: CameraProblem | null = null;
  private starting = false;

  constructor(
    private readonly storage: Storage,
    read: (text: string) => void,
    /** Called when a start has settled (running, or turned off by a problem). */
    private readonly onStarted: () => void,
  ) {
    this.wanted = storage.getItem(CAMERA_KEY) === '1';
    const video = h('video', { class: 'camera__video', muted: true, playsinline: true, autoplay: true });
    this.scanner = new CameraScanner(video, (text) => {
      if (this.debouncer.accept(text, performance.now())) read(text);
    });
    this.message = h('p', { class: 'camera__message' });
    this.footer = h('footer', { class: 'tools', hidden: true }, h('div', { class: 'camera' }, video), this.message);
  }

  /** What the staff screen shows of the camera. */
  get settings(): { cameraWanted: boolean; cameraMessage: string; cameraProblem: boolean } {
    return { cameraWanted: this.wanted, cameraMessage: this.text(), cameraProblem: this.problem !== null };
  }

  /** Staff's switch; the caller syncs and renders after. */
  toggle(): void {
    this.wanted = !this.wanted;
    this.storage.setItem(CAMERA_KEY, this.wanted ? '1' : '0');
    this.problem = null;
  }

  /** Runs the camera when staff turned it on, a card is expected and the page is visible; stops it otherwise. */
  sync(expecting: boolean): void {
    const run = this.wanted && expecting && document.visibilityState === 'visible';
    if (run && !this.scanner.running) {
      this.debouncer.restart(performance.now());
      this.starting = true;
      void this.scanner.start().then((problem) => {
        this.starting = false;
        this.problem = problem;
        if (problem) {
          this.wanted = false;
          this.storage.setItem(CAMERA_KEY, '0');
          this.scanner.stop();
        }
        this.render();
        this.onStarted();
      });
    } else if (!run && this.scanner.running) {
      this.scanner.stop();
    }
    this.render();
  }

  stop(): void {
    this.scanner.stop();
  }

  private text(): string {
    if (this.problem) return t(this.problem, lang);
    if (this.scanner.running) return t('cameraOn', lang);
    if (this.starting) return t('cameraStarting', lang);
    return this.wanted ? t('cameraPaused', lang) : '';
  }

  /** Members see the camera's picture (to aim the card) and what it does, never its switch. */
  render(): void {
    const running = this.scanner.running;
    this.footer.hidden = !running;
    this.message.textContent = running ? t('cameraOn', lang) : '';
  }
}
