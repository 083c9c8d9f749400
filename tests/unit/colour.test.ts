import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contrast, readableOn, textOn } from '../../src/lib/colour.ts';

const hex = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }))
  .map((rgb) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`);

describe('contrast', () => {
  it('follows WCAG: black on white is 21:1, a colour on itself 1:1, order does not matter', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#1d5fa8', '#1d5fa8')).toBeCloseTo(1, 5);
    expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrast('#ffffff', '#767676')).toBe(contrast('#767676', '#ffffff'));
  });
});

describe('readableOn', () => {
  it.each([
    ['a pale yellow on white', '#ffe066', '#ffffff', '#000000'],
    ['a light blue on white', '#66b3ff', '#ffffff', '#000000'],
    ['a dark blue on a dark page', '#1d5fa8', '#0f1419', '#ffffff'],
    ['pure black on a dark page', '#000000', '#0f1419', '#ffffff'],
  ])('makes %s reach 4.5:1', (_, brand, background, towards) => {
    const colour = readableOn(brand, background, towards);
    expect(colour).toMatch(/^#[0-9a-f]{6}$/);
    expect(contrast(colour, background)).toBeGreaterThanOrEqual(4.5);
  });

  it('leaves a brand colour that is already readable unchanged', () => {
    expect(readableOn('#1d5fa8', '#ffffff', '#000000')).toBe('#1d5fa8');
  });

  it('reaches 4.5:1 for any brand colour on the light and the dark page', () => {
    fc.assert(
      fc.property(hex, (brand) => {
        expect(contrast(readableOn(brand, '#ffffff', '#000000'), '#ffffff')).toBeGreaterThanOrEqual(4.5);
        expect(contrast(readableOn(brand, '#0f1419', '#ffffff'), '#0f1419')).toBeGreaterThanOrEqual(4.5);
      }),
    );
  });

  it('moves the colour no further than needed: a little less would not be readable', () => {
    const colour = readableOn('#ffe066', '#ffffff', '#000000');
    expect(colour).not.toBe('#000000');
    expect(contrast(colour, '#ffffff')).toBeLessThan(6);
  });
});

describe('textOn', () => {
  it.each([
    ['#1d5fa8', '#ffffff'],
    ['#000000', '#ffffff'],
    ['#ffe066', '#1b1f24'],
    ['#ffffff', '#1b1f24'],
  ])('puts %s buttons with %s text', (brand, text) => {
    expect(textOn(brand)).toBe(text);
  });

  it('always picks the more readable of the two text colours', () => {
    fc.assert(
      fc.property(hex, (brand) => {
        const chosen = textOn(brand);
        const other = chosen === '#ffffff' ? '#1b1f24' : '#ffffff';
        expect(contrast(chosen, brand)).toBeGreaterThanOrEqual(contrast(other, brand));
      }),
    );
  });
});
