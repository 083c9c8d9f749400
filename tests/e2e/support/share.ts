// What the share page's browser tests have in common: reading its links, walking it by keyboard,
// scanning its QR codes.
import jsQR from 'jsqr';
import sharp from 'sharp';
import type { Locator, Page } from '@playwright/test';

/** Jane as her content file describes her. */
export const jane = {
  name: 'Jane Okafor',
  helpsBest:
    'People in their 40s to 60s who want a plan for retirement, and families sorting out pensions, savings and protection after a big change.',
};

/** The text a share link carries in its query parameter, as the app it opens reads it. */
export function carried(href: string, name: string): string | undefined {
  for (const pair of href.slice(href.indexOf('?') + 1).split('&')) {
    const [key, value = ''] = pair.split('=');
    if (key === name) return decodeURIComponent(value);
  }
  return undefined;
}

/** One of the share page's links to send the message. */
export const channel = (page: Page, name: string) => page.getByRole('list', { name: 'Send it' }).getByRole('link', { name, exact: true });

/** Presses Tab until `target` has the focus, as someone without a mouse would; fails if it is never reached. */
export async function tabTo(page: Page, target: Locator, most = 30): Promise<void> {
  for (let i = 0; i < most; i += 1) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`${target} was not reached with the Tab key`);
}

/** Reads a QR code in a screenshot, as a phone's camera would. */
export async function scan(png: Buffer): Promise<string | undefined> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data), info.width, info.height)?.data;
}
