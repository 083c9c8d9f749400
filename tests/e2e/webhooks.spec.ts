// Webhooks in local mode, as a developer tries them with `npm start`: a referral to Jane (whose
// content file names a webhook) is posted to the local receiver, which shows it with its
// signature verified. The dashboard's "Send a test event" is in lifecycle.spec.ts (no script).
import { expect, test } from './support/test.ts';
import { person, referViaApi } from './support/helpers.ts';

test('a referral’s webhook reaches the local receiver, signed, with what the provider may see', async ({ page, request }, testInfo) => {
  const referee = person(testInfo, 'referee', 'Wilhelmina');
  await referViaApi(request, referee, { phone: '0113 496 0000', message: 'Pension transfer, please.' });
  await expect(async () => {
    await page.goto('/dev/webhooks/');
    await page.getByRole('link', { name: 'referral.created' }).first().click();
    await expect(page.locator('pre.body')).toContainText(referee.email, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('referral.created');
  await expect(page.getByText('Signature verified')).toBeVisible();
  await expect(page.locator('.facts')).toContainText('webhook-signature');
  await expect(page.locator('pre.body')).toContainText('"origin": "direct"');
});
