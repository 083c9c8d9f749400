import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderPreviewImage } from '../../src/lib/share/preview-image.ts';
import { previewPhotoPath } from '../../src/lib/share/preview-photo.ts';

const jane = {
  name: 'Jane Okafor',
  profession: 'Independent financial adviser',
  headline: 'Clear, fee-based financial planning for families and people approaching retirement.',
  location: 'Leeds',
  siteName: 'Northside Referrals',
  brandColour: '#1d5fa8',
};

/** The colour of one pixel, as #rrggbb. */
async function pixel(png: Buffer, x: number, y: number): Promise<string> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return `#${[0, 1, 2].map((i) => data[at + i]!.toString(16).padStart(2, '0')).join('')}`;
}

describe("a provider's link preview image", () => {
  it('is a 1200×630 PNG on the brand colour', async () => {
    const png = await renderPreviewImage(jane);
    expect(await sharp(png).metadata()).toMatchObject({ format: 'png', width: 1200, height: 630 });
    expect(await pixel(png, 5, 5)).toBe('#1d5fa8');
  });

  it('shows the name and headline as text (not an empty card)', async () => {
    const blank = await renderPreviewImage({ ...jane, name: ' ', profession: ' ', headline: ' ', location: ' ', siteName: ' ' });
    const filled = await renderPreviewImage(jane);
    const inked = async (png: Buffer) => (await sharp(png).stats()).channels[0]!.stdev;
    expect(await inked(filled)).toBeGreaterThan((await inked(blank)) + 10);
  });

  it('shows the photo when there is one, cropped to a circle', async () => {
    const photo = await sharp({ create: { width: 300, height: 420, channels: 3, background: '#e0a050' } }).jpeg().toBuffer();
    const png = await renderPreviewImage({ ...jane, photo });
    expect(await sharp(png).metadata()).toMatchObject({ width: 1200, height: 630 });
    // As many photo-coloured pixels as a circle 280 pixels across holds, not a square's worth.
    const { data } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    let photoPixels = 0;
    for (let i = 0; i < data.length; i += 3) {
      if (Math.abs(data[i]! - 0xe0) < 8 && Math.abs(data[i + 1]! - 0xa0) < 8 && Math.abs(data[i + 2]! - 0x50) < 8) photoPixels += 1;
    }
    expect(photoPixels).toBeGreaterThan(Math.PI * 140 ** 2 * 0.95);
    expect(photoPixels).toBeLessThan(280 ** 2 * 0.85);
    expect(await pixel(png, 1190, 10)).toBe('#1d5fa8');
  });

  it('writes dark text on a light brand colour, so that it can be read', async () => {
    const png = await renderPreviewImage({ ...jane, brandColour: '#f5d90a' });
    const { channels } = await sharp(png).stats();
    // Dark ink on yellow: the darkest pixels are near black.
    expect(Math.min(...channels.slice(0, 3).map((c) => c.min))).toBeLessThan(60);
  });

  it('leaves out a photo it cannot draw (WebP, AVIF), which the build publishes as a JPEG for it', async () => {
    const webp = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#e0a050' } }).webp().toBuffer();
    const [without, withWebp] = await Promise.all([renderPreviewImage(jane), renderPreviewImage({ ...jane, photo: webp })]);
    expect(Buffer.compare(withWebp, without)).toBe(0);
    expect(previewPhotoPath('/photos/jane.webp')).toBe('/photos/jane.webp.jpg');
    expect(previewPhotoPath('/photos/jane.AVIF')).toBe('/photos/jane.AVIF.jpg');
    expect(previewPhotoPath('/photos/jane.jpeg')).toBe('/photos/jane.jpeg');
    expect(previewPhotoPath('/photos/jane.png')).toBe('/photos/jane.png');
  });

  it('keeps the longest texts the schemas allow inside the margins, beside the photo and without one', async () => {
    const long = (n: number, unit: string) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
    const longest = { name: long(80, 'Wmwm Wwww '), profession: long(80, 'Mmmm Wwww '), location: long(80, 'WWWW mmmm '), headline: long(160, 'Wwwww mmmm '), siteName: long(60, 'WWWWW MMMM '), brandColour: '#1d5fa8' };
    const photo = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#1d5fa8' } }).jpeg().toBuffer();
    for (const [content, right] of [[longest, 1200 - 72], [{ ...longest, photo }, 1200 - 72 - 280 - 56]] as const) {
      const png = await renderPreviewImage(content);
      const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      let inked = 0;
      let outside = 0;
      for (let y = 0; y < info.height; y += 1) {
        for (let x = 0; x < info.width; x += 1) {
          const at = (y * info.width + x) * 3;
          // White text on the blue: any pixel well off the blue is ink (the photo here is the same blue).
          if (data[at]! - 0x1d > 40) {
            inked += 1;
            // Beyond the right margin; beside a photo, also in the gap between text and photo, above the site name (which runs the full width).
            if (x >= 1200 - 72 + 2 || (right < 1200 - 72 && y < 520 && x >= right + 2 && x < right + 56)) outside += 1;
          }
        }
      }
      expect(inked).toBeGreaterThan(20_000);
      expect(outside).toBe(0);
    }
  });
});
