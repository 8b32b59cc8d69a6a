/**
 * Camera scanning for desks without a handheld scanner: @zxing/browser, Code 128 and QR only.
 * Loaded only when staff turn the camera on, and stopped whenever no card is expected.
 */
import type { IScannerControls } from '@zxing/browser';

export type CameraProblem = 'cameraInsecure' | 'cameraDenied' | 'cameraMissing' | 'cameraFailed';

/** Browsers give the camera only to secure pages: HTTPS, or localhost. */
export function cameraAvailability(): CameraProblem | null {
  if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) return 'cameraInsecure';
  return null;
}

export class CameraScanner {
  private controls: IScannerControls | null = null;
  private starting: Promise<CameraProblem | null> | null = null;
  private wanted = false;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly onRead: (text: string) => void,
  ) {}

  get running(): boolean {
    return this.controls !== null;
  }

  async start(): Promise<CameraProblem | null> {
    this.wanted = true;
    if (this.controls) return null;
    if (this.starting) return this.starting;
    const problem = cameraAvailability();
    if (problem) return problem;
    this.starting = this.open().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  stop(): void {
    this.wanted = false;
    this.controls?.stop();
    this.controls = null;
    this.video.srcObject = null;
  }

  private async open(): Promise<CameraProblem | null> {
    try {
      const [{ BrowserMultiFormatReader }, { BarcodeFormat, DecodeHintType }] = await Promise.all([
        import('@zxing/browser'),
        import('@zxing/library'),
      ]);
      const hints = new Map<number, unknown>([[DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.CODE_128, BarcodeFormat.QR_CODE]]]);
      const reader = new BrowserMultiFormatReader(hints, { delayBetweenScanAttempts: 150 });
      const controls = await reader.decodeFromConstraints(
        { video: { facingMode: 'environment' }, audio: false },
        this.video,
        (result) => {
          if (result) this.onRead(result.getText());
        },
      );
      // Stopped (no card expected any more) while the camera was still starting.
      if (!this.wanted) {
        controls.stop();
        return null;
      }
      this.controls = controls;
      return null;
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'NotAllowedError' || name === 'SecurityError') return 'cameraDenied';
      if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError') return 'cameraMissing';
      return 'cameraFailed';
    }
  }
}
