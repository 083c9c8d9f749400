// The local mailbox at /dev/mailbox/: a developer running the site without a Resend key reads
// there every email the site "sent", with its headers and its plain-text part.
import type { Page } from '@playwright/test';
import { expect, test } from './support/test.ts';
import { person, personalLinkFor, referViaApi, waitForEmail } from './support/helpers.ts';

/** The value next to a label in the message's list of headers. */
const fact = (page: Page, label: string) =>
  page.locator('dl.facts dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');

test('the local mailbox lists the emails sent, and shows one with its headers and text', async ({ page, request }, testInfo) => {
  const referrer = person(testInfo, 'referrer', 'Amara');
  const referee = person(testInfo, 'referee', 'Priya');
  const message = `Could you look at my pensions? (${referee.last})`;
  const { code } = await personalLinkFor(request, referrer);
  await referViaApi(request, referee, { ref: code, phone: '0113 496 0111', message, shareFirstName: true });
  const alertSubject = `New referral: ${referee.name}, recommended by ${referrer.name}`;
  // The emails go out just after the answer; the page lists what has landed when it loads.
  await Promise.all([
    waitForEmail(referrer.email, 'Thank you for recommending Jane Okafor'),
    waitForEmail(referee.email, 'Jane Okafor will be in touch within 24 hours'),
    waitForEmail('jane@example.com', alertSubject),
  ]);

  await page.goto('/dev/mailbox/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Local mailbox');
  const rowOf = (subject: string, to: string) =>
    page.getByRole('row').filter({ has: page.getByRole('link', { name: subject, exact: true }) }).filter({ hasText: to });
  await expect(rowOf('Your personal link to recommend Jane Okafor', referrer.email)).toHaveCount(1);
  await expect(rowOf('Thank you for recommending Jane Okafor', referrer.email)).toHaveCount(1);
  await expect(rowOf('Jane Okafor will be in touch within 24 hours', referee.email)).toHaveCount(1);
  await expect(rowOf(alertSubject, 'jane@example.com')).toHaveCount(1);

  await rowOf(alertSubject, 'jane@example.com').getByRole('link').click();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(alertSubject);
  await expect(fact(page, 'From')).toHaveText('Northside Referrals <referrals@example.com>');
  await expect(fact(page, 'To')).toHaveText('jane@example.com');
  await expect(fact(page, 'Reply-To')).toHaveText(referee.email);
  const text = page.locator('pre.mail');
  await expect(text).toContainText(`> ${message}`);
  await expect(text).toContainText('Phone: 0113 496 0111');
  await expect(page.frameLocator('iframe.mail').getByText(message)).toBeVisible();

  await page.getByRole('link', { name: 'All messages' }).click();
  await rowOf('Thank you for recommending Jane Okafor', referrer.email).getByRole('link').click();
  await expect(fact(page, 'To')).toHaveText(referrer.email);
  await expect(fact(page, 'Reply-To')).toHaveCount(0);
  await expect(page.locator('pre.mail')).toContainText(`${referee.first} has just got in touch with Jane Okafor`);
});
