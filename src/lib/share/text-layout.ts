// Line breaking for the link preview image, which is drawn as SVG (one <text> a line) and so has no
// layout engine: words are set greedily into lines no wider than asked, a word wider than a line
// is broken between characters, and what does not fit in the lines allowed ends in an ellipsis.

/** The width of a string as it will be drawn, in pixels. */
export type Measure = (text: string) => number;

export const ELLIPSIS = '…';

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Characters XML 1.0 cannot hold (controls, lone surrogates, U+FFFE/U+FFFF); whitespace runs become one space. */
export function plainText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]|\p{Cs}/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The text, split where a line may break: after a space or a hyphen. Each piece keeps its trailing space. */
const pieces = (text: string): string[] => text.match(/[^ \-‐–—/]*(?:[\-‐–—/]+ *| +|$)/g)?.filter(Boolean) ?? [];

/** The longest start of `text` (whole characters) that fits `width` with `suffix` after it. */
function fitting(text: string, width: number, measure: Measure, suffix = ''): string {
  let fit = '';
  for (const { segment } of graphemes.segment(text)) {
    if (measure(`${fit}${segment}`.trimEnd() + suffix) > width) break;
    fit += segment;
  }
  return fit;
}

/**
 * `text` in at most `maxLines` lines, none wider than `width` by `measure`; if it does not fit,
 * the last line ends in an ellipsis. No lines for blank text.
 */
export function wrapText(text: string, width: number, maxLines: number, measure: Measure): string[] {
  const lines: string[] = [];
  let line = '';
  const rest = [...pieces(plainText(text))];
  while (rest.length > 0) {
    const piece = rest.shift()!;
    if (measure(`${line}${piece}`.trimEnd()) <= width) {
      line += piece;
      continue;
    }
    if (line !== '') {
      lines.push(line.trimEnd());
      line = '';
      rest.unshift(piece);
      continue;
    }
    // A piece wider than a whole line: as much of it as fits, the rest on the next line.
    const head = fitting(piece, width, measure) || [...graphemes.segment(piece)][0]!.segment;
    lines.push(head.trimEnd());
    rest.unshift(piece.slice(head.length));
  }
  if (line.trimEnd() !== '') lines.push(line.trimEnd());
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${fitting(kept[maxLines - 1]!, width, measure, ELLIPSIS).trimEnd()}${ELLIPSIS}`;
  return kept;
}
