// The brand colour in emails, for whatever colour a fork sets in content/site.json: text, links
// and button labels reach 4.5:1 (WCAG AA) on every light and every dark canvas.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contrast } from '../../src/lib/colour.ts';
import { emailSamples } from '../../src/lib/email/samples.ts';
import { createRenderer } from '../../src/lib/email/render.ts';
import { DARK_CANVASES, emailPalette, LIGHT_CANVASES } from '../../src/lib/email/palette.ts';
import { builtInCopy } from '../../src/lib/domain/emails/index.ts';
import { site } from '../fixtures/domain.ts';

const hex = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }))
  .map((rgb) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`);

function expectReadable(brandColour: string) {
  const { light, dark } = emailPalette(brandColour);
  for (const canvas of LIGHT_CANVASES) expect(contrast(light.brand, canvas), `${brandColour} on ${canvas}`).toBeGreaterThanOrEqual(4.5);
  for (const canvas of DARK_CANVASES) expect(contrast(dark.brand, canvas), `${brandColour} dark on ${canvas}`).toBeGreaterThanOrEqual(4.5);
  expect(contrast(light.onBrand, light.brand)).toBeGreaterThanOrEqual(4.5);
  expect(contrast(dark.onBrand, dark.brand)).toBeGreaterThanOrEqual(4.5);
}

describe('the email palette', () => {
  it.each([
    ['the shipped blue', '#1d5fa8'],
    ['a pale yellow', '#ffe066'],
    ['black', '#000000'],
    ['a near-black, as dark as the dark canvas', '#141414'],
    ['white', '#ffffff'],
    ['a bright red', '#e63946'],
    ['a teal', '#2a9d8f'],
    ['a mid grey', '#7f7f7f'],
    ['a navy that vanishes on a dark canvas', '#0b1f3a'],
  ])('makes %s (%s) readable in both schemes', (_, colour) => {
    expectReadable(colour);
  });

  it('keeps a colour that already reads, and changes only the scheme where it does not', () => {
    // The shipped blue reads on white (6:1) but only 2.9:1 on a dark canvas.
    expect(emailPalette('#1d5fa8').light.brand).toBe('#1d5fa8');
    expect(contrast('#1d5fa8', '#121212')).toBeLessThan(4.5);
    expect(emailPalette('#1d5fa8').dark.brand).not.toBe('#1d5fa8');
  });

  it('holds for any colour a fork might choose', () => {
    fc.assert(fc.property(hex, expectReadable), { numRuns: 300 });
  });

  it('is what the emails use: the light colours inline, the dark ones in the dark-mode styles', () => {
    const colour = '#ffe066';
    const { light, dark } = emailPalette(colour);
    const html = createRenderer({ ...site, brandColour: colour }, 'https://vouch.test', builtInCopy)(emailSamples['provider-alert']).html;
    expect(html).toContain(`background-color:${light.brand}`);
    expect(html).toContain(`color:${light.onBrand}`);
    expect(html).toMatch(new RegExp(`@media \\(prefers-color-scheme:dark\\)\\{[^<]*\\.v-brand\\{color:${dark.brand}!important\\}`));
    expect(html).toContain(`.v-button{background-color:${dark.brand}!important;color:${dark.onBrand}!important}`);
    expect(html).not.toContain('#ffe066;');
  });
});
