import { readFile } from 'node:fs/promises';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseFont, sfntFromWoff, type Font } from '../../src/lib/share/font.ts';
import { previewSvg, type Typeface, typeface, xml } from '../../src/lib/share/preview-image.ts';
import { ELLIPSIS, plainText, wrapText } from '../../src/lib/share/text-layout.ts';

const font = async (subset: string, weight: number): Promise<Font> =>
  parseFont(sfntFromWoff(await readFile(`node_modules/@fontsource/inter/files/inter-${subset}-${weight}-normal.woff`)));

let faces: Record<400 | 700, Typeface>;
beforeAll(async () => {
  const [regular, regularExt, bold, boldExt] = await Promise.all([font('latin', 400), font('latin-ext', 400), font('latin', 700), font('latin-ext', 700)]);
  faces = { 400: typeface([regular, regularExt]), 700: typeface([bold, boldExt]) };
});

/** One pixel per character: easy widths to reason about. */
const mono = (text: string) => [...text].length;

describe('line breaking for the preview image', () => {
  it('breaks between words, never wider than asked', () => {
    expect(wrapText('Clear fee-based planning for families', 16, 5, mono)).toEqual(['Clear fee-based', 'planning for', 'families']);
  });

  it('clamps to the lines allowed, the last ending in an ellipsis that still fits', () => {
    const lines = wrapText('one two three four five six seven eight', 10, 2, mono);
    expect(lines).toEqual(['one two', `three fou${ELLIPSIS}`]);
    for (const line of lines) expect(mono(line)).toBeLessThanOrEqual(10);
  });

  it('breaks a word wider than a line between characters', () => {
    expect(wrapText('a'.repeat(25), 10, 5, mono)).toEqual(['a'.repeat(10), 'a'.repeat(10), 'a'.repeat(5)]);
  });

  it('keeps a letter and its accent together and collapses whitespace', () => {
    expect(plainText('  Zoe\u0308\t\n Smith\u0007 ')).toBe('Zoë Smith');
    expect(wrapText('e\u0301e\u0301e\u0301e\u0301', 2, 3, mono)).toEqual(['éé', 'éé']);
  });

  it('gives blank text no lines', () => {
    expect(wrapText('   ', 100, 2, mono)).toEqual([]);
  });

  it("clamps a 120-character unbroken name in Inter Bold to two lines inside the name's width", () => {
    const measure = faces[700].measure(72);
    const lines = wrapText('W'.repeat(120), 1056, 2, measure);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.endsWith(ELLIPSIS)).toBe(true);
    for (const line of lines) expect(measure(line)).toBeLessThanOrEqual(1056);
    // Nearly full: the measurement is of real glyphs, not a guess that leaves half the line empty.
    expect(measure(lines[0]!)).toBeGreaterThan(1056 - measure('W'));
  });

  it('measures accented Latin Extended letters from the extended font, and wider letters as wider', () => {
    const measure = faces[400].measure(38);
    expect(measure('Ł')).toBeGreaterThan(0);
    expect(measure('Łukasz Żółkiewski-Ağaoğlu')).toBeGreaterThan(measure('Lukasz Zolkiewski-Agaoglu') - 1);
    expect(measure('W')).toBeGreaterThan(measure('i'));
  });

  it('leaves out characters no font draws, and uses the compatibility form where that is drawn', () => {
    expect(faces[400].drawn('ﬁnal 王 😀 Ångström')).toBe('final Ångström');
  });
});

describe('the preview SVG', () => {
  beforeAll(async () => {
    await initWasm(await readFile('node_modules/@resvg/resvg-wasm/index_bg.wasm'));
  });

  it('escapes text for XML', () => {
    expect(xml(`Tom & "Jerry" <'s>`)).toBe('Tom &amp; &quot;Jerry&quot; &lt;&apos;s&gt;');
  });

  it('keeps a name with & < > " \' as text in a valid SVG', () => {
    const name = `A&B <script>"x"</script> 'q'`;
    const svg = previewSvg({ name, profession: 'P&L <adviser>', headline: '1 < 2 && 3 > 2', location: 'Here', siteName: 'S&S', brandColour: '#1d5fa8' }, faces, false);
    expect(svg).not.toContain('<script>');
    const unescape = (text: string) => text.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);
    const texts = [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => unescape(m[1]!));
    expect(texts).toEqual([name, 'P&L <adviser> · Here', '1 < 2 && 3 > 2', 'S&S']);
    // resvg's XML parser reads it, and draws every line (as one group of glyph outlines each).
    const parsed = new Resvg(svg, { font: { fontBuffers: faces[400].fonts.concat(faces[700].fonts).map((f) => f.sfnt), defaultFontFamily: 'Inter' } });
    expect(parsed.width).toBe(1200);
    expect(parsed.toString().match(/<path fill="#ffffff"/g)).toHaveLength(4);
    parsed.free();
  });

  it('sets the longest texts the schemas allow inside the image, clamped', () => {
    const long = (n: number, unit: string) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
    const content = { name: long(80, 'Wmwm Wwww '), profession: long(80, 'Mmmm Wwww '), location: long(80, 'WWWW mmmm '), headline: long(160, 'Wwwww mmmm '), siteName: long(60, 'WWWWW MMMM '), brandColour: '#f5d90a' };
    for (const withPhoto of [false, true]) {
      const svg = previewSvg(content, faces, withPhoto);
      const texts = [...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)" font-size="(\d+)" font-weight="(\d+)"[^>]*>([^<]*)<\/text>/g)];
      expect(texts.map((t) => Number(t[3]))).toEqual([72, 72, 34, 34, 38, 38, 38, 28]);
      const right = withPhoto ? 1200 - 72 - 280 - 56 : 1200 - 72;
      for (const [, x, y, size, weight, text] of texts) {
        const width = faces[Number(weight) as 400 | 700].measure(Number(size))(text!.replace(/&amp;/g, '&'));
        expect(Number(x) + width).toBeLessThanOrEqual(Number(size) === 28 ? 1200 - 72 : right);
        expect(Number(y)).toBeLessThan(630 - 72 + 1);
      }
      expect(texts.filter((t) => t[5]!.endsWith(ELLIPSIS))).toHaveLength(4);
    }
  });
});
