// Mistakes in the referral form: the message sits next to the field that needs fixing, the
// field says it is invalid, and nothing typed is lost; with JavaScript in place, without it
// through the server's answer to a plain form post.
import type { Page, Response } from '@playwright/test';
import { expect, test } from './support/test.ts';
import { fieldMessages } from '../../src/lib/domain/limits.ts';
import { formReady, markDocument, person, readMailbox, sameDocument, waitForEmail } from './support/helpers.ts';

const postOf = (path: string) => (response: Response) =>
  response.request().method() === 'POST' && new URL(response.url()).pathname === path;

async function fillReferral(page: Page, fields: { name: string; email: string; phone?: string; message: string }) {
  await page.getByLabel('Your name').fill(fields.name);
  await page.getByLabel('Your email').fill(fields.email);
  if (fields.phone) await page.getByLabel('Phone').fill(fields.phone);
  await page.getByLabel("What would you like Jane's help with?").fill(fields.message);
}

test('an invalid email and no consent are pointed out next to the fields, keeping what was typed', async ({
  page,
  javaScriptEnabled,
}, testInfo) => {
  const referee = person(testInfo, 'referee', 'Tom');
  const typedEmail = referee.email.replace('@', ' at ');
  const message = 'My mother needs help with her pension and I am not sure where to start.';
  await page.goto('/refer/jane-okafor/');
  await formReady(page, javaScriptEnabled);
  await page.getByLabel('Your name').fill(referee.name);
  await page.getByLabel("What would you like Jane's help with?").fill(message);
  // The email last, so that pressing Send is what takes the focus away from the wrong address.
  await page.getByLabel('Your email').fill(typedEmail);

  if (javaScriptEnabled) {
    const posts: string[] = [];
    page.on('request', (request) => request.method() === 'POST' && posts.push(request.url()));
    await markDocument(page);
    await page.getByRole('button', { name: 'Send to Jane' }).click();
    await expect(page.locator('#f-email-error')).toBeVisible();
    expect(await sameDocument(page), 'the errors appear without loading a page').toBe(true);
    expect(posts, 'nothing is sent while the form has errors').toEqual([]);
    await expect(page.getByLabel('Your email')).toBeFocused();
  } else {
    // Chromium would stop this submission itself (required, type=email) and show its own
    // bubble; the server must still catch it for browsers that don't validate. Switching the
    // browser's validation off goes through the DevTools protocol: the page runs no script.
    await page.locator('form').evaluate((form: HTMLFormElement) => {
      form.noValidate = true;
    });
    const answer = page.waitForResponse(postOf('/refer/jane-okafor/'));
    await page.getByRole('button', { name: 'Send to Jane' }).click();
    expect((await answer).status()).toBe(422);
    await expect(page.getByRole('alert')).toHaveText('Please check the fields marked below.');
  }

  await expect(page.locator('#f-email-error')).toHaveText('Enter an email address like name@example.com.');
  await expect(page.locator('#f-consent-error')).toHaveText('Please agree to be contacted so that the provider can reply.');
  await expect(page.getByLabel('Your email')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('I agree that Jane Okafor may contact me')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Your name')).not.toHaveAttribute('aria-invalid');
  await expect(page.locator('#f-name-error')).toBeHidden();
  // Each message is tied to its field for screen readers.
  await expect(page.getByLabel('Your email')).toHaveAccessibleDescription('Enter an email address like name@example.com.');

  await expect(page.getByLabel('Your name')).toHaveValue(referee.name);
  await expect(page.getByLabel('Your email')).toHaveValue(typedEmail);
  await expect(page.getByLabel("What would you like Jane's help with?")).toHaveValue(message);
  expect((await readMailbox()).filter((email) => email.text.includes(referee.name)), 'no email for a refused form').toEqual([]);
});

test('an address the browser accepts but the server refuses is pointed out, and fixing it sends the form', async ({
  page,
  javaScriptEnabled,
}, testInfo) => {
  const referee = person(testInfo, 'referee', 'Lena');
  // "name@example" passes the browser's own check (no dot needed), but is not a real address.
  const mistyped = referee.email.replace(/\.com$/, '');
  const fields = { name: referee.name, email: mistyped, phone: '0113 496 0999', message: 'Could we talk about inheritance planning?' };
  await page.goto('/refer/jane-okafor/');
  await formReady(page, javaScriptEnabled);
  await fillReferral(page, fields);
  await page.getByLabel('I agree that Jane Okafor may contact me').check();
  if (javaScriptEnabled) await markDocument(page);

  const answer = page.waitForResponse(postOf(javaScriptEnabled ? '/api/referrals' : '/refer/jane-okafor/'));
  await page.getByRole('button', { name: 'Send to Jane' }).click();
  expect((await answer).status()).toBe(422);

  await expect(page.locator('#f-email-error')).toHaveText('Enter an email address like name@example.com.');
  await expect(page.getByLabel('Your email')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#f-consent-error')).toBeHidden();
  await expect(page.getByLabel('Your name')).toHaveValue(fields.name);
  await expect(page.getByLabel('Your email')).toHaveValue(mistyped);
  await expect(page.getByLabel('Phone')).toHaveValue(fields.phone);
  await expect(page.getByLabel("What would you like Jane's help with?")).toHaveValue(fields.message);
  await expect(page.getByLabel('I agree that Jane Okafor may contact me')).toBeChecked();
  if (javaScriptEnabled) {
    await expect(page.getByLabel('Your email')).toBeFocused();
    expect(await sameDocument(page), 'the error appears without loading a page').toBe(true);
  }

  await page.getByLabel('Your email').fill(referee.email);
  if (javaScriptEnabled) {
    // The message goes as soon as the address is valid, before the next submit.
    await expect(page.locator('#f-email-error')).toBeHidden();
    await expect(page.getByLabel('Your email')).not.toHaveAttribute('aria-invalid');
  }
  await page.getByRole('button', { name: 'Send to Jane' }).click();
  await expect(page.getByRole('heading', { name: 'Thank you. Jane Okafor will be in touch.' })).toBeVisible();
  if (!javaScriptEnabled) await expect(page).toHaveURL('/p/jane-okafor/thanks/');

  const confirmation = await waitForEmail(referee.email, 'Jane Okafor will be in touch within 24 hours');
  expect(confirmation.text).toContain(`Hi ${referee.first},`);
  const alerts = (await readMailbox()).filter((email) => email.subject === `New referral: ${referee.name}`);
  expect(alerts.map((email) => email.replyTo), 'one alert, for the corrected address only').toEqual([referee.email]);
});

test('an empty form is told the same words with and without JavaScript, in the words of the shared field messages', async ({
  page,
  javaScriptEnabled,
}) => {
  await page.goto('/refer/jane-okafor/');
  await formReady(page, javaScriptEnabled);
  if (!javaScriptEnabled) {
    // As above: the server's own answer, not Chromium's bubble.
    await page.locator('form').evaluate((form: HTMLFormElement) => {
      form.noValidate = true;
    });
  }
  await page.getByLabel('Your name').fill('   ');
  await page.getByRole('button', { name: 'Send to Jane' }).click();
  await expect(page.locator('#f-name-error')).toHaveText(fieldMessages.yourName.required);
  await expect(page.locator('#f-email-error')).toHaveText(fieldMessages.email.required);
  await expect(page.locator('#f-message-error')).toHaveText(fieldMessages.message.required);
  await expect(page.locator('#f-consent-error')).toHaveText(fieldMessages.consent.required);
  await expect(page.locator('#f-phone-error')).toBeHidden();
});

test('a name carrying a text-direction override is refused next to the field, with and without JavaScript', async ({
  page,
  javaScriptEnabled,
}, testInfo) => {
  const referee = person(testInfo, 'referee', 'Bob');
  await page.goto('/refer/jane-okafor/');
  await formReady(page, javaScriptEnabled);
  await fillReferral(page, { name: `${referee.name} \u202Egnp.exe`, email: referee.email, message: 'Pension help.' });
  await page.getByLabel('I agree that Jane Okafor may contact me').check();
  await page.getByRole('button', { name: 'Send to Jane' }).click();
  await expect(page.locator('#f-name-error')).toHaveText(/^Name contains invisible formatting characters/);
  await expect(page.getByLabel('Your name')).toHaveAttribute('aria-invalid', 'true');
  expect((await readMailbox()).filter((email) => email.text.includes(referee.last)), 'nothing is sent').toEqual([]);
});
