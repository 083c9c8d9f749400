// The referral lifecycle in a browser, every email read from the local mailbox: a provider
// records milestones from their alert and their dashboard (signed in by a magic link), a
// referrer introduces someone who declines, a provider hands someone on to a partner, and Jane
// sends a test event to her webhook from the dashboard (it arrives at the local receiver, once
// however quickly the button is pressed again). These pages carry no script, so they run once,
// in the no-javascript project.
import { readFile } from 'node:fs/promises';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './support/test.ts';
import { type Email, linkIn, mailboxFor, type Person, person, personalLinkFor, readMailbox, referViaApi, sessionCookieFor, waitForEmail } from './support/helpers.ts';

/** Waits until `count` notes about Jane have reached the referrer, and returns them, oldest first. */
async function notesTo(referrer: Person, count: number): Promise<Email[]> {
  const notes = async () => (await mailboxFor(referrer.email)).filter((e) => e.subject === 'News about your referral to Jane Okafor');
  await expect.poll(async () => (await notes()).length, { message: `${count} notes to the referrer` }).toBe(count);
  return (await notes()).reverse();
}

/** Nothing of the referee in what the referrer received: no address, surname or message. */
async function expectNothingOfReferee(referrer: Person, referee: Person, message: string) {
  for (const email of await mailboxFor(referrer.email)) {
    const all = `${email.subject}\n${email.text}\n${email.html}`;
    expect(all).not.toContain(referee.email);
    expect(all).not.toContain(referee.last);
    expect(all).not.toContain(message);
  }
}

/** A referrer with a link to Jane and the key of their own page, from the link email. */
async function referrerWithPage(request: APIRequestContext, referrer: Person) {
  const { code } = await personalLinkFor(request, referrer);
  const linkEmail = await waitForEmail(referrer.email, 'Your personal link to recommend Jane Okafor');
  return { code, page: linkIn(linkEmail, 'me') };
}

async function press(page: Page, name: string) {
  await page.getByRole('button', { name }).click();
}

