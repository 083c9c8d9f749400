// Every page a person can reach, at 320, 390, 768 and 1280 px, light and dark, compared with
// the baselines in screenshots.spec.ts-snapshots/ (taken in Debian's Chromium), and checked
// not to scroll sideways. The data is fixed (support/seed.ts): the longest names the forms
// accept, a year of 200 referrals; what changes from run to run (a referral's age, the port
// in a personal link and its QR code) is masked. A change meant to show: update the baselines
// with `npx playwright test tests/e2e/screenshots.spec.ts --update-snapshots`, in a commit of
// their own. Runs in the javascript project only: the script-free pages look the same.
import type { Page } from '@playwright/test';
import { expect, test } from './support/test.ts';
import { sessionCookieFor } from './support/helpers.ts';
import { janesReferrer, seedScreenshotData, signedToken, waitingReferral } from './support/seed.ts';

const widths = [320, 390, 768, 1280] as const;
const schemes = ['light', 'dark'] as const;

type Shot = { name: string; path: () => Promise<string>; signedIn?: string; ready?: (page: Page) => Promise<void> };

const code = janesReferrer.code;
const pages: Shot[] = [
  { name: 'directory', path: async () => '/' },
  { name: 'provider-jane', path: async () => '/p/jane-okafor/' },
  { name: 'provider-marcus', path: async () => '/p/marcus-lee/' },
  { name: 'provider-sofia', path: async () => '/p/sofia-marin/' },
  { name: 'refer-form', path: async () => '/refer/jane-okafor/' },
  { name: 'link-form', path: async () => '/link/jane-okafor/' },
  { name: 'thanks', path: async () => '/p/jane-okafor/thanks/' },
  { name: 'link-sent', path: async () => '/p/jane-okafor/link-sent/' },
  { name: 'privacy', path: async () => '/privacy/' },
  { name: 'not-found', path: async () => '/no-such-page' },
  { name: 'personal-link', path: async () => `/r/${code}` },
  { name: 'personal-link-form', path: async () => `/refer/jane-okafor/?ref=${code}` },
  {
    name: 'share',
    path: async () => `/share/${code}/`,
    ready: async (page) => expect(page.getByRole('button', { name: 'Copy link' })).toBeVisible(),
  },
  {
    name: 'card',
    path: async () => `/share/${code}/card/`,
    ready: async (page) => expect(page.getByRole('button', { name: 'Print the card' })).toBeVisible(),
  },
  { name: 'referrer-page', path: async () => `/me/${await signedToken('referrer', code)}/` },
  { name: 'dashboard-sign-in', path: async () => '/dashboard/' },
  { name: 'dashboard', path: async () => '/dashboard/', signedIn: 'sofia-marin' },
  { name: 'dashboard-referral', path: async () => `/dashboard/referrals/${waitingReferral.id}/`, signedIn: 'sofia-marin' },
  { name: 'action', path: async () => `/act/${await signedToken('act', `sofia-marin/${waitingReferral.id}`)}/?do=contacted` },
];

/** What differs between runs and machines: a referral's age, and anything holding the site's port. */
const masks = (page: Page) => [
  page.locator('[data-age]'),
  page.locator('#share-link'),
  page.locator('.qr'),
  page.locator('.print-card .code'),
  page.locator('.print-card .link'),
  page.locator('.link-panel .link'),
];

// Four widths of a page in one test, the first of them compiled by the dev server on the way.
test.describe.configure({ timeout: 240_000 });

test.beforeAll(async ({ request }) => {
  // The first write makes the local Blobs server create its folders; then the fixed data goes in.
  const response = await request.post('/api/referrers', {
    data: { provider: 'jane-okafor', name: 'Setup Person', email: 'screenshots.setup@example.com' },
  });
  expect(response.status()).toBe(202);
  await seedScreenshotData();
});

for (const scheme of schemes) {
  test.describe(`${scheme} scheme`, () => {
    test.use({ colorScheme: scheme });
    for (const shot of pages) {
      test(`${shot.name} fits every width without scrolling sideways and looks as it did`, async ({ page, context }) => {
        if (shot.signedIn) await context.addCookies([await sessionCookieFor(shot.signedIn)]);
        const path = await shot.path();
        for (const width of widths) {
          await test.step(`${width} px`, async () => {
            await page.setViewportSize({ width, height: 900 });
            await page.goto(path);
            await shot.ready?.(page);
            await page.evaluate(() => document.fonts.ready);
            await expect.poll(() => page.evaluate(() => [...document.images].every((image) => image.complete && image.naturalWidth > 0))).toBe(true);
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
            expect(overflow, `${path} scrolls sideways at ${width} px`).toBe(0);
            const height = await page.evaluate(() => document.documentElement.scrollHeight);
            await expect(page).toHaveScreenshot(`${shot.name}-${width}-${scheme}.png`, {
              fullPage: true,
              // 200 referrals make a long page: the top (summary, charts, the first referrals) is what is compared.
              ...(height > 6000 ? { clip: { x: 0, y: 0, width, height: 6000 } } : {}),
              mask: masks(page),
              animations: 'disabled',
              maxDiffPixelRatio: 0.002,
            });
          });
        }
      });
    }
  });
}
