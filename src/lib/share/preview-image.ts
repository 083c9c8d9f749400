// The link preview image of a provider (Open Graph, Twitter card): rendered on request by netlify/functions/og.ts
// with satori (layout and text as vector paths) and resvg (the SVG to PNG, as WebAssembly: no native
// module to ship). The fonts come from an npm package, so that the image is the same on any machine,
// with or without system fonts.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import satori from 'satori';
import { textOn } from '../colour.ts';
import { findUp } from '../find-up.ts';

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
  /** The provider's photo: the bytes of a JPEG, PNG or GIF file (see `previewPhotoPath` in preview-photo.ts); anything else is left out. */
  photo?: Uint8Array;
};

/** A file of an npm package, found from this module up (`findUp`), as deployed with the function (netlify.toml's `included_files`). */
function packageFile(path: string): string {
  const found = findUp(`node_modules/${path}`, fileURLToPath(import.meta.url));
  if (!found) throw new Error(`node_modules/${path} is missing: the preview image function needs it (netlify.toml, [functions.og])`);
  return found;
}

type Font = { name: string; data: Buffer; weight: 400 | 700; style: 'normal' };
let fonts: Promise<Font[]> | undefined;

// woff, not woff2: satori reads TrueType, OpenType and WOFF only. Latin and Latin Extended
// cover the accented names of most European languages.
function loadFonts(): Promise<Font[]> {
  fonts ??= Promise.all(
    (['latin', 'latin-ext'] as const).flatMap((subset) =>
      ([400, 700] as const).map(async (weight) => ({
        name: subset === 'latin' ? 'Inter' : 'Inter Extended',
        weight,
        style: 'normal' as const,
        data: await readFile(packageFile(`@fontsource/inter/files/inter-${subset}-${weight}-normal.woff`)),
      })),
    ),
  );
  return fonts;
}

let resvg: Promise<void> | undefined;

/** Compiles resvg's WebAssembly once per instance (about 2.4 MB; it may be initialised only once). */
const loadResvg = (): Promise<void> => (resvg ??= readFile(packageFile('@resvg/resvg-wasm/index_bg.wasm')).then((wasm) => initWasm(wasm)));

/** JPEG, PNG and GIF, by their first bytes: the formats both satori and resvg draw. */
function drawable(bytes: Uint8Array): boolean {
  const starts = (...magic: number[]) => magic.every((byte, i) => bytes[i] === byte);
  return starts(0xff, 0xd8, 0xff) || starts(0x89, 0x50, 0x4e, 0x47) || starts(0x47, 0x49, 0x46, 0x38);
}

type Node = { type: string; props: Record<string, unknown> & { style?: Record<string, unknown>; children?: unknown } };
const el = (type: string, style: Record<string, unknown>, children?: unknown, props: Record<string, unknown> = {}): Node => ({
  type,
  props: { ...props, style, children },
});

/** A 1200×630 PNG: the provider's name, trade, headline and photo on the site's brand colour. */
export async function renderPreviewImage(content: PreviewContent): Promise<Buffer> {
  const ready = loadResvg();
  const ink = textOn(content.brandColour);
  const photoSize = 280;
  const gap = 56;
  const inner = PREVIEW_SIZE.width - 2 * 72;
  const photo =
    content.photo && drawable(content.photo)
      ? el('img', { width: photoSize, height: photoSize, borderRadius: photoSize / 2, objectFit: 'cover', flexShrink: 0 }, undefined, {
          // satori takes the file's bytes and embeds them; resvg scales and crops them to the circle.
          src: content.photo.slice().buffer,
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
  await ready;
  // Text is already paths: resvg needs no fonts, so it is told not to look for the system's.
  const rendered = new Resvg(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: false } });
  try {
    return Buffer.from(rendered.render().asPng());
  } finally {
    rendered.free();
  }
}
