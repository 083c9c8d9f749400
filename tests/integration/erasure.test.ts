// Erasure on request, through the functions, against the real Blobs server and a local server
// that speaks Resend's API: every email to a referrer carries an erasure link; using it removes
// their name and address from every store, keeps the referrals, and stops everything to them.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getStore } from '@netlify/blobs';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMailbox } from '../../src/lib/adapters/mailbox.ts';
import { createTokens } from '../../src/lib/adapters/tokens.ts';
import type { Referral } from '../../src/lib/domain/referral.ts';
import { TEST_SECRET } from '../fixtures/domain.ts';
import { form, ORIGIN, postAction, postAnswer, postErasure, postIntroduction, postReferral, postReferrer } from '../support/handlers.ts';
import { useMailbox } from '../support/env.ts';
import { address, localServices, mailTo as mailToAddress, recipients, signedLinks, tokenIn } from '../support/services.ts';

const services = localServices();
const tokens = createTokens(TEST_SECRET);

signedLinks();

const mailTo = (addr: string) => mailToAddress(services.api, addr);
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
      expect(mail.body.text).toMatch(new RegExp(`Erase my name and address:\n${ORIGIN}/forget/[\\w-]{40,100}/`));
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

  it('answers every hostile body with a 4xx and erases nobody', async () => {
    const story = await busyReferrer('Dudley Dursleigh');
    const hostile = fc.oneof(
      fc.record({ token: fc.oneof(fc.string({ maxLength: 700 }), fc.integer(), fc.constant(null), fc.object({ maxDepth: 1 })) }),
      fc.object({ maxDepth: 1 }),
    );
    await fc.assert(
      fc.asyncProperty(hostile, async (body) => {
        const status = (await postErasure(body as Record<string, unknown>)).status;
        expect(status).toBeGreaterThanOrEqual(400);
        expect(status).toBeLessThan(500);
      }),
      { numRuns: 500 },
    );
    const referrers = getStore({ name: 'vouch-referrers', consistency: 'strong' });
    expect(await referrers.get(`code/${story.code}`, { type: 'json' })).toMatchObject({ email: story.referrer });
  });
});

describe('a referee erases their details', () => {
  it('after the referral closed, from the same link: details gone everywhere, stage and counts kept, the referrer told nothing', async () => {
    const referrer = address('closed-referrer');
    expect((await postReferrer({ provider: 'jane-okafor', name: 'Amara Obi', email: referrer })).status).toBe(202);
    const code = tokenIn(mailTo(referrer)[0]!, 'r');
    const referee = address('closed-referee');
    const res = await postReferral({ provider: 'jane-okafor', ref: code, name: 'Minerva Tartanshaw', email: referee, phone: '+44 7700 900777', message: 'Transfiguring my savings.', consent: true });
    const { id } = (await res.json()) as { id: string };
    const act = tokenIn(services.api.sent.find((m) => m.body.reply_to === referee || String(m.body.reply_to).includes(referee))!, 'act');
    for (const action of ['contacted', 'working'] as const) expect((await postAction({ token: act, action })).status).toBe(200);
    const respond = tokenIn(mailTo(referee)[0]!, 'respond');
    expect((await postAnswer({ token: respond, answer: 'decline' })).status).toBe(409);
    const notes = mailTo(referrer).length;
    const erased = await postAnswer({ token: respond, answer: 'erase' });
    expect(erased.status).toBe(200);
    expect(await erased.json()).toEqual({ stage: 'working' });
    expect(mailTo(referrer)).toHaveLength(notes);
    expect(await referralRecord(id)).toMatchObject({ stage: 'working', referee: { name: '', email: '', message: '' } });
    for (const blob of await services.blobs.dump()) for (const secret of [referee, 'Minerva', 'Tartanshaw', '900777', 'Transfiguring']) expect(blob).not.toContain(secret);
    expect((await postAnswer({ token: respond, answer: 'erase' })).status).toBe(404);
  });
});

