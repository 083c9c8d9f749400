// What a developer meets under `npm start`: every page of the story opens without an error in the
// console; the forms' patterns compile as the browser compiles them; pages that promise an email say
// where it lands locally; the local mailbox and the email previews fit a 320 px screen, and the
// mailbox list shows a new email without a reload.
import type { Page } from '@playwright/test';
import { expect, test } from './support/test.ts';
import { linkIn, person, personalLinkFor, referViaApi, waitForEmail } from './support/helpers.ts';

/** Collects what the page reports as an error: console errors and uncaught exceptions. */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(`${page.url()}: ${message.text()}`));
  page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
  return errors;
}

/** How much wider than the window the page is (0 when nothing scrolls sideways). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test('every page of the story opens with no error in the console, and every pattern compiles as the browser compiles it', async ({
  page,
  request,
}, testInfo) => {
  const referrer = person(testInfo, 'referrer', 'Noor');
  const referee = person(testInfo, 'referee', 'Sam');
  const { path, sharePath, code } = await personalLinkFor(request, referrer);
  await referViaApi(request, referee, { ref: code, message: 'Help with a pension transfer, please.' });
  const alert = await waitForEmail('jane@example.com', `New referral: ${referee.name}, recommended by ${referrer.name}`);
  const errors = consoleErrors(page);
  const pages = [
    '/',
    '/p/jane-okafor/',
    '/link/jane-okafor/',
    '/p/jane-okafor/link-sent/',
    path,
    '/refer/jane-okafor/',
    '/p/jane-okafor/thanks/',
    sharePath,
    `${sharePath}card/`,
    linkIn(alert, 'act'),
    '/dashboard/',
    '/privacy/',
    '/dev/mailbox/',
    '/dev/emails/',
  ];
  const patterns = new Set<string>();
  for (const url of pages) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBeLessThan(400);
    for (const pattern of await page.locator('[pattern]').evaluateAll((els) => els.map((el) => el.getAttribute('pattern')!))) {
      patterns.add(pattern);
    }
  }
  expect(errors).toEqual([]);
  // HTML compiles `pattern` as ^(?:pattern)$ with the v flag, where more characters must be escaped.
  expect(patterns.size, 'the forms have patterns to check').toBeGreaterThan(0);
  for (const pattern of patterns) expect(() => new RegExp(`^(?:${pattern})$`, 'v'), pattern).not.toThrow();
});

test('pages that promise an email point to the local mailbox', async ({ page, javaScriptEnabled }, testInfo) => {
  const referrer = person(testInfo, 'referrer', 'Ines');
  await page.goto('/link/jane-okafor/');
  await page.getByLabel('Your name').fill(referrer.name);
  await page.getByLabel('Your email').fill(referrer.email);
  await page.getByRole('button', { name: 'Email me my link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible();
  const note = page.locator('[data-local-mailbox]');
  await expect(note).toBeVisible();
  await note.getByRole('link', { name: 'local mailbox' }).click();
  await expect(page).toHaveURL('/dev/mailbox/');
  await expect(page.getByRole('link', { name: 'Your personal link to recommend Jane Okafor' }).first()).toBeVisible();

  const referee = person(testInfo, 'referee', 'Olu');
  await page.goto('/refer/jane-okafor/');
  await page.getByLabel('Your name').fill(referee.name);
  await page.getByLabel('Your email').fill(referee.email);
  await page.getByLabel("What would you like Jane's help with?").fill(`Local mode check (${javaScriptEnabled ? 'script' : 'plain post'}).`);
  await page.getByLabel('I agree that Jane Okafor may contact me').check();
  await page.getByRole('button', { name: 'Send to Jane' }).click();
  await expect(page.getByRole('heading', { name: 'Thank you. Jane Okafor will be in touch.' })).toBeVisible();
  await expect(page.locator('[data-local-mailbox]').getByRole('link', { name: 'local mailbox' })).toBeVisible();
});

test('the local mailbox and the email previews fit a 320 px screen, and the list shows new emails by itself', async ({
  page,
  request,
}, testInfo) => {
  await page.setViewportSize({ width: 320, height: 640 });
  const referrer = person(testInfo, 'referrer', 'Kwame');
  await personalLinkFor(request, referrer);
  await page.goto('/dev/mailbox/');
  expect(await overflow(page), 'the list scrolls sideways').toBeLessThanOrEqual(0);
  await page.getByRole('link', { name: 'Your personal link to recommend Jane Okafor' }).first().click();
  await expect(page.locator('pre.mail')).toBeVisible();
  expect(await overflow(page), 'a message (its text part holds long links) scrolls sideways').toBeLessThanOrEqual(0);
  await page.goto('/dev/emails/');
  expect(await overflow(page), 'the previews scroll sideways').toBeLessThanOrEqual(0);

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/dev/mailbox/');
  const later = person(testInfo, 'referrer', 'Mira');
  const row = page.getByRole('row').filter({ hasText: later.email });
  await expect(row).toHaveCount(0);
  await personalLinkFor(request, later);
  // No reload from here: the page looks again by itself.
  await expect(row).toHaveCount(1, { timeout: 15_000 });
});
