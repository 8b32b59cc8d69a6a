/**
 * A QR code as SVG text, the project's one QR generator (bwip-js; only its QR encoder is bundled):
 * the chair console draws a kiosk's pairing link with it (loaded when a kiosk is paired), the kiosk
 * a member's receipt (with the page: issue 22).
 */
import { drawingSVG, qrcode } from 'bwip-js/browser';

export function qrSvg(text: string): string {
  return qrcode({ bcid: 'qrcode', text, scale: 4, padding: 2 }, drawingSVG());
}
