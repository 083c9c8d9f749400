import jsQR from 'jsqr';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { qrSvg } from '../../src/lib/share/qr.ts';

const link = 'https://referrals.example.com/r/AbCdEfGhIjKlMnOpQr_-12';

/** Rasterises an SVG as a browser or a printer would, and reads it as a phone's camera would. */
async function scan(svg: string, width: number): Promise<string | undefined> {
  const { data, info } = await sharp(Buffer.from(svg)).resize(width, width).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data), info.width, info.height)?.data;
}

describe('the QR code of a personal link', () => {
  const svg = qrSvg(link, { label: 'QR code of your personal link to Jane Okafor' });

  it('scans back to the exact link', async () => {
    expect(await scan(svg, 400)).toBe(link);
  });

  it('still scans when printed small', async () => {
    expect(await scan(svg, 120)).toBe(link);
  });

  it('is a crisp, scalable image with a name for screen readers', () => {
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 (\d+) \1"/);
    expect(svg).toContain('shape-rendering="crispEdges"');
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-label="QR code of your personal link to Jane Okafor"');
    expect(svg).not.toMatch(/<svg [^>]*\b(width|height)=/);
  });

  it('keeps a quiet zone of four modules around the code', () => {
    const size = Number(/viewBox="0 0 (\d+)/.exec(svg)![1]);
    const starts = [...svg.matchAll(/M(\d+) (\d+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
    expect(Math.min(...starts.flat())).toBe(4);
    expect(Math.max(...starts.flat())).toBe(size - 5);
  });

  it('escapes its label', () => {
    const odd = qrSvg(link, { label: 'Jane "J" <Okafor> & co' });
    expect(odd).toContain('aria-label="Jane &quot;J&quot; &lt;Okafor&gt; &amp; co"');
    expect(odd).not.toContain('<Okafor>');
  });
});
