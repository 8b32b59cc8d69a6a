/** The kiosk link as a QR code (SVG text). Loaded only when a kiosk is paired: bwip-js is large, and only its QR encoder is bundled. */
import { drawingSVG, qrcode } from 'bwip-js/browser';

export function qrSvg(text: string): string {
  return qrcode({ bcid: 'qrcode', text, scale: 4, padding: 2 }, drawingSVG());
}
