import qrcode from 'qrcode-generator';
import { escapeHtml } from '../email/html.ts';

/** How a QR code is drawn. */
export type QrOptions = {
  /** What the image is called for people who cannot see it. */
  label: string;
  /** Modules of blank margin around the code; scanners need four. */
  quietZone?: number;
};

/**
 * An SVG QR code of `text`: one path on a white square, one unit per module, so that it stays
 * crisp at any size and in print. Error correction M survives a smudged or folded card.
 */
export function qrSvg(text: string, { label, quietZone = 4 }: QrOptions): string {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const count = qr.getModuleCount();
  const size = count + quietZone * 2;
  let path = '';
  for (let row = 0; row < count; row += 1) {
    for (let col = 0; col < count; col += 1) {
      if (qr.isDark(row, col)) path += `M${col + quietZone} ${row + quietZone}h1v1h-1z`;
    }
  }
  // The colours are fixed, not the page's: a scanner needs dark modules on light, in dark mode too.
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges" role="img" aria-label="${escapeHtml(label)}"><title>${escapeHtml(label)}</title><rect width="${size}" height="${size}" fill="#ffffff"/><path fill="#000000" d="${path}"/></svg>`;
}
