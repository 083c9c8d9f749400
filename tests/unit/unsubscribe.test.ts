// Unsubscribing from a referrer's emails: the List-Unsubscribe headers (RFC 2369, RFC 8058)
// and the visible link on notes and thank-yous, and what each preference stops.
import { describe, expect, it } from 'vitest';
import { createTokens } from '../../src/lib/adapters/tokens.ts';
import type { OutboxMessage } from '../../src/lib/domain/ports.ts';
import type { Referrer } from '../../src/lib/domain/referral.ts';
import { openToken } from '../../src/lib/domain/routes.ts';
import { referrerNote } from '../../src/lib/domain/referrer-note.ts';
import { preferencesOf } from '../../src/lib/domain/records/referrer-preferences.ts';
import { resumeEmails, stopEmails } from '../../src/lib/domain/use-cases/referrer-preferences.ts';
import { messagesFor } from '../../src/lib/domain/referral-intake.ts';
import { emailSamples, templateNames } from '../../src/lib/email/samples.ts';
import { createRenderer } from '../../src/lib/email/render.ts';
import { builtInCopy } from '../../src/lib/domain/emails/index.ts';
import { directoryOf, provider as aProvider, referralFixture, site, TEST_SECRET } from '../fixtures/domain.ts';
import { createMemoryStore } from '../support/memory-store.ts';

const BASE = 'https://vouch.test';
const now = new Date('2030-03-04T09:30:00.000Z');
const render = createRenderer(site, BASE, builtInCopy);
const provider = aProvider();
const tokens = createTokens(TEST_SECRET);

const referrer: Referrer = {
  code: 'AbCdEfGhIjKlMnOpQr_-12',
  provider: provider.slug,
  name: 'Alice Walker',
  email: 'alice@example.org',
  createdAt: '2030-01-01T00:00:00.000Z',
};

const referral = referralFixture(now, { referrer: referrer.code, consent: { contact: true, shareFirstName: true } });

async function setup() {
  const store = createMemoryStore();
  await store.put('referrers', `code/${referrer.code}`, referrer);
  return { store, clock: { now: () => now }, tokens, directory: directoryOf(provider), retention: site.retention };
}

const thanksOf = (messages: OutboxMessage[]) => messages.find((message) => message.content.template === 'referrer-thanks');

