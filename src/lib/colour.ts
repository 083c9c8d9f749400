type Rgb = [number, number, number];

const parse = (hex: string): Rgb => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as Rgb;
const format = (rgb: Rgb): string => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(parse(a)), luminance(parse(b))].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const mix = (a: string, b: string, t: number): string => {
  const [x, y] = [parse(a), parse(b)];
  return format([0, 1, 2].map((i) => x[i]! + (y[i]! - x[i]!) * t) as Rgb);
};

/** The brand colour moved towards `towards` just enough to reach 4.5:1 against `background`. */
export function readableOn(brand: string, background: string, towards: string): string {
  for (let t = 0; t <= 1; t += 0.05) {
    const candidate = mix(brand, towards, t);
    if (contrast(candidate, background) >= 4.5) return candidate;
  }
  return towards;
}

/** White or near-black, whichever reads better on the brand colour. */
export const textOn = (brand: string): string => (contrast(brand, '#ffffff') >= contrast(brand, '#1b1f24') ? '#ffffff' : '#1b1f24');

const LIGHT_PAGE = '#ffffff';
const DARK_PAGE = '#0f1419';
const brandCss = new Map<string, string>();

/**
 * The CSS variables of a brand colour for both colour schemes: the colour nudged where needed
 * so that text and links keep 4.5:1 contrast, and button text that reads on it. Computed once
 * per colour, not once per page.
 */
export function brandVariables(brandColour: string): string {
  let css = brandCss.get(brandColour);
  if (css === undefined) {
    // Button text: the page's own background reads at 4.5:1 on the nudged brand by construction;
    // white or near-black only where they read better (on a mid-tone blue in the dark scheme, neither reaches 4.5:1).
    const onBrand = (brand: string, page: string) => (contrast(textOn(brand), brand) >= contrast(page, brand) ? textOn(brand) : page);
    const scheme = (page: string, towards: string) => {
      const brand = readableOn(brandColour, page, towards);
      return `--brand:${brand};--link:${brand};--on-brand:${onBrand(brand, page)}`;
    };
    css = `:root{${scheme(LIGHT_PAGE, '#000000')}}@media (prefers-color-scheme:dark){:root{${scheme(DARK_PAGE, '#ffffff')}}}`;
    brandCss.set(brandColour, css);
  }
  return css;
}
