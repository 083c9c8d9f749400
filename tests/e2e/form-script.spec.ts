// What the form's script adds beyond a plain post, and nothing else (a plain post is the browser's
// own, so this file runs with JavaScript only): an answer that never comes is not a dead button.
import { expect, test } from './support/test.ts';
import { formReady, person } from './support/helpers.ts';

async function fillReferral(page: import('@playwright/test').Page, fields: { name: string; email: string; message: string }) {
  await page.getByLabel('Your name').fill(fields.name);
  await page.getByLabel('Your email').fill(fields.email);
  await page.getByLabel("What would you like Jane's help with?").fill(fields.message);
}

test('a submission that gets no answer in 15 seconds gives the button back and says what to do', async ({ page }, testInfo) => {
  const referee = person(testInfo, 'referee', 'Wen');
  // The server never answers this post.
  await page.route('**/api/referrals', () => {});
  await page.goto('/refer/jane-okafor/');
  await formReady(page, true);
  await fillReferral(page, { name: referee.name, email: referee.email, message: 'Help with a pension, please.' });
  await page.getByLabel('I agree that Jane Okafor may contact me').check();
  const send = page.getByRole('button', { name: 'Send to Jane' });
  await send.click();
  await expect(send).toBeDisabled();
  await expect(page.getByRole('alert')).toHaveText(/^No answer from the server after 15 seconds\. Everything you typed is still here/, { timeout: 25_000 });
  await expect(send).toBeEnabled();
  await expect(page.getByLabel('Your name')).toHaveValue(referee.name);
});
