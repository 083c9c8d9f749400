// The few parts of a WOFF font the link preview image needs: the font itself as plain OpenType
// (resvg reads TrueType and OpenType, not WOFF), and its metrics (which character has a glyph,
// how wide each is, how tall a line is), so that text is wrapped and clamped here with the
// same widths resvg then draws it with.
import { inflateSync } from 'node:zlib';

/** A font as resvg takes it, with what measuring text in it needs. */
export type Font = {
  /** The font as OpenType (sfnt) bytes. */
  sfnt: Uint8Array;
  unitsPerEm: number;
  /** hhea's ascender and descender (descender negative), in font units. */
  ascender: number;
  descender: number;
  /** The glyph of a code point (0, `.notdef`, if the font has none). */
  glyphOf: (codePoint: number) => number;
  /** A glyph's advance width, in font units. */
  advanceOf: (glyph: number) => number;
};

type Table = { tag: string; offset: number; compressed: number; length: number; checksum: number };

/** The font in a WOFF 1.0 file (tables zlib-compressed one by one), as OpenType bytes: the same tables, inflated. */
export function sfntFromWoff(woff: Uint8Array): Uint8Array {
  const view = new DataView(woff.buffer, woff.byteOffset, woff.byteLength);
  if (view.getUint32(0) !== 0x774f4646) throw new Error('not a WOFF 1.0 font');
  const count = view.getUint16(12);
  const tables: Table[] = Array.from({ length: count }, (_, i) => {
    const at = 44 + 20 * i;
    return {
      tag: String.fromCharCode(...woff.subarray(at, at + 4)),
      offset: view.getUint32(at + 4),
      compressed: view.getUint32(at + 8),
      length: view.getUint32(at + 12),
      checksum: view.getUint32(at + 16),
    };
  });
  const padded = (n: number) => (n + 3) & ~3;
  const sfnt = new Uint8Array(12 + 16 * count + tables.reduce((sum, t) => sum + padded(t.length), 0));
  const out = new DataView(sfnt.buffer);
  const power = 2 ** Math.floor(Math.log2(count));
  out.setUint32(0, view.getUint32(4));
  out.setUint16(4, count);
  out.setUint16(6, 16 * power);
  out.setUint16(8, Math.log2(power));
  out.setUint16(10, 16 * count - 16 * power);
  let at = 12 + 16 * count;
  tables.forEach((table, i) => {
    const stored = woff.subarray(table.offset, table.offset + table.compressed);
    const data = table.compressed < table.length ? inflateSync(stored) : stored;
    if (data.length !== table.length) throw new Error(`WOFF table ${table.tag} inflates to ${data.length} bytes, not ${table.length}`);
    sfnt.set(data, at);
    for (let c = 0; c < 4; c += 1) out.setUint8(12 + 16 * i + c, table.tag.charCodeAt(c));
    out.setUint32(12 + 16 * i + 4, table.checksum);
    out.setUint32(12 + 16 * i + 8, at);
    out.setUint32(12 + 16 * i + 12, table.length);
    at += padded(table.length);
  });
  return sfnt;
}

/** A cmap subtable's code point → glyph lookup (formats 4 and 12, the ones fonts for Unicode text carry). */
function cmapLookup(view: DataView, at: number): ((codePoint: number) => number) | undefined {
  const format = view.getUint16(at);
  if (format === 4) {
    const segments = view.getUint16(at + 6) / 2;
    const ends = at + 14;
    const starts = ends + 2 * segments + 2;
    const deltas = starts + 2 * segments;
    const ranges = deltas + 2 * segments;
    return (codePoint) => {
      if (codePoint > 0xffff) return 0;
      for (let i = 0; i < segments; i += 1) {
        if (codePoint > view.getUint16(ends + 2 * i)) continue;
        const start = view.getUint16(starts + 2 * i);
        if (codePoint < start) return 0;
        const delta = view.getInt16(deltas + 2 * i);
        const range = view.getUint16(ranges + 2 * i);
        if (range === 0) return (codePoint + delta) & 0xffff;
        const glyph = view.getUint16(ranges + 2 * i + range + 2 * (codePoint - start));
        return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
      }
      return 0;
    };
  }
  if (format === 12) {
    const groups = view.getUint32(at + 12);
    return (codePoint) => {
      for (let i = 0; i < groups; i += 1) {
        const group = at + 16 + 12 * i;
        const start = view.getUint32(group);
        if (codePoint >= start && codePoint <= view.getUint32(group + 4)) return view.getUint32(group + 8) + codePoint - start;
      }
      return 0;
    };
  }
  return undefined;
}

/** Reads an OpenType font's metrics (head, hhea, hmtx, cmap). */
export function parseFont(sfnt: Uint8Array): Font {
  const view = new DataView(sfnt.buffer, sfnt.byteOffset, sfnt.byteLength);
  const tables = new Map<string, number>();
  for (let i = 0; i < view.getUint16(4); i += 1) {
    const at = 12 + 16 * i;
    tables.set(String.fromCharCode(...sfnt.subarray(at, at + 4)), view.getUint32(at + 8));
  }
  const table = (tag: string): number => {
    const at = tables.get(tag);
    if (at === undefined) throw new Error(`the font has no ${tag} table`);
    return at;
  };
  const head = table('head');
  const hhea = table('hhea');
  const hmtx = table('hmtx');
  const cmap = table('cmap');
  const longMetrics = view.getUint16(hhea + 34);
  let glyphOf: ((codePoint: number) => number) | undefined;
  // Unicode subtables, the full repertoire (format 12) first.
  const subtables = Array.from({ length: view.getUint16(cmap + 2) }, (_, i) => ({
    platform: view.getUint16(cmap + 4 + 8 * i),
    encoding: view.getUint16(cmap + 6 + 8 * i),
    at: cmap + view.getUint32(cmap + 8 + 8 * i),
  }))
    .filter(({ platform, encoding }) => platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10)))
    .sort((a, b) => view.getUint16(b.at) - view.getUint16(a.at));
  for (const { at } of subtables) glyphOf ??= cmapLookup(view, at);
  if (!glyphOf) throw new Error('the font has no Unicode cmap of format 4 or 12');
  return {
    sfnt,
    unitsPerEm: view.getUint16(head + 18),
    ascender: view.getInt16(hhea + 4),
    descender: view.getInt16(hhea + 6),
    glyphOf,
    advanceOf: (glyph) => view.getUint16(hmtx + 4 * Math.min(glyph, longMetrics - 1)),
  };
}