test('Jane signs in by magic link and follows a recommendation from first contact to working together', async ({ page, request }, testInfo) => {
  const referrer = person(testInfo, 'referrer', 'Amara');
  const referee = person(testInfo, 'referee', 'Priya');
  const message = `Help me plan for retirement (${referee.last}).`;
  const mine = await referrerWithPage(request, referrer);
  await referViaApi(request, referee, { ref: mine.code, message, shareFirstName: true });
  const alert = await waitForEmail('jane@example.com', `New referral: ${referee.name}, recommended by ${referrer.name}`);

  await test.step('the alert\'s "Contacted" link opens a page that asks to confirm, and nothing changes until the button', async () => {
    await page.goto(`${linkIn(alert, 'act')}?do=contacted`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Referral for Jane Okafor');
    await expect(page.locator('[data-stage]')).toHaveText('New: not contacted yet');
    await expect(page.getByRole('button').first()).toHaveText('Record: contacted');
    await press(page, 'Record: contacted');
    await expect(page.getByRole('status')).toContainText('Recorded: Contacted');
    await expect(page.locator('[data-stage]')).toHaveText('Contacted');
    const [note] = await notesTo(referrer, 1);
    expect(note!.text).toContain('Priya and Jane Okafor are now in touch.');
  });

  await test.step('Jane asks for a sign-in link; the page does not say whether the address is known', async () => {
    await page.goto('/dashboard/');
    await page.getByLabel('Your email').fill('jane@example.com');
    await press(page, 'Email me a sign-in link');
    await expect(page.getByRole('status')).toContainText('If that address receives referral alerts on this site, a sign-in link is on its way.');
    const signIn = await waitForEmail('jane@example.com', 'Sign in to your Northside Referrals dashboard');
    await page.goto(linkIn(signIn, 'dashboard/sign-in'));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in to the dashboard for Jane Okafor');
    await press(page, 'Sign in');
    await expect(page).toHaveURL('/dashboard/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Referrals for Jane Okafor');
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'vouch_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    // The link worked once.
    await page.goto(linkIn(signIn, 'dashboard/sign-in'));
    await press(page, 'Sign in');
    await expect(page).toHaveURL('/dashboard/?signin=used');
  });

  await test.step('the dashboard lists the referral with its kind, stage, referrer first name and time to first contact', async () => {
    await page.goto('/dashboard/?stage=contacted');
    const row = page.getByRole('row').filter({ hasText: referee.name });
    await expect(row).toContainText('Recommendation');
    await expect(row).toContainText('Contacted');
    await expect(row).toContainText('Amara');
    // Contact was recorded seconds after the referral: minutes, never "0 h".
    await expect(row.getByRole('cell').last()).toHaveText(/^after \d+ min$/);
    await page.goto('/dashboard/?stage=working');
    await expect(page.getByRole('row').filter({ hasText: referee.name })).toHaveCount(0);
  });

  await test.step('Jane records the first meeting and working together from the dashboard', async () => {
    await page.goto('/dashboard/');
    await page.getByRole('link', { name: referee.name }).click();
    await press(page, 'Record: first meeting held');
    await expect(page.getByRole('status')).toContainText('Recorded: First meeting held');
    await press(page, 'Record: working together');
    await expect(page.getByRole('status')).toContainText('Recorded: Working together');
    await expect(page.getByText('Nothing more can be recorded for this referral.')).toBeVisible();
    const notes = await notesTo(referrer, 3);
    expect(notes[1]!.text).toContain('Priya has had a first meeting with Jane Okafor.');
    expect(notes[2]!.text).toContain('Priya and Jane Okafor are now working together.');
    await expectNothingOfReferee(referrer, referee, message);
  });

  await test.step('the export holds Jane\'s referrals; another provider\'s referral is a 404 to her', async () => {
    await page.goto('/dashboard/');
    // The first call to a function makes the dev server build it: give the download time to start.
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByRole('link', { name: 'Export all as CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('referrals-jane-okafor.csv');
    // With the contact columns a provider needs to reply.
    expect(await readFile((await download.path())!, 'utf8')).toContain(`"${referee.name}","${referee.email}","","Amara"`);
    const other = await request.post('/api/referrals', {
      data: { provider: 'marcus-lee', name: 'Other Person', email: `other.${Date.now()}@example.com`, message: 'Hi', consent: true },
    });
    const { id } = (await other.json()) as { id: string };
    const response = await page.goto(`/dashboard/referrals/${id}/`);
    expect(response?.status()).toBe(404);
  });

  await test.step("the referrer's own page shows the stage, and the first name the referee allowed", async () => {
    await page.goto(mine.page);
    const row = page.getByRole('row').filter({ hasText: 'Priya' });
    await expect(row).toContainText('Working together');
    await expect(page.locator('body')).not.toContainText(referee.last);
  });

  // Before the session was ended on the server (main at f9932c7), the old cookie put back still opened both.
  await test.step('signing out ends the session on the server: the old cookie opens neither the dashboard nor the export', async () => {
    await page.goto('/dashboard/');
    const old = (await page.context().cookies()).find((cookie) => cookie.name === 'vouch_session')!;
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Email me a sign-in link' })).toBeVisible();
    await page.context().addCookies([old]);
    await page.goto('/dashboard/');
    await expect(page.getByRole('button', { name: 'Email me a sign-in link' })).toBeVisible();
    expect((await page.request.get('/api/dashboard/export.csv')).status()).toBe(401);
  });
});

test('a referrer introduces someone directly; they decline with one click and are erased', async ({ page, request }, testInfo) => {
  const referrer = person(testInfo, 'referrer', 'Bola');
  const referee = person(testInfo, 'introduced', 'Ines');
  const mine = await referrerWithPage(request, referrer);
  const context = `${referee.first} is selling her bakery (${referee.last}) and asked who helped me.`;

  await page.goto(mine.page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your referrals to Jane Okafor');
  await expect(page.getByText('There are two ways to refer someone.')).toBeVisible();
  await page.getByLabel('Their name').fill(referee.name);
  await page.getByLabel('Their email').fill(referee.email);
  await page.getByLabel('Why you think Jane can help').fill(context);
  await page.getByLabel("They know I'm introducing them and expect to hear from Jane.").check();
  await press(page, 'Introduce them to Jane');
  await expect(page.getByRole('status')).toContainText("We've told them about your introduction");

  // The person introduced learns who by first name only, and none of what was written about them.
  const notice = await waitForEmail(referee.email, `${referrer.first} introduced you to Jane Okafor`);
  const flat = (text: string) => text.replace(/\s+/g, ' ');
  expect(flat(notice.text)).not.toContain(flat(context));
  expect(notice.text).not.toContain(referee.last);
  expect(flat(notice.text)).toContain(`Where your details came from: ${referrer.first} gave us your name and email address`);
  expect(notice.text).not.toContain(referrer.email);
  const alert = await waitForEmail('jane@example.com', `New introduction: ${referee.name}, introduced by ${referrer.name}`);
  expect(flat(alert.text)).toContain(flat(context));
  await waitForEmail(referrer.email, 'Thank you for your introduction to Jane Okafor');

  await page.goto(linkIn(notice, 'respond'));
  await press(page, 'Decline and erase my details');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("Done: you won't hear from Jane Okafor about this");
  const [declined] = await mailboxFor('jane@example.com').then((all) => all.filter((e) => /^An introduction of .+ was declined$/.test(e.subject)));
  expect(declined).toBeDefined();
  const [note] = await notesTo(referrer, 1);
  expect(note!.text).toContain('The person you referred has decided not to take it further for now.');
  // The link now leads nowhere: there is nothing left of them to show.
  expect((await page.goto(linkIn(notice, 'respond')))?.status()).toBe(404);
  await page.goto(mine.page);
  await expect(page.getByRole('row').filter({ hasText: 'Introduction' })).toContainText("Didn't go ahead");
});

test('Jane hands someone on to Marcus; with their yes, Marcus is alerted and the referrer told', async ({ page, request }, testInfo) => {
  const referrer = person(testInfo, 'referrer', 'Chidi');
  const referee = person(testInfo, 'referee', 'Tomas');
  const mine = await referrerWithPage(request, referrer);
  await referViaApi(request, referee, { ref: mine.code, message: 'My small business accounts are a mess.', shareFirstName: false });
  const alert = await waitForEmail('jane@example.com', `New referral: ${referee.name}, recommended by ${referrer.name}`);

  await page.goto(`${linkIn(alert, 'act')}?do=hand-on`);
  await expect(page.getByRole('button').first()).toHaveText('Offer the hand-off');
  await page.getByLabel('Hand on to a better-placed peer').selectOption('marcus-lee');
  await press(page, 'Offer the hand-off');
  await expect(page.getByRole('status')).toContainText('Recorded: Hand-off offered');
  // Nothing goes to the referrer at this step: the page says what happens next, and when.
  await expect(page.getByRole('status')).toContainText('nothing is shared until they say yes. The referrer gets a short note only once they have decided');

  const ask = await waitForEmail(referee.email, 'Jane Okafor suggests Marcus Lee for what you need');
  expect((await mailboxFor('marcus@example.com')).filter((e) => e.text.includes(referee.email))).toHaveLength(0);
  await page.goto(linkIn(ask, 'respond'));
  await press(page, 'Yes, put me in touch with Marcus Lee');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("Thank you: we've passed your details to Marcus Lee");

  const handed = await waitForEmail('marcus@example.com', `Handed on to you by Jane Okafor: ${referee.name}`);
  expect(handed.replyTo).toBe(referee.email);
  expect(handed.text).toContain(`Referred by: ${referrer.name}`);
  await waitForEmail(referee.email, 'Marcus Lee will be in touch within 2 days');
  const [note] = await notesTo(referrer, 1);
  expect(note!.text.replace(/\s+/g, ' ')).toContain('agreed to be connected with another professional, whom Jane Okafor thought better placed to help.');
  expect(note!.text).not.toMatch(/Marcus|accountant/i);
  expect(note!.text).not.toContain('Tomas');
  await page.goto(mine.page);
  await expect(page.getByRole('row').filter({ hasText: 'Someone you recommended' }).first()).toContainText('Connected with someone better placed (there: ');
  await expect(page.locator('main')).not.toContainText('Marcus');
});

test('a referee says no thanks to a hand-off: nothing is passed on, the referral closes kindly, and the dashboard says so', async ({ page, request }, testInfo) => {
  const referrer = person(testInfo, 'referrer', 'Kofi');
  const referee = person(testInfo, 'referee', 'Lina');
  const mine = await referrerWithPage(request, referrer);
  await referViaApi(request, referee, { ref: mine.code, message: 'Help with my freelance taxes.' });
  const alert = await waitForEmail('jane@example.com', `New referral: ${referee.name}, recommended by ${referrer.name}`);
  await page.goto(`${linkIn(alert, 'act')}?do=hand-on`);
  await page.getByLabel('Hand on to a better-placed peer').selectOption('marcus-lee');
  await press(page, 'Offer the hand-off');
  const ask = await waitForEmail(referee.email, 'Jane Okafor suggests Marcus Lee for what you need');
  // The email's "No thanks" opens the page with that answer first; the partner's page is one link away.
  await page.goto(`${linkIn(ask, 'respond')}?answer=refuse-handoff`);
  await expect(page.getByRole('button').first()).toHaveText('No thanks');
  await expect(page.getByRole('link', { name: 'Read about Marcus Lee' })).toHaveAttribute('href', '/p/marcus-lee/');
  await expect(page.locator('main')).not.toContainText('either');
  await press(page, 'No thanks');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Done: nothing was passed on');
  await expect(page.locator('main')).toContainText('no one will contact you about it');
  expect((await mailboxFor('marcus@example.com')).filter((e) => e.text.includes(referee.email))).toHaveLength(0);
  await waitForEmail('jane@example.com', `${referee.name} would rather not be handed on`);
  await page.goto(linkIn(alert, 'act'));
  await expect(page.locator('[data-stage="withdrawn"]')).toHaveText('Closed: they would rather not be handed on');
});

test('a referrer erases their details from the link in their email; a referee erases theirs after the referral closed', async ({ page, request }, testInfo) => {
  const referrer = person(testInfo, 'referrer', 'Cyrus');
  const referee = person(testInfo, 'referee', 'Dalia');
  const mine = await referrerWithPage(request, referrer);
  await referViaApi(request, referee, { ref: mine.code, message: `Review my ISA (${referee.last}).`, shareFirstName: true });
  const alert = await waitForEmail('jane@example.com', `New referral: ${referee.name}, recommended by ${referrer.name}`);
  const thanks = await waitForEmail(referrer.email, 'Thank you for recommending Jane Okafor');
  const forget = linkIn(thanks, 'forget');
  // Read now: the referrer's erasure takes every email naming them from the mailbox, this one too.
  const confirmation = await waitForEmail(referee.email, 'Jane Okafor will be in touch within 24 hours');

  await test.step('the erasure link shows what will go, and nothing changes until the button', async () => {
    await page.goto(forget);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Erase your details, ${referrer.first}?`);
    await page.goto(mine.page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your referrals to Jane Okafor');
  });

  await test.step('pressing it erases them: their page is gone, their emails too, and the link is spent', async () => {
    await page.goto(forget);
    await press(page, 'Erase my details');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Done: your details have been erased');
    expect((await page.goto(mine.page))?.status()).toBe(404);
    expect(await mailboxFor(referrer.email)).toEqual([]);
    expect((await readMailbox()).filter((email) => email.text.includes(referrer.name))).toEqual([]);
    expect((await page.goto(forget))?.status()).toBe(404);
  });

  await test.step('the referee, once Jane records working together, can still erase theirs from their confirmation', async () => {
    // As from the alert's links: each opens the page on its own step.
    for (const [step, action] of [['contacted', 'Record: contacted'], ['working', 'Record: working together']] as const) {
      await page.goto(`${linkIn(alert, 'act')}?do=${step}`);
      await press(page, action);
      await expect(page.getByRole('status')).toContainText('Recorded');
    }
    await page.goto(linkIn(confirmation, 'respond'));
    await expect(page.getByText('This referral is closed.')).toBeVisible();
    await press(page, 'Erase my details');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Done: your details have been erased');
    expect(await mailboxFor(referee.email)).toEqual([]);
  });
});

test('the dashboard sends a test event from a plain form post, and lists it', async ({ page, context }) => {
  await context.addCookies([await sessionCookieFor('jane-okafor')]);
  await page.goto('/dashboard/');
  const part = page.locator('section.webhook');
  await expect(part.getByRole('heading', { level: 2, name: 'Webhook' })).toBeVisible();
  await expect(part).toContainText('crm.jane-okafor.example/hooks/vouch');
  await part.getByRole('button', { name: 'Send a test event' }).click();
  await expect(page).toHaveURL(/\/dashboard\/\?webhook=test#webhook$/);
  await expect(page.getByRole('status')).toContainText('A test event is on its way');
  await part.getByRole('button', { name: 'Send a test event' }).click();
  await expect(page.getByRole('alert')).toContainText('A test event went out a few seconds ago');

  await expect(async () => {
    await page.goto('/dev/webhooks/');
    await expect(page.getByRole('row').filter({ hasText: '(test)' }).first()).toContainText('Verified', { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(async () => {
    await page.goto('/dashboard/#webhook');
    await expect(part.getByRole('row').filter({ hasText: '(test)' }).first()).toContainText('Delivered (HTTP 204)', { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
});
