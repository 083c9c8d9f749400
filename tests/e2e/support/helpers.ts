// Small helpers for the browser tests: people with addresses of their own, the local mailbox
// folder, and waiting for the form script where JavaScript runs.
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type APIRequestContext, expect, type Page, type TestInfo } from '@playwright/test';
import type { MailboxMessage } from '../../../src/lib/adapters/mailbox.ts';
import { createTokens } from '../../../src/lib/adapters/tokens.ts';
import { baseURL, mailboxDir } from './settings.ts';

/** One email in the run's mailbox folder, with the name of its file. */
export type Email = MailboxMessage & { file: string };

/** Someone who fills in a form. */
export type Person = { first: string; last: string; name: string; email: string };

const letters = (n: number) =>
  Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');

/**
 * A person with an address and a surname no one else in the run has: the product sends at
 * most one link per address and provider a day, and its blob store outlives the run.
 */
export function person(testInfo: TestInfo, role: string, first: string): Person {
  const tag = `${Date.now().toString(36)}${letters(4)}`;
  const last = `${letters(1).toUpperCase()}${letters(7)}`;
  return { first, last, name: `${first} ${last}`, email: `${role}.${testInfo.project.name}.${tag}@example.com` };
}

/** Every email the site has written to the run's mailbox folder, newest first. */
export async function readMailbox(): Promise<Email[]> {
  const names = (await readdir(mailboxDir)).filter((name) => name.endsWith('.json'));
  const emails: Email[] = [];
  for (const file of names) {
    try {
      emails.push({ ...(JSON.parse(await readFile(join(mailboxDir, file), 'utf8')) as MailboxMessage), file });
    } catch (error) {
      // A file the server is still writing is read again on the next poll.
      if (!(error instanceof SyntaxError)) throw error;
    }
  }
  return emails.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** The emails sent to an address, newest first. */
export async function mailboxFor(address: string): Promise<Email[]> {
  const wanted = address.toLowerCase();
  return (await readMailbox()).filter((email) => email.to.some((to) => to.toLowerCase() === wanted));
}

/** Waits for the one email to `address` whose subject is `subject`, and returns it. */
export async function waitForEmail(address: string, subject: string): Promise<Email> {
  const matching = async () => (await mailboxFor(address)).filter((email) => email.subject === subject);
  await expect.poll(async () => (await matching()).length, { message: `an email "${subject}" to ${address}` }).toBe(1);
  return (await matching())[0]!;
}

/** The personal link at the end of a line of an email's text part. */
export function personalLinkIn(email: Email): string {
  const match = /^(https?:\/\/\S+\/r\/[A-Za-z0-9_-]{22})$/m.exec(email.text);
  if (!match) throw new Error(`No personal link in the text of "${email.subject}":\n${email.text}`);
  return match[1]!;
}

/** The share page's address, on a line of its own in the personal link email's text part. */
export function sharePageIn(email: Email): string {
  const match = /^(https?:\/\/\S+\/share\/[A-Za-z0-9_-]{22}\/)$/m.exec(email.text);
  if (!match) throw new Error(`No share page link in the text of "${email.subject}":\n${email.text}`);
  return match[1]!;
}

/**
 * Asks for a personal link to Jane through the API, as the form's script does, and returns
 * it from the email, with the share page the email leads to: setup for tests whose subject
 * is what comes after.
 */
export async function personalLinkFor(request: APIRequestContext, referrer: Person) {
  const response = await request.post('/api/referrers', {
    data: { provider: 'jane-okafor', name: referrer.name, email: referrer.email },
  });
  expect(response.status(), await response.text()).toBe(202);
  const email = await waitForEmail(referrer.email, 'Your personal link to recommend Jane Okafor');
  const link = personalLinkIn(email);
  expect(link.startsWith(`${baseURL}/r/`), link).toBe(true);
  const share = sharePageIn(email);
  return { link, path: new URL(link).pathname, code: link.slice(-22), sharePath: new URL(share).pathname };
}

/** Sends a referral to Jane through the API, as the form's script does. */
export async function referViaApi(
  request: APIRequestContext,
  referee: Person,
  fields: { ref?: string; phone?: string; message: string; shareFirstName?: boolean },
): Promise<void> {
  const response = await request.post('/api/referrals', {
    data: { provider: 'jane-okafor', name: referee.name, email: referee.email, consent: true, ...fields },
  });
  expect(response.status(), await response.text()).toBe(201);
}

/**
 * With JavaScript, waits until the form script has taken over the form (it switches off the
 * browser's own validation), so that a click exercises the script and not a plain post.
 */
export async function formReady(page: Page, javaScriptEnabled: boolean): Promise<void> {
  const form = page.locator('form[data-api]');
  if (javaScriptEnabled) await expect(form).toHaveAttribute('novalidate', '');
  else await expect(form).not.toHaveAttribute('novalidate');
}

/** Marks the current document; the mark survives only if the page is not loaded again. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as Window & { vouchE2eMark?: string }).vouchE2eMark = 'still the same document';
  });
}

/** Whether the document marked by `markDocument` is still the one shown. */
export async function sameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as Window & { vouchE2eMark?: string }).vouchE2eMark === 'still the same document');
}

/** The width and height a PNG's header gives. */
export function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).toString('latin1'), 'a PNG signature').toBe('\x89PNG\r\n\x1a\n');
  expect(png.subarray(12, 16).toString('latin1'), 'the header chunk first').toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The path of the first link in an email's text part that goes to `route`. */
export function linkIn(email: Email, route: string): string {
  const match = new RegExp(`${baseURL}(/${route}/[\\w.-]+/?)`).exec(email.text);
  if (!match) throw new Error(`No /${route}/ link in "${email.subject}":\n${email.text}`);
  return match[1]!;
}

/**
 * A provider's dashboard session, signed with the secret `npm start` keeps in .vouch/secret:
 * setup for audits of the signed-in pages (signing in by email is tested in lifecycle.spec.ts,
 * and a sign-in link goes to an address at most once in two minutes).
 */
export async function sessionCookieFor(provider: string) {
  const secret = (await readFile('.vouch/secret', 'utf8')).trim();
  // A session id (nonce) and the full lifetime, as a sign-in issues them: what sign-out checks.
  const value = createTokens(secret).sign({ purpose: 'session', subject: provider, expiresAt: Date.now() + 12 * 3_600_000, nonce: randomUUID() })!;
  return { name: 'vouch_session', value, url: baseURL, httpOnly: true, sameSite: 'Lax' as const };
}
