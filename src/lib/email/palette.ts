import { contrast, readableOn, textOn } from '../colour.ts';

/** Light canvases a mail client may put an email on: our own page, and the panel greys of webmail. */
export const LIGHT_CANVASES = ['#ffffff', '#f6f7f9'] as const;
/** Dark canvases of the clients that have a dark mode: ours, Gmail's, Apple Mail's, Outlook's. */
export const DARK_CANVASES = ['#121212', '#1e1e1e', '#202124', '#1f1f1f'] as const;

/** The colours of one scheme: the brand colour for text and links and a button's fill with the text on it, the canvas, body and muted text, and the footer's rule. */
export type SchemeColours = { brand: string; onBrand: string; canvas: string; text: string; muted: string; line: string };

/** The colours of an email in both schemes, derived from the site's `brandColour`. */
export type Palette = { light: SchemeColours; dark: SchemeColours };

/** The canvas among `canvases` on which a colour reads worst against `towards`. */
const hardest = (canvases: readonly string[], towards: string): string =>
  [...canvases].sort((a, b) => contrast(a, towards) - contrast(b, towards))[0]!;

/** Button text: white or near-black where it reads at 4.5:1 on the fill, else the canvas colour (which does by construction). */
const onFill = (fill: string, canvas: string): string => (contrast(textOn(fill), fill) >= 4.5 ? textOn(fill) : canvas);

const palettes = new Map<string, Palette>();

/**
 * The brand colour nudged, separately for light and dark canvases, just enough that text and
 * links in it reach 4.5:1 (WCAG AA) on every canvas of that scheme: darker for light mode,
 * lighter for dark mode. A fork's colour is used as it is wherever it already reads.
 */
export function emailPalette(brandColour: string): Palette {
  const colour = brandColour.toLowerCase();
  let palette = palettes.get(colour);
  if (!palette) {
    const lightCanvas = hardest(LIGHT_CANVASES, '#000000');
    const darkCanvas = hardest(DARK_CANVASES, '#ffffff');
    const light = readableOn(colour, lightCanvas, '#000000');
    const dark = readableOn(colour, darkCanvas, '#ffffff');
    palette = {
      light: { brand: light, onBrand: onFill(light, '#ffffff'), canvas: '#ffffff', text: '#1b1f24', muted: '#555d66', line: '#d0d4d9' },
      dark: { brand: dark, onBrand: onFill(dark, '#121212'), canvas: '#121212', text: '#e8eaed', muted: '#b4bac1', line: '#3c4043' },
    };
    palettes.set(colour, palette);
  }
  return palette;
}