describe('erasure with the local mailbox on', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vouch-erasure-mailbox-'));
    useMailbox(dir);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const mailboxTo = async (addr: string) => (await readMailbox(dir)).filter((m) => m.to.includes(addr));
  const linkIn = (text: string, route: string) => new RegExp(`${ORIGIN}/${route}/([\\w.-]+)`).exec(text)![1]!;

  it('takes from the mailbox only what was to or about the person erased, whatever their name', async () => {
    // Others' emails, full of links: "http" is in every one of them.
    for (let i = 0; i < 12; i += 1) {
      expect((await postReferral({ provider: 'jane-okafor', name: `Other Person ${i}`, email: address('other'), message: `See http://example.org/${i}`, consent: true })).status).toBe(201);
    }
    const others = (await readdir(dir)).sort();
    const referee = address('http');
    expect((await postReferral({ provider: 'jane-okafor', name: 'Http', email: referee, message: 'http https example', consent: true })).status).toBe(201);
    const confirmation = (await mailboxTo(referee))[0]!;
    const answers = await Promise.all(Array.from({ length: 20 }, () => postAnswer({ token: linkIn(confirmation.text, 'respond'), answer: 'erase' })));
    expect(answers.map((a) => a.status).filter((status) => status >= 500)).toEqual([]);
    expect(answers.some((a) => a.status === 200)).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(others);
  });

  it('leaves no email in the mailbox naming a referrer who erased themselves, the referee’s confirmation included', async () => {
    const referrer = address('mailbox-referrer');
    const referee = address('mailbox-referee');
    expect((await postReferrer({ provider: 'jane-okafor', name: 'Bathilda Bagshot', email: referrer })).status).toBe(202);
    const code = linkIn((await mailboxTo(referrer))[0]!.text, 'r');
    expect((await postReferral({ provider: 'jane-okafor', ref: code, name: 'Rolanda Hooch', email: referee, message: 'Broom insurance.', consent: true })).status).toBe(201);
    const named = async () => (await readMailbox(dir)).filter((m) => JSON.stringify(m).includes('Bathilda'));
    expect((await named()).map((m) => m.tags?.find((t) => t.name === 'template')?.value).sort()).toContain('referee-confirmation');
    const forget = linkIn((await mailboxTo(referrer))[0]!.text, 'forget');
    expect((await postErasure({ token: forget })).status).toBe(200);
    expect(await named()).toEqual([]);
    expect(await mailboxTo(referrer)).toEqual([]);
  });

  it('leaves neither the referee nor the referrer in any blob or mailbox file once both are erased', async () => {
    const referrer = address('mailbox-referrer');
    const referee = address('mailbox-referee');
    // Someone else's emails stay, so that what is checked below is not an empty folder.
    expect((await postReferral({ provider: 'jane-okafor', name: 'Luna Lovegood', email: address('other'), message: 'Hello.', consent: true })).status).toBe(201);
    expect((await postReferrer({ provider: 'jane-okafor', name: 'Gilderoy Lockhart', email: referrer })).status).toBe(202);
    const code = linkIn((await mailboxTo(referrer))[0]!.text, 'r');
    const res = await postReferral({ provider: 'jane-okafor', ref: code, name: 'Xenophilius Quibbler', email: referee, phone: '+44 7700 900555', message: 'Nargles in my accounts.', consent: true, shareFirstName: true });
    expect(res.status).toBe(201);
    const all = () => readdir(dir).then((names) => Promise.all(names.map((n) => readFile(join(dir, n), 'utf8'))));
    expect((await all()).some((text) => text.includes('Xenophilius'))).toBe(true);

    const confirmation = (await mailboxTo(referee))[0]!;
    expect((await postAnswer({ token: linkIn(confirmation.text, 'respond'), answer: 'decline' })).status).toBe(200);
    const forget = linkIn((await mailboxTo(referrer))[0]!.text, 'forget');
    expect((await postErasure({ token: forget })).status).toBe(200);

    const files = await all();
    expect(files.length).toBeGreaterThan(0);
    for (const text of [...files, ...(await services.blobs.dump())]) {
      for (const secret of [referee, 'Xenophilius', 'Quibbler', '900555', 'Nargles', referrer, 'Gilderoy', 'Lockhart']) expect(text).not.toContain(secret);
    }
  });
});
