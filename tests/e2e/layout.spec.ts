// The layout bugs people saw on phones and wide screens, each held by what a person would
// notice: room around the page's content, tables that keep their useful columns, buttons on
// their own line, a card in the middle, an action page that opens on the action clicked.
// Fixed data from support/seed.ts. Runs in the javascript project only (layout is the same).
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/test.ts';
import { sessionCookieFor } from './support/helpers.ts';
import { janesReferrer, seedScreenshotData, signedToken, sofiasReferrals, waitingReferral } from './support/seed.ts';

const box = async (locator: Locator) => (await locator.boundingBox())!;

test.beforeAll(async ({ request }) => {
  const response = await request.post('/api/referrers', {
    data: { provider: 'jane-okafor', name: 'Setup Person', email: 'layout.setup@example.com' },
  });
  expect(response.status()).toBe(202);
  await seedScreenshotData();
});

/** The space between the header and the first thing on the page, and between the last thing and the footer. */
async function breathingRoom(page: Page) {
  return page.evaluate(() => {
    const main = document.querySelector('main')!;
    const first = main.firstElementChild!.getBoundingClientRect();
    const last = main.lastElementChild!.getBoundingClientRect();
    const header = document.querySelector('header.site')!.getBoundingClientRect();
    const footer = document.querySelector('footer.site')!.getBoundingClientRect();
    return { top: first.top - header.bottom, bottom: footer.top - last.bottom };
  });
}

for (const width of [320, 1280]) {
  test(`at ${width} px the first heading and the last element keep their distance from the header and the footer`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    for (const path of ['/', '/p/jane-okafor/', `/r/${janesReferrer.code}`, '/privacy/', '/refer/jane-okafor/']) {
      await page.goto(path);
      const room = await breathingRoom(page);
      expect(room.top, `${path}: space above the first element`).toBeGreaterThanOrEqual(24);
      expect(room.bottom, `${path}: space below the last element`).toBeGreaterThanOrEqual(24);
    }
  });
}

test("on a phone, the referrer's page wraps the personal link and shows where each referral stands", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 900 });
  await page.goto(`/me/${await signedToken('referrer', janesReferrer.code)}/`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
  const where = page.locator('td[data-label="Where it stands"]');
  await expect(where).toHaveCount(5);
  for (const cell of await where.all()) {
    await expect(cell).toBeVisible();
    const cellBox = await box(cell);
    expect(cellBox.x + cellBox.width).toBeLessThanOrEqual(390);
  }
  await expect(page.getByText('Stages only: what people discuss with Jane stays between them.')).toBeVisible();
  const caption = await box(page.getByText('Stages only: what people discuss with Jane stays between them.'));
  expect(caption.x + caption.width).toBeLessThanOrEqual(390);
});

test.describe('the dashboard with 200 referrals', () => {
  test.beforeEach(async ({ context }) => {
    await context.addCookies([await sessionCookieFor('sofia-marin')]);
  });

  test('on a phone, each referral is a card that shows every column', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto('/dashboard/');
    const card = page.getByRole('row').filter({ hasText: waitingReferral.referee.name }).first();
    for (const label of ['Kind', 'Stage', 'Referred by', 'Received', 'First contact']) {
      const cell = card.locator(`td[data-label="${label}"]`);
      await expect(cell, label).toBeVisible();
      const cellBox = await box(cell);
      expect(cellBox.x + cellBox.width, `${label} fits the screen`).toBeLessThanOrEqual(390);
    }
    await expect(page.locator('main')).not.toContainText('contact.Median');
  });

  test('on a wide screen, the table uses the width and names do not wrap', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('/dashboard/');
    expect((await box(page.locator('table.list.cards'))).width).toBeGreaterThan(1100);
    const name = page.getByRole('link', { name: 'Priya Raghunathan' }).first();
    expect((await box(name)).height, 'one line').toBeLessThan(30);
  });

  test('the charts are SVG drawn on the server, each with its figures as text', async ({ page }) => {
    await page.goto('/dashboard/');
    const charts = page.locator('figure.chart');
    await expect(charts).toHaveCount(4);
    await expect(page.locator('figure.chart svg').first()).toBeVisible();
    await page.getByText('Show as a table').click();
    const months = page.locator('figure.chart table').first().locator('tbody tr');
    await expect(months).toHaveCount(12);
    await expect(page.locator('figure.chart').nth(1)).toContainText(/Received\s*200/);
  });

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false });

    test('pages through all 200 referrals, 50 at a time, newest first, and filters a stage across pages', async ({ page }) => {
      const ids = async () => (await page.locator('table.list.cards tbody tr td:first-child a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!))).map((href) => href.split('/')[3]!);
      const newestFirst = sofiasReferrals.map((r) => r.id).sort().reverse();
      await page.goto('/dashboard/');
      await expect(page.locator('table.list.cards caption')).toContainText('200 referrals, newest first; 50 on this page');
      const seen = await ids();
      while (await page.getByRole('link', { name: 'Older referrals' }).count()) {
        await page.getByRole('link', { name: 'Older referrals' }).click();
        await expect(page.getByRole('link', { name: 'Newest' })).toBeVisible();
        seen.push(...(await ids()));
      }
      expect(seen).toEqual(newestFirst);

      const working = sofiasReferrals.filter((r) => r.stage === 'working').map((r) => r.id).sort().reverse();
      await page.goto('/dashboard/?stage=working');
      const filtered = await ids();
      while (await page.getByRole('link', { name: 'Older referrals' }).count()) {
        await page.getByRole('link', { name: 'Older referrals' }).click();
        filtered.push(...(await ids()));
      }
      expect(filtered).toEqual(working);
      await page.getByRole('link', { name: 'Newest' }).click();
      await expect(page).toHaveURL(/\/dashboard\/\?stage=working#referrals$/);
    });
  });

  test('a referral\'s history reads in words, not internal codes', async ({ page }) => {
    const worked = sofiasReferrals.find((r) => r.stage === 'working')!;
    await page.goto(`/dashboard/referrals/${worked.id}/`);
    const history = page.locator('ol.history');
    await expect(history).toContainText('Contacted, recorded by you');
    await expect(history).toContainText('Working together, recorded by you');
    await expect(history).not.toContainText('(provider)');
  });
});

test('the action page opens on the action clicked, chooses no reason in advance, and keeps the others one step away', async ({ page }) => {
  await page.goto(`/act/${await signedToken('act', `sofia-marin/${waitingReferral.id}`)}/?do=declined`);
  await expect(page.getByRole('button').first()).toHaveText("Record: didn't go ahead");
  await expect(page.getByRole('radio', { checked: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Record: contacted' })).toBeHidden();
  await page.getByText('Something else happened').click();
  await expect(page.getByRole('button', { name: 'Record: contacted' })).toBeVisible();
});

test('the card page: Print on its own line, the card centred on a phone, words beside the QR code', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 900 });
  await page.goto(`/share/${janesReferrer.code}/card/`);
  const print = page.getByRole('button', { name: 'Print the card' });
  await expect(print).toBeVisible();
  const sentence = await box(page.getByText('Print this page to hand the card to someone'));
  expect((await box(print)).y).toBeGreaterThanOrEqual(sentence.y + sentence.height);
  const card = await box(page.getByTestId('card'));
  expect(Math.abs(card.x - (390 - card.x - card.width))).toBeLessThanOrEqual(2);
  await expect(page.getByTestId('card')).toContainText("Scan with your phone's camera to open Jane's page");
});
