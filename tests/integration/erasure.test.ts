// Erasure on request, through the functions, against the real Blobs server and a local server
// that speaks Resend's API: every email to a referrer carries an erasure link; using it removes
// their name and address from every store, keeps the referrals, and stops everything to them.
import { getStore } from '@netlify/blobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokens } from '../../src/lib/adapters/tokens.ts';
import type { Referral } from '../../src/lib/domain/referral.ts';
import { TEST_SECRET } from '../fixtures/domain.ts';
import { form, ORIGIN, postAction, postErasure, postIntroduction, postReferral, postReferrer } from '../support/handlers.ts';
import type { SentEmail } from '../support/resend-api.ts';
import { address, localServices, recipients } from '../support/services.ts';

const services = localServices();
const tokens = createTokens(TEST_SECRET);

beforeAll(() => {
  process.env.VOUCH_SECRET = TEST_SECRET;
});
afterAll(() => {
  delete process.env.VOUCH_SECRET;
});

const mailTo = (addr: string) => services.api.sent.filter((email) => recipients(email).includes(addr));
const tokenIn = (mail: SentEmail, route: string): string => new RegExp(`${ORIGIN}/${route}/([\\w.-]+)`).exec(mail.body.text!)![1]!;
const referralRecord = (id: string) =>
  getStore({ name: 'vouch-referrals', consistency: 'strong' }).get(`id/${id}`, { type: 'json' }) as Promise<Referral | null>;

/** A referrer with a link, a recommendation through it (contacted, then handed on) and an introduction. */
async function busyReferrer(name: string) {
  const referrer = address('forgetful');
  expect((await postReferrer({ provider: 'jane-okafor', name, email: referrer })).status).toBe(202);
  const linkMail = mailTo(referrer)[0]!;
  const code = tokenIn(linkMail, 'r');
  const key = tokenIn(linkMail, 'me');
  const referee = address('friend');
  const res = await postReferral({ provider: 'jane-okafor', ref: code, name: 'Pomona Sprout', email: referee, message: 'Help with a pension.', consent: true, shareFirstName: true });
  const { id } = (await res.json()) as { id: string };
  const act = tokenIn(services.api.sent.find((m) => m.body.text!.includes(referee) && recipients(m).includes('jane@example.com'))!, 'act');
  expect((await postAction({ token: act, action: 'contacted' })).status).toBe(200);
  const intro = await postIntroduction({ key, name: 'Filius Flitwick', email: address('introduced'), context: 'Filius wants to retire early.', expected: true });
  expect(intro.status).toBe(201);
  return { referrer, code, id, key, referee };
}

describe('a referrer erases their details', () => {
  it('finds an erasure link in every email to them, and no email to anyone else carries one', async () => {
    const story = await busyReferrer('Amara Obi');
    const toReferrer = mailTo(story.referrer);
    expect(toReferrer.map((m) => m.body.subject).sort()).toEqual(
      [
        'News about your referral to Jane Okafor',
        'Thank you for recommending Jane Okafor',
        'Thank you for your introduction to Jane Okafor',
        'Your personal link to recommend Jane Okafor',
      ].sort(),
    );
    for (const mail of toReferrer) {
      expect(mail.body.text).toMatch(new RegExp(`To have your name and address erased from Northside Referrals: ${ORIGIN}/forget/[\\w-]+\\.[\\w-]+/`));
      expect(mail.body.html).toContain(`${ORIGIN}/forget/`);
    }
    for (const mail of services.api.sent.filter((m) => !recipients(m).includes(story.referrer))) expect(mail.body.text).not.toContain('/forget/');
  });

  it('erases their name and address from every blob, keeps the referrals without attribution, and sends them nothing more', async () => {
    const name = 'Hermione Wrackspurt';
    const story = await busyReferrer(name);
    const forget = tokenIn(mailTo(story.referrer)[0]!, 'forget');
    const res = await postErasure(form({ token: forget }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'erased' });
    for (const blob of await services.blobs.dump()) {
      expect(blob).not.toContain(story.referrer);
      expect(blob).not.toContain('Hermione');
      expect(blob).not.toContain('Wrackspurt');
    }
    const kept = (await referralRecord(story.id))!;
    expect(kept).toMatchObject({ provider: 'jane-okafor', stage: 'contacted', referee: { name: 'Pomona Sprout', email: story.referee } });
    expect(kept.referrer).toBeUndefined();

    const sent = mailTo(story.referrer).length;
    const act = tokenIn(services.api.sent.find((m) => m.body.text!.includes(story.referee) && recipients(m).includes('jane@example.com'))!, 'act');
    expect((await postAction({ token: act, action: 'met' })).status).toBe(200);
    expect((await postReferral({ provider: 'jane-okafor', ref: story.code, name: 'Neville Long', email: address('late'), message: 'Hi', consent: true })).status).toBe(201);
    expect(mailTo(story.referrer)).toHaveLength(sent);
    // The link's key no longer opens their page, and the erasure link is spent.
    expect((await postIntroduction({ key: story.key, name: 'Luna Lovegood', email: address('x'), context: 'Hi', expected: true })).status).toBe(404);
    expect((await postErasure({ token: forget })).status).toBe(404);
  });

  it('answers 404 for a forged token or one of another purpose, 410 for an expired one, 422 for unknown fields', async () => {
    const story = await busyReferrer('Cedric Diggory');
    const respond = tokens.sign({ purpose: 'referrer', subject: story.code, expiresAt: Date.now() + 60_000 })!;
    expect((await postErasure({ token: respond })).status).toBe(404);
    expect((await postErasure({ token: `${respond.slice(0, -2)}xx` })).status).toBe(404);
    const expired = tokens.sign({ purpose: 'erase-referrer', subject: story.code, expiresAt: Date.now() - 1 })!;
    expect((await postErasure({ token: expired })).status).toBe(410);
    expect((await postErasure({ token: expired, extra: 1 })).status).toBe(422);
    expect(mailTo(story.referrer).length).toBeGreaterThan(0);
  });
});
