// Every page and every state a person can reach, audited by axe against WCAG 2.1 A/AA and
// axe's best practices, in the light and the dark colour scheme (the brand colour is adjusted
// per scheme, so both must keep their contrast). Runs in the javascript project only: axe
// runs inside the page.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './support/test.ts';
import { templateNames } from '../../src/lib/email/samples.ts';
import { formReady, linkIn, person, personalLinkFor, readMailbox, referViaApi, sessionCookieFor, waitForEmail } from './support/helpers.ts';

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;
type Violation = AxeResults['violations'][number];

const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** One violation as a reader wants it in a failure: rule, impact, help, and where. */
function describe(violation: Violation): string {
  const nodes = violation.nodes.map(
    (node) => `    at ${node.target.join(' ')}\n      ${(node.failureSummary ?? '').replace(/\n\s*/g, '\n      ')}`,
  );
  return [`${violation.id} (${violation.impact}): ${violation.help}`, `    ${violation.helpUrl}`, ...nodes].join('\n');
}

async function expectAccessible(
  page: Page,
  options: { exclude?: string; disableRules?: string[]; what?: string } = {},
): Promise<void> {
  const axe = new AxeBuilder({ page }).withTags(tags);
  if (options.exclude) axe.exclude(options.exclude);
  if (options.disableRules) axe.disableRules(options.disableRules);
  const results = await axe.analyze();
  expect(results.passes.length, 'axe checked something').toBeGreaterThan(0);
  expect(results.violations.map(describe), `accessibility violations in ${options.what ?? page.url()}`).toEqual([]);
}