/** The URL inside `List-Unsubscribe: <…>`, checked for the angle brackets RFC 2369 requires. */
function oneClickUrl(headers: Record<string, string> | undefined): URL {
  const value = headers?.['List-Unsubscribe'] ?? '';
  expect(value).toMatch(/^<https:\/\/[^<>\s]+>$/);
  expect(headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  return new URL(value.slice(1, -1));
}

describe('the renderer', () => {
  it.each(['referrer-milestone', 'referrer-thanks'] as const)('%s carries List-Unsubscribe, one-click, and a visible link to the page', (template) => {
    const email = render(emailSamples[template]);
    const url = oneClickUrl(email.headers);
    expect(url.origin + url.pathname).toBe(`${BASE}/api/unsubscribe`);
    expect(url.searchParams.get('token')).toBe('token.signature');
    const label = template === 'referrer-milestone' ? 'Stop these notes' : 'Stop emails about your referrals';
    expect(email.text).toContain(`${label}:\n${BASE}/unsubscribe/token.signature/\n`);
    expect(email.html).toMatch(new RegExp(`<a href="${BASE}/unsubscribe/token.signature/"[^>]*>${label}</a>`));
  });

  it('adds no headers to any other email, nor to a note queued before unsubscribing existed', () => {
    for (const template of templateNames.filter((name) => !name.startsWith('referrer-m') && name !== 'referrer-thanks')) {
      expect(render(emailSamples[template]).headers).toBeUndefined();
    }
    const { unsubscribe: _, ...queued } = emailSamples['referrer-milestone'];
    expect(render(queued).headers).toBeUndefined();
    expect(render(queued).text).not.toContain('Stop these notes');
  });
});

describe('the notes and thank-yous the use cases build', () => {
  it('a note links to stop notes, with a token for this referrer that works for a year', async () => {
    const deps = await setup();
    const note = await referrerNote(deps, referral, provider, 'met');
    const url = oneClickUrl(render(note!.content).headers);
    expect(url.searchParams.get('stop')).toBeNull();
    const opened = openToken(deps, url.searchParams.get('token'), 'unsubscribe');
    expect(opened.ok && opened.value.subject).toBe(referrer.code);
    expect(openToken({ tokens, clock: { now: () => new Date(now.getTime() + 364 * 86_400_000) } }, url.searchParams.get('token'), 'unsubscribe').ok).toBe(true);
    expect(openToken(deps, url.searchParams.get('token'), 'act').ok).toBe(false);
  });

  it("a thank-you's one-click stops everything: whoever unsubscribes from a thank-you wants no more of them", async () => {
    const deps = await setup();
    const url = oneClickUrl(render(thanksOf(messagesFor(deps, referral, provider, referrer))!.content).headers);
    expect(url.searchParams.get('stop')).toBe('all');
  });

  it('without a signing secret there is no link and no header, rather than one that cannot work', async () => {
    const deps = { ...(await setup()), tokens: createTokens(undefined) };
    const note = await referrerNote(deps, referral, provider, 'met');
    expect(render(note!.content).headers).toBeUndefined();
  });

  it('stopping notes stops notes, and keeps the single thank-you per referral', async () => {
    const deps = await setup();
    const target = { code: referrer.code, preferences: await preferencesOf(deps, referrer.code) };
    expect(await stopEmails(deps, target, { stop: 'notes' })).toMatchObject({ ok: true, value: { notes: false, thanks: true } });
    const preferences = await preferencesOf(deps, referrer.code);
    expect(await referrerNote(deps, referral, provider, 'working')).toBeNull();
    expect(thanksOf(messagesFor(deps, referral, provider, referrer, preferences))).toBeDefined();
  });

  it('stopping everything stops the thank-you too, and stopping notes afterwards turns nothing back on', async () => {
    const deps = await setup();
    await stopEmails(deps, { code: referrer.code, preferences: await preferencesOf(deps, referrer.code) }, { stop: 'all' });
    await stopEmails(deps, { code: referrer.code, preferences: await preferencesOf(deps, referrer.code) }, { stop: 'notes' });
    const preferences = await preferencesOf(deps, referrer.code);
    expect(preferences).toMatchObject({ notes: false, thanks: false });
    expect(thanksOf(messagesFor(deps, referral, provider, referrer, preferences))).toBeUndefined();
    expect(messagesFor(deps, referral, provider, referrer, preferences)).toHaveLength(2);
  });

  it('refuses anything but notes or all', async () => {
    const deps = await setup();
    const target = { code: referrer.code, preferences: await preferencesOf(deps, referrer.code) };
    expect(await stopEmails(deps, target, { stop: 'everything' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await stopEmails(deps, target, { stop: 'all', extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('turning emails back on', () => {
  it('undoes a stop of everything: the thank-you and the notes are sent again', async () => {
    const deps = await setup();
    await stopEmails(deps, { code: referrer.code, preferences: await preferencesOf(deps, referrer.code) }, { stop: 'all' });
    expect(await resumeEmails(deps, { code: referrer.code }, { resume: 'all' })).toMatchObject({ ok: true, value: { notes: true, thanks: true } });
    const preferences = await preferencesOf(deps, referrer.code);
    expect(preferences).toMatchObject({ notes: true, thanks: true });
    expect(thanksOf(messagesFor(deps, referral, provider, referrer, preferences))).toBeDefined();
    expect(await referrerNote(deps, referral, provider, 'working')).not.toBeNull();
  });

  it('refuses anything but the one undo', async () => {
    const deps = await setup();
    expect(await resumeEmails(deps, { code: referrer.code }, { resume: 'notes' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await resumeEmails(deps, { code: referrer.code }, { resume: 'all', stop: 'all' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
