// The link preview image of a provider (Open Graph, Twitter card): rendered on request by netlify/functions/og.ts
// as an SVG written here, lines broken by our own measurement of the font (text-layout.ts, font.ts),
// then drawn by resvg (text included, as WebAssembly: no native module to ship) and encoded by png.ts.
// The fonts come from an npm package, so that the image is the same on any machine, with or without system fonts.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { textOn } from '../colour.ts';
import { findUp } from '../find-up.ts';
import { type Font, parseFont, sfntFromWoff } from './font.ts';
import { encodePng } from './png.ts';
import { type Measure, plainText, wrapText } from './text-layout.ts';

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

type Weight = 400 | 700;
/** Latin, and Latin Extended (the accented names of most European languages), which is read only when a text needs it. */
type Subset = 'latin' | 'latin-ext';
const loaded = new Map<string, Promise<Font>>();

function loadFont(subset: Subset, weight: Weight): Promise<Font> {
  const file = `@fontsource/inter/files/inter-${subset}-${weight}-normal.woff`;
  let font = loaded.get(file);
  if (!font) {
    font = readFile(packageFile(file)).then((woff) => parseFont(sfntFromWoff(woff)));
    loaded.set(file, font);
  }
  return font;
}

let resvg: Promise<void> | undefined;

/** Compiles resvg's WebAssembly once per instance (about 2.4 MB; it may be initialised only once). */
const loadResvg = (): Promise<void> => (resvg ??= readFile(packageFile('@resvg/resvg-wasm/index_bg.wasm')).then((wasm) => initWasm(wasm)));

/** JPEG, PNG and GIF, by their first bytes: the formats resvg draws. */
function drawable(bytes: Uint8Array): boolean {
  const starts = (...magic: number[]) => magic.every((byte, i) => bytes[i] === byte);
  return starts(0xff, 0xd8, 0xff) || starts(0x89, 0x50, 0x4e, 0x47) || starts(0x47, 0x49, 0x46, 0x38);
}

/** Text for an SVG element or attribute. */
export const xml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** How text in a set of fonts (the first that has a character draws it, as resvg falls back) is measured and placed. */
export type Typeface = {
  fonts: Font[];
  /** The text with what no font draws replaced by its compatibility form if that is drawn (ﬁ → fi), else left out: resvg would draw a box reading "NO GLYPH". */
  drawn: (text: string) => string;
  measure: (size: number) => Measure;
  lineHeight: (size: number) => number;
  baseline: (size: number, lineHeight: number) => number;
};

/** A typeface from fonts of one weight, in the order resvg is to fall back through them. */
export function typeface(fonts: Font[]): Typeface {
  const [first] = fonts;
  if (!first) throw new Error('a typeface needs a font');
  const em = (font: Font) => 1 / font.unitsPerEm;
  const width = new Map<string, number>();
  /** A character's advance in ems; a character no font has takes the width of the first font's .notdef, which resvg draws for it. */
  const advance = (char: string): number => {
    let ems = width.get(char);
    if (ems === undefined) {
      const codePoint = char.codePointAt(0)!;
      const font = fonts.find((f) => f.glyphOf(codePoint) !== 0) ?? first;
      ems = font.advanceOf(font.glyphOf(codePoint)) * em(font);
      width.set(char, ems);
    }
    return ems;
  };
  const content = (first.ascender - first.descender) * em(first);
  const has = (char: string) => fonts.some((f) => f.glyphOf(char.codePointAt(0)!) !== 0);
  return {
    fonts,
    drawn: (text) =>
      plainText(
        [...text]
          .map((char) => {
            if (char.trim() === '' || has(char)) return char;
            const compatible = char.normalize('NFKC');
            return [...compatible].every(has) ? compatible : '';
          })
          .join(''),
      ),
    measure: (size) => (text) => {
      let ems = 0;
      for (const char of text) ems += advance(char);
      return ems * size;
    },
    lineHeight: (size) => content * size,
    // CSS's half-leading: the line's extra height shared above and below the glyphs.
    baseline: (size, lineHeight) => (lineHeight - content * size) / 2 + first.ascender * em(first) * size,
  };
}

/** The typefaces a set of texts needs: Latin Extended only if a character is not in the Latin fonts. */
async function typefacesFor(texts: string[]): Promise<Record<Weight, Typeface>> {
  const [regular, bold] = await Promise.all([loadFont('latin', 400), loadFont('latin', 700)]);
  const extended = texts.some((text) => [...text].some((char) => char.trim() !== '' && regular.glyphOf(char.codePointAt(0)!) === 0));
  if (!extended) return { 400: typeface([regular]), 700: typeface([bold]) };
  const [regularExt, boldExt] = await Promise.all([loadFont('latin-ext', 400), loadFont('latin-ext', 700)]);
  return { 400: typeface([regular, regularExt]), 700: typeface([bold, boldExt]) };
}

/** A block of text: its lines, set in one size and weight. */
type Block = { lines: string[]; size: number; weight: Weight; lineHeight: number; marginTop: number; opacity?: number };

const PAD = 72;
/**
 * The address the SVG gives the photo: resvg lists an image at an http(s) address for its caller
 * to supply (`resolveImage`) and fetches nothing itself, so the bytes go in without a data: URL.
 * `.invalid` is reserved: the address can name nothing real.
 */
