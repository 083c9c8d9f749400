// The link preview image of a provider (Open Graph, Twitter card): rendered on request by netlify/functions/og.ts
// with satori (layout and text as vector paths) and sharp (to PNG). The fonts come from an npm
// package, so that the image is the same on any machine, with or without system fonts.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import satori from 'satori';
import sharp from 'sharp';
import { textOn } from '../colour.ts';

/** The size every link preview uses (1.91:1). */
export const PREVIEW_SIZE = { width: 1200, height: 630 } as const;

/** What a preview shows: a provider and the site, never anything about a referrer. */
export type PreviewContent = {
  name: string;
  profession: string;
  headline: string;
  location: string;
  siteName: string;
  brandColour: string;
  /** The provider's photo, as the bytes of any image file sharp reads. */
  photo?: Uint8Array;
};

type Font = { name: string; data: Buffer; weight: 400 | 700; style: 'normal' };
let fonts: Promise<Font[]> | undefined;

// woff, not woff2: satori reads TrueType, OpenType and WOFF only. Latin and Latin Extended
// cover the accented names of most European languages.
function loadFonts(): Promise<Font[]> {
  const require = createRequire(import.meta.url);
  fonts ??= Promise.all(
    (['latin', 'latin-ext'] as const).flatMap((subset) =>
      ([400, 700] as const).map(async (weight) => ({
        name: subset === 'latin' ? 'Inter' : 'Inter Extended',
        weight,
        style: 'normal' as const,
        data: await readFile(require.resolve(`@fontsource/inter/files/inter-${subset}-${weight}-normal.woff`)),
      })),
    ),
  );
  return fonts;
}

type Node = { type: string; props: Record<string, unknown> & { style?: Record<string, unknown>; children?: unknown } };
const el = (type: string, style: Record<string, unknown>, children?: unknown, props: Record<string, unknown> = {}): Node => ({
  type,
  props: { ...props, style, children },
});

async function photoDataUrl(photo: Uint8Array, size: number): Promise<string> {
  const png = await sharp(photo).resize(size, size, { fit: 'cover' }).png().toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** A 1200×630 PNG: the provider's name, trade, headline and photo on the site's brand colour. */
export async function renderPreviewImage(content: PreviewContent): Promise<Buffer> {
  const ink = textOn(content.brandColour);
  const photoSize = 280;
  const gap = 56;
  const inner = PREVIEW_SIZE.width - 2 * 72;
  const photo = content.photo
    ? el('img', { width: photoSize, height: photoSize, borderRadius: photoSize / 2, flexShrink: 0 }, undefined, {
        src: await photoDataUrl(content.photo, photoSize),
        width: photoSize,
        height: photoSize,
      })
    : undefined;
  const text = el('div', { display: 'flex', flexDirection: 'column', width: photo ? inner - photoSize - gap : inner }, [
    // Clamped, so that the longest name and headline content allows still fit the image.
    el('div', { fontSize: 72, fontWeight: 700, lineHeight: 1.1, lineClamp: 2 }, content.name),
    el('div', { fontSize: 34, marginTop: 16, opacity: 0.9, lineClamp: 2 }, `${content.profession} · ${content.location}`),
    el('div', { fontSize: 38, marginTop: 40, lineHeight: 1.3, lineClamp: 3 }, content.headline),
  ]);
  const tree = el(
    'div',
    {
      width: PREVIEW_SIZE.width,
      height: PREVIEW_SIZE.height,
      display: 'flex',
      flexDirection: 'column',
      justifyContent: 'space-between',
      padding: 72,
      boxSizing: 'border-box',
      background: content.brandColour,
      color: ink,
      fontFamily: 'Inter, Inter Extended',
    },
    [
      el('div', { display: 'flex', alignItems: 'center', gap }, photo ? [text, photo] : [text]),
      el('div', { fontSize: 28, fontWeight: 700, opacity: 0.9 }, content.siteName),
    ],
  );
  // satori's own types want React elements; a plain object of the same shape is what it reads.
  const svg = await satori(tree as never, { ...PREVIEW_SIZE, fonts: await loadFonts() });
  return sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toBuffer();
}
