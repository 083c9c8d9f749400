// The whole referral loop as people live it: a happy client asks for a personal link, a friend
// opens it and gets in touch, and all three hear about it at once, each only what is theirs.
import { expect, test } from './support/test.ts';
import {
  type Email,
  formReady,
  mailboxFor,
  markDocument,
  person,
  personalLinkIn,
  readMailbox,
  sameDocument,
  waitForEmail,
} from './support/helpers.ts';
import { baseURL } from './support/settings.ts';

test('a recommendation travels from a referrer to a friend to Jane, and everyone hears at once', async ({
  page,
  javaScriptEnabled,
}, testInfo) => {
  const referrer = person(testInfo, 'referrer', 'Amara');
  const referee = person(testInfo, 'referee', 'Priya');
  const phone = '+44 113 496 0123';
  const message = `I have three small pensions from old jobs (${referee.last}) and want to know whether to combine them.`;

  await test.step('the referrer finds Jane in the directory', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Jane Okafor' }).click();
    await expect(page).toHaveURL('/p/jane-okafor/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Jane Okafor');
  });

  await test.step('and asks for a personal link', async () => {
    await page.getByRole('link', { name: 'Recommend Jane to someone' }).click();
    await expect(page).toHaveURL('/link/jane-okafor/');
    await formReady(page, javaScriptEnabled);
    await page.getByLabel('Your name').fill(referrer.name);
    await page.getByLabel('Your email').fill(referrer.email);
    if (javaScriptEnabled) await markDocument(page);
    await page.getByRole('button', { name: 'Email me my link' }).click();

    if (javaScriptEnabled) {
      await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Email me my link' })).toBeHidden();
      await expect(page).toHaveURL('/link/jane-okafor/');
      expect(await sameDocument(page), 'the confirmation appears without loading a page').toBe(true);
    } else {
      await expect(page).toHaveURL('/p/jane-okafor/link-sent/');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your inbox');
    }
  });

  const linkEmail = await waitForEmail(referrer.email, 'Your personal link to recommend Jane Okafor');
  const link = personalLinkIn(linkEmail);
  expect(link.startsWith(`${baseURL}/r/`), link).toBe(true);
  expect(link).toMatch(/\/r\/[A-Za-z0-9_-]{22}$/);

  await test.step('the friend opens the link and is greeted by the referrer’s first name', async () => {
    const response = await page.goto(link);
    expect(response?.status()).toBe(200);
    // Rendered by the server: the greeting needs no script to appear.
    const html = (await response!.text()).replace(/<[^>]+>/g, '');
    expect(html).toContain(`${referrer.first} thought you should meet Jane.`);
    await expect(page.getByTestId('greeting')).toHaveText(`${referrer.first} thought you should meet Jane.`);
    // The friend sees the first name, never the referrer's surname or address.
    await expect(page.locator('body')).not.toContainText(referrer.last);
    await expect(page.locator('body')).not.toContainText(referrer.email);
  });

  const before = new Set((await readMailbox()).map((email) => email.file));

  await test.step('and asks Jane to get in touch', async () => {
    await page.getByRole('link', { name: 'Ask Jane to get in touch' }).click();
    await expect(page).toHaveURL(/\/refer\/jane-okafor\/\?ref=[A-Za-z0-9_-]{22}$/);
    await expect(page.getByText(`${referrer.first} suggested you talk to Jane.`)).toBeVisible();
    await formReady(page, javaScriptEnabled);

    await page.getByLabel('Your name').fill(referee.name);
    await page.getByLabel('Your email').fill(referee.email);
    await page.getByLabel('Phone').fill(phone);
    await page.getByLabel("What would you like Jane's help with?").fill(message);
    await page.getByLabel('I agree that Jane Okafor may contact me').check();
    await page.getByLabel(`${referrer.first} may be told my first name`).check();
    const formUrl = page.url();
    if (javaScriptEnabled) await markDocument(page);
    await page.getByRole('button', { name: 'Send to Jane' }).click();

    if (javaScriptEnabled) {
      await expect(page.getByRole('heading', { name: 'Thank you. Jane Okafor will be in touch.' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Send to Jane' })).toBeHidden();
      expect(page.url()).toBe(formUrl);
      expect(await sameDocument(page), 'the thank-you appears without loading a page').toBe(true);
    } else {
      await expect(page).toHaveURL('/p/jane-okafor/thanks/');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you. Jane Okafor will be in touch.');
    }
    await expect(page.getByText('Jane Okafor will contact you personally within 24 hours')).toBeVisible();
  });

  await test.step('three emails go out at once: a thank-you, a confirmation and an alert', async () => {
    const involvesThem = (email: Email) =>
      email.to.includes(referrer.email) || email.to.includes(referee.email) || email.replyTo === referee.email;
    const fresh = async () => (await readMailbox()).filter((email) => !before.has(email.file) && involvesThem(email));
    await expect.poll(async () => (await fresh()).map((email) => email.subject).sort()).toEqual(
      [
        'Jane Okafor will be in touch within 24 hours',
        `New referral: ${referee.name}, recommended by ${referrer.name}`,
        'Thank you for recommending Jane Okafor',
      ].sort(),
    );
    const emails = await fresh();
    const bySubject = (start: string) => emails.find((email) => email.subject.startsWith(start))!;

    const thanks = bySubject('Thank you for recommending');
    expect(thanks.to).toEqual([referrer.email]);
    expect(thanks.text).toContain(`Hi ${referrer.first},`);
    expect(thanks.text).toContain(`${referee.first} has just got in touch with Jane Okafor through your link.`);
    for (const part of [thanks.text, thanks.html, thanks.subject]) {
      for (const secret of [referee.email, referee.last, phone, message]) expect(part).not.toContain(secret);
    }

    const confirmation = bySubject('Jane Okafor will be in touch');
    expect(confirmation.to).toEqual([referee.email]);
    expect(confirmation.text).toContain('Jane Okafor will contact you personally within 24 hours');
    expect(confirmation.text).not.toContain(referrer.email);

    const alert = bySubject('New referral:');
    expect(alert.to).toEqual(['jane@example.com']);
    expect(alert.replyTo).toBe(referee.email);
    // The text part is wrapped at 78 characters, the quote's lines each prefixed with "> ".
    expect(alert.text.replace(/\n(> )?/g, ' ')).toContain(message);
    expect(alert.text).toContain(`Phone: ${phone}`);
    expect(alert.text).toContain(`Email: ${referee.email}`);
  });

  await test.step('and the referrer got nothing else', async () => {
    expect((await mailboxFor(referrer.email)).map((email) => email.subject).sort()).toEqual(
      ['Thank you for recommending Jane Okafor', 'Your personal link to recommend Jane Okafor'],
    );
  });
});

for (const path of ['/r/AAAAAAAAAAAAAAAAAAAAAA', '/link/no-such-person/', '/refer/no-such-person/']) {
  test(`${path}, a link to no one, is a plain "not found" page`, async ({ page }) => {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText("We can't find that page");
    await expect(page.getByRole('link', { name: 'see everyone on this site' })).toBeVisible();
  });
}