const PHOTO_HREF = 'https://photo.invalid/photo';
const PHOTO = 280;
const GAP = 56;

/** The SVG of a preview, with the widths of `faces`; the photo, if any, is the image at `PHOTO_HREF`, supplied when it is drawn. */
export function previewSvg(content: Omit<PreviewContent, 'photo'>, faces: Record<Weight, Typeface>, withPhoto: boolean): string {
  const { width: W, height: H } = PREVIEW_SIZE;
  const ink = textOn(content.brandColour);
  const textWidth = W - 2 * PAD - (withPhoto ? PHOTO + GAP : 0);
  const block = (text: string, size: number, weight: Weight, maxLines: number, lineHeight: number, marginTop: number, opacity?: number): Block => ({
    lines: wrapText(text, textWidth, maxLines, faces[weight].measure(size)),
    size,
    weight,
    lineHeight,
    marginTop,
    ...(opacity === undefined ? {} : { opacity }),
  });
  // Clamped, so that the longest name and headline content allows still fit the image.
  const blocks = [
    block(content.name, 72, 700, 2, 72 * 1.1, 0),
    block(`${content.profession} · ${content.location}`, 34, 400, 2, faces[400].lineHeight(34), 16, 0.9),
    block(content.headline, 38, 400, 3, 38 * 1.3, 40),
  ];
  const textHeight = blocks.reduce((sum, b) => sum + (b.lines.length > 0 ? b.marginTop + b.lines.length * b.lineHeight : 0), 0);
  const rowHeight = Math.max(textHeight, withPhoto ? PHOTO : 0);
  const parts: string[] = [];
  let top = PAD + (rowHeight - textHeight) / 2;
  const line = (text: string, x: number, lineTop: number, b: Pick<Block, 'size' | 'weight' | 'lineHeight' | 'opacity'>) => {
    const y = lineTop + faces[b.weight].baseline(b.size, b.lineHeight);
    const opacity = b.opacity === undefined ? '' : ` fill-opacity="${b.opacity}"`;
    return `<text x="${x}" y="${y.toFixed(2)}" font-size="${b.size}" font-weight="${b.weight}"${opacity}>${xml(text)}</text>`;
  };
  for (const b of blocks) {
    if (b.lines.length === 0) continue;
    top += b.marginTop;
    for (const text of b.lines) {
      parts.push(line(text, PAD, top, b));
      top += b.lineHeight;
    }
  }
  const site = { size: 28, weight: 700 as const, lineHeight: faces[700].lineHeight(28), opacity: 0.9 };
  const [siteName] = wrapText(content.siteName, W - 2 * PAD, 1, faces[700].measure(site.size));
  if (siteName) parts.push(line(siteName, PAD, H - PAD - site.lineHeight, site));
  let photo = '';
  if (withPhoto) {
    const [x, y] = [W - PAD - PHOTO, PAD + (rowHeight - PHOTO) / 2];
    photo =
      `<clipPath id="circle"><circle cx="${x + PHOTO / 2}" cy="${y + PHOTO / 2}" r="${PHOTO / 2}"/></clipPath>` +
      `<image href="${PHOTO_HREF}" x="${x}" y="${y}" width="${PHOTO}" height="${PHOTO}" preserveAspectRatio="xMidYMid slice" clip-path="url(#circle)"/>`;
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">` +
    `<rect width="${W}" height="${H}" fill="${xml(content.brandColour)}"/>${photo}` +
    `<g fill="${xml(ink)}" font-family="Inter">${parts.join('')}</g></svg>`
  );
}

/** Starts reading what every image needs (resvg's WebAssembly, the Latin fonts), so that it loads while the caller fetches the photo. */
export function preparePreviewImage(): void {
  // A failure is not lost: renderPreviewImage awaits the same promises and throws it.
  void loadResvg().catch(() => undefined);
  void loadFont('latin', 400).catch(() => undefined);
  void loadFont('latin', 700).catch(() => undefined);
}

/** A 1200×630 PNG: the provider's name, trade, headline and photo on the site's brand colour. */
export async function renderPreviewImage(content: PreviewContent): Promise<Buffer> {
  const ready = loadResvg();
  const { photo, ...rest } = content;
  const faces = await typefacesFor([rest.name, rest.profession, rest.location, rest.headline, rest.siteName].map(plainText));
  const drawn = faces[400].drawn;
  const text = { ...rest, name: drawn(rest.name), profession: drawn(rest.profession), location: drawn(rest.location), headline: drawn(rest.headline), siteName: drawn(rest.siteName) };
  const withPhoto = photo !== undefined && drawable(photo);
  const svg = previewSvg(text, faces, withPhoto);
  await ready;
  // Only the fonts measured here: resvg is told not to look for the system's.
  const fontBuffers = [...new Set([...faces[400].fonts, ...faces[700].fonts])].map((font) => font.sfnt);
  const rendered = new Resvg(svg, { fitTo: { mode: 'original' }, font: { fontBuffers, defaultFontFamily: 'Inter' } });
  try {
    if (withPhoto) rendered.resolveImage(PHOTO_HREF, photo);
    const image = rendered.render();
    try {
      return encodePng(image.pixels, image.width, image.height);
    } finally {
      image.free();
    }
  } finally {
    rendered.free();
  }
}
