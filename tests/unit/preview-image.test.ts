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
});
