// A referrer stops the emails about their referrals from the link at the foot of a thank-you:
// opening the page changes nothing (mail scanners open links); its buttons post. Plain forms,
// so it runs with and without JavaScript.
import { expect, test } from './support/test.ts';
import { linkIn, mailboxFor, person, personalLinkFor, referViaApi, waitForEmail } from './support/helpers.ts';

const thanks = 'Thank you for recommending Jane Okafor';

test('a referrer stops progress notes, still gets thank-yous, then stops everything', async ({ page, request }, testInfo) => {
  const referrer = person(testInfo, 'referrer', 'Amara');
  const { code } = await personalLinkFor(request, referrer);
  await referViaApi(request, person(testInfo, 'referee', 'Priya'), { ref: code, message: 'Pensions, please.' });
  const email = await waitForEmail(referrer.email, thanks);
  expect(email.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  expect(email.headers?.['List-Unsubscribe']).toMatch(/^<http[^<>]+\/api\/unsubscribe\?token=[\w.-]+&stop=all>$/);
  const stopPage = linkIn(email, 'unsubscribe');
  const preference = page.locator('[data-preference]');

  for (let visit = 0; visit < 2; visit += 1) {
    await page.goto(stopPage);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Emails about your referrals');
    await expect(preference).toHaveAttribute('data-preference', 'all-on');
  }

  await page.getByRole('button', { name: 'Stop progress notes' }).click();
  await expect(page.getByRole('status')).toHaveText('Done: we will send you no more progress notes.');
  await expect(preference).toContainText('You still get the single thank-you');
  await expect(page.getByRole('button', { name: 'Stop progress notes' })).toHaveCount(0);

  await referViaApi(request, person(testInfo, 'referee', 'Rita'), { ref: code, message: 'Savings, please.' });
  await expect.poll(async () => (await mailboxFor(referrer.email)).filter((e) => e.subject === thanks).length).toBe(2);

  await page.getByRole('button', { name: 'Stop all emails about my referrals (including thank-yous)' }).click();
  await expect(page.getByRole('status')).toHaveText('Done: we will send you no more emails about your referrals.');
  await expect(preference).toHaveAttribute('data-preference', 'none');
  // The one button left is the undo.
  await expect(page.getByRole('button')).toHaveCount(1);

  const third = person(testInfo, 'referee', 'Sam');
  await referViaApi(request, third, { ref: code, message: 'Tax, please.' });
  await waitForEmail(third.email, 'Jane Okafor will be in touch within 24 hours');
  expect((await mailboxFor(referrer.email)).filter((e) => e.subject === thanks)).toHaveLength(2);

  // Changed their mind: one post turns everything back on, from the next referral.
  await page.getByRole('button', { name: 'Turn my emails back on' }).click();
  await expect(page.getByRole('status')).toHaveText('Done: your thank-yous and progress notes are back on.');
  await expect(preference).toHaveAttribute('data-preference', 'all-on');
  await expect(page.getByRole('button', { name: 'Turn my emails back on' })).toHaveCount(0);
  await referViaApi(request, person(testInfo, 'referee', 'Tess'), { ref: code, message: 'Mortgage, please.' });
  await expect.poll(async () => (await mailboxFor(referrer.email)).filter((e) => e.subject === thanks).length).toBe(3);
});

test('a forged unsubscribe link is not found', async ({ page }) => {
  const response = await page.goto('/unsubscribe/forged.token/');
  expect(response?.status()).toBe(404);
});