const staticPages = [
  '/',
  '/p/jane-okafor/',
  '/p/marcus-lee/',
  '/p/sofia-marin/',
  '/link/jane-okafor/',
  '/refer/jane-okafor/',
  '/p/jane-okafor/thanks/',
  '/p/jane-okafor/link-sent/',
  '/privacy/',
];

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`in the ${colorScheme} colour scheme`, () => {
    test.use({ colorScheme });

    for (const path of staticPages) {
      test(`${path} has no accessibility violations`, async ({ page }) => {
        const response = await page.goto(path);
        expect(response?.status()).toBe(200);
        await expectAccessible(page);
      });
    }

    test('the "not found" page is a 404 with no accessibility violations', async ({ page }) => {
      const response = await page.goto('/no-such-page');
      expect(response?.status()).toBe(404);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText("We can't find that page");
      await expectAccessible(page);
    });

    test('a personal link, and the form it leads to, have no accessibility violations', async ({ page, request }, testInfo) => {
      const { path } = await personalLinkFor(request, person(testInfo, 'referrer', 'Amara'));
      await page.goto(path);
      await expect(page.getByTestId('greeting')).toHaveText('Amara thought you should meet Jane.');
      await expectAccessible(page);

      await page.getByRole('link', { name: 'Ask Jane to get in touch' }).click();
      await expect(page.getByLabel('Amara may be told my first name')).toBeVisible();
      await expectAccessible(page);
    });

    for (const width of [320, 1440]) {
      test(`the share page and the printable card have no accessibility violations and fit a ${width} px screen`, async ({ page, request }, testInfo) => {
        await page.setViewportSize({ width, height: 900 });
        const { sharePath } = await personalLinkFor(request, person(testInfo, 'referrer', 'Amara'));
        for (const [path, ready] of [
          [sharePath, page.getByRole('button', { name: 'Copy link' })],
          [`${sharePath}card/`, page.getByRole('button', { name: 'Print the card' })],
        ] as const) {
          await page.goto(path);
          // Audited as people see it: with the buttons the script shows.
          await expect(ready).toBeVisible();
          await expectAccessible(page);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, `${path} scrolls sideways at ${width} px`).toBe(0);
          await testInfo.attach(`${path} at ${width} px, ${colorScheme}`, { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
        }
      });
    }

    test('the lifecycle pages (referrer page, action link, referee answer, dashboard) have no accessibility violations', async ({ page, request }, testInfo) => {
      const referrer = person(testInfo, 'referrer', 'Amara');
      const referee = person(testInfo, 'referee', 'Priya');
      const { code } = await personalLinkFor(request, referrer);
      const linkEmail = await waitForEmail(referrer.email, 'Your personal link to recommend Jane Okafor');
      await referViaApi(request, referee, { ref: code, message: 'A pension review, please.', shareFirstName: true });
      const alert = await waitForEmail('jane@example.com', `New referral: ${referee.name}, recommended by ${referrer.name}`);
      const confirmation = await waitForEmail(referee.email, 'Jane Okafor will be in touch within 24 hours');
      const act = linkIn(alert, 'act');
      const pages = [
        [linkIn(linkEmail, 'me'), 'Your referrals to Jane Okafor'],
        [`${act}?do=declined`, 'Referral for Jane Okafor'],
        [linkIn(confirmation, 'respond'), 'Your referral to Jane Okafor'],
        [linkIn(linkEmail, 'forget'), `Erase your details, ${referrer.first}?`],
        ['/dashboard/', 'Provider dashboard'],
      ] as const;
      for (const [path, heading] of pages) {
        await page.goto(path);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
        await expectAccessible(page, { what: path });
      }
      await page.context().addCookies([await sessionCookieFor('jane-okafor')]);
      await page.goto('/dashboard/');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Referrals for Jane Okafor');
      await expectAccessible(page, { what: 'the dashboard, signed in' });
      await page.getByRole('link', { name: referee.name }).click();
      await page.getByRole('button', { name: 'Record: contacted' }).click();
      await expect(page.getByRole('status')).toContainText('Recorded: Contacted');
      await expectAccessible(page, { what: 'a referral on the dashboard, just recorded' });
    });

    test('the referral form showing errors in place has no accessibility violations', async ({ page }) => {
      await page.goto('/refer/jane-okafor/');
      await formReady(page, true);
      await page.getByLabel('Your email').fill('not an address');
      await page.getByRole('button', { name: 'Send to Jane' }).click();
      for (const field of ['name', 'email', 'message', 'consent']) await expect(page.locator(`#f-${field}-error`)).toBeVisible();
      await expectAccessible(page);
    });

    for (const [path, button] of [
      ['/refer/jane-okafor/', 'Send to Jane'],
      ['/link/jane-okafor/', 'Email me my link'],
    ] as const) {
      test(`${path} showing errors from the server has no accessibility violations`, async ({ page }) => {
        await page.goto(path);
        await expect(page.getByRole('button', { name: button })).toBeVisible();
        await page.getByLabel('Your email').fill('not an address');
        // The page a browser without JavaScript gets back: a plain post, past the form's script
        // and the browser's own checks.
        const answer = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === path);
        await page.locator('form').evaluate((form: HTMLFormElement) => HTMLFormElement.prototype.submit.call(form));
        expect((await answer).status()).toBe(422);
        await expect(page.getByRole('alert')).toHaveText('Please check the fields marked below.');
        await expect(page.locator('#f-email-error')).toBeVisible();
        await expectAccessible(page);
      });
    }

    test('the thank-you shown in place of the form has no accessibility violations', async ({ page }, testInfo) => {
      const referee = person(testInfo, 'referee', 'Noor');
      await page.goto('/refer/jane-okafor/');
      await formReady(page, true);
      await page.getByLabel('Your name').fill(referee.name);
      await page.getByLabel('Your email').fill(referee.email);
      await page.getByLabel("What would you like Jane's help with?").fill('A pension review, please.');
      await page.getByLabel('I agree that Jane Okafor may contact me').check();
      await page.getByRole('button', { name: 'Send to Jane' }).click();
      await expect(page.getByRole('heading', { name: 'Thank you. Jane Okafor will be in touch.' })).toBeVisible();
      await expect(page.locator('#done')).toBeFocused();
      await expectAccessible(page);
    });

    test('the local mailbox, its list and a message, has no accessibility violations', async ({ page, request }, testInfo) => {
      const referrer = person(testInfo, 'referrer', 'Amara');
      const referee = person(testInfo, 'referee', 'Priya');
      const { code } = await personalLinkFor(request, referrer);
      await referViaApi(request, referee, { ref: code, phone: '0113 496 0000', message: 'Retirement planning, please.' });

      await page.goto('/dev/mailbox/');
      await expectAccessible(page);
      await page.getByRole('link', { name: `New referral: ${referee.name}, recommended by ${referrer.name}` }).click();
      await expect(page.getByRole('heading', { level: 2 })).toHaveText(`New referral: ${referee.name}, recommended by ${referrer.name}`);
      // The email's own HTML sits in a frame whose scripts are off (sandbox), where axe cannot
      // run; it is audited on its own below.
      await expectAccessible(page, { exclude: 'iframe.mail' });
    });

    test('the local webhooks page, its list and one webhook, has no accessibility violations', async ({ page, request }, testInfo) => {
      await referViaApi(request, person(testInfo, 'referee', 'Priya'), { message: 'Retirement planning, please.' });
      await expect(async () => {
        await page.goto('/dev/webhooks/');
        await expect(page.getByRole('link', { name: 'referral.created' }).first()).toBeVisible({ timeout: 1000 });
      }).toPass({ timeout: 30_000 });
      await expectAccessible(page);
      await page.getByRole('link', { name: 'referral.created' }).first().click();
      await expect(page.getByText('Signature verified')).toBeVisible();
      await expectAccessible(page, { what: 'one webhook on the local webhooks page' });
    });

    test('the unsubscribe page, before and after stopping notes, has no accessibility violations', async ({ page, request }, testInfo) => {
      const referrer = person(testInfo, 'referrer', 'Amara');
      const { code } = await personalLinkFor(request, referrer);
      await referViaApi(request, person(testInfo, 'referee', 'Priya'), { ref: code, message: 'Pensions, please.' });
      await page.goto(linkIn(await waitForEmail(referrer.email, 'Thank you for recommending Jane Okafor'), 'unsubscribe'));
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Stop progress notes' }).click();
      await expect(page.getByRole('status')).toBeVisible();
      await expectAccessible(page);
    });

    test('the email previews list every template, and neither the page nor any template has accessibility violations', async ({ page }) => {
      const response = await page.goto('/dev/emails/');
      expect(response?.status()).toBe(200);
      await expect(page.getByRole('heading', { level: 2 })).toHaveText(templateNames);
      await expect(page.getByText('content/emails.yaml', { exact: true }), 'where the wording comes from').toBeVisible();
      // Each template at phone and desktop width, in light and in dark mode.
      await expect(page.locator('iframe.mail')).toHaveCount(templateNames.length * 4);
      await expect(page.locator('pre.mail')).toHaveCount(templateNames.length);
      await expectAccessible(page, { exclude: 'iframe.mail' });
      const previews = await page.locator('iframe.mail').evaluateAll((frames) => frames.map((frame) => ({ title: frame.getAttribute('title') ?? '', html: frame.getAttribute('srcdoc') ?? '' })));
      // Phone and desktop frames hold the same HTML: check each template once in light and once in dark mode.
      for (const { title, html } of previews.filter((preview) => preview.title.includes('Desktop'))) {
        await test.step(title, async () => {
          await page.setContent(html);
          await expectAccessible(page, { disableRules: ['page-has-heading-one'], what: `the ${title} preview` });
        });
      }
    });

    test('the HTML part of every kind of email has no accessibility violations', async ({ page, request }, testInfo) => {
      const referrer = person(testInfo, 'referrer', 'Amara');
      const referee = person(testInfo, 'referee', 'Priya');
      const { code } = await personalLinkFor(request, referrer);
      await referViaApi(request, referee, { ref: code, phone: '0113 496 0000', message: 'Retirement planning, please.', shareFirstName: true });
      const emails = [
        await waitForEmail(referrer.email, 'Your personal link to recommend Jane Okafor'),
        await waitForEmail(referrer.email, 'Thank you for recommending Jane Okafor'),
        await waitForEmail(referee.email, 'Jane Okafor will be in touch within 24 hours'),
        ...(await readMailbox()).filter((email) => email.replyTo === referee.email),
      ];
      expect(emails).toHaveLength(4);
      for (const email of emails) {
        await test.step(email.subject, async () => {
          await page.setContent(email.html);
          // An email has no page of its own to head: the mail client shows the subject as its heading.
          await expectAccessible(page, { disableRules: ['page-has-heading-one'], what: `the email "${email.subject}"` });
        });
      }
    });
  });
}
