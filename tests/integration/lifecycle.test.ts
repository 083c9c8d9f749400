// The referral lifecycle through the functions, against the real Blobs server and a local
// server that speaks Resend's API: milestones from signed links, introductions, declines
// with erasure, hand-offs to a partner, reminders, the dashboard session and its export.
import { getStore } from '@netlify/blobs';
import { describe, expect, it } from 'vitest';
import { createDeps } from '../../src/lib/adapters/deps.ts';
import { createTokens } from '../../src/lib/adapters/tokens.ts';
import { refusedHandoff } from '../../src/lib/domain/lifecycle.ts';
import type { Referral } from '../../src/lib/domain/referral.ts';
import { reciprocity } from '../../src/lib/domain/use-cases/provider-dashboard.ts';
import { remindProviders } from '../../src/lib/domain/use-cases/remind-providers.ts';
import { TEST_SECRET } from '../fixtures/domain.ts';
import { form, getExport, ORIGIN, postAction, postAnswer, postDashboardAction, postIntroduction, postOneClick, postReferral, postReferrer, postSession, postSignIn } from '../support/handlers.ts';
import type { SentEmail } from '../support/resend-api.ts';
import { address, localServices, mailTo as mailToAddress, recipients, signedLinks, tokenIn } from '../support/services.ts';

const services = localServices();
const tokens = createTokens(TEST_SECRET);
signedLinks();

const mailTo = (addr: string) => mailToAddress(services.api, addr);
const onlyMailTo = (addr: string, subject: string | RegExp): SentEmail => {
  const found = mailTo(addr).filter((m) => (typeof subject === 'string' ? m.body.subject === subject : subject.test(m.body.subject)));
  expect(found.map((m) => m.body.subject), `one email "${subject}" to ${addr}`).toHaveLength(1);
  return found[0]!;
};
/** Text as one line: the text part wraps at 78 characters. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ');
const referralRecord = (id: string) =>
  getStore({ name: 'vouch-referrals', consistency: 'strong' }).get(`id/${id}`, { type: 'json' }) as Promise<Referral | null>;

type Story = { referrer: string; referee: string; code: string; key: string; id: string; act: string; refereeName: string };

/** A referrer asks for a link; someone recommends Jane through it (sharing their first name or not). */
async function recommended(shareFirstName = true, provider = 'jane-okafor'): Promise<Story> {
  const referrer = address('referrer');
  const referee = address('referee');
  expect((await postReferrer({ provider, name: 'Amara Obi', email: referrer })).status).toBe(202);
  const linkMail = mailTo(referrer)[0]!;
  const code = tokenIn(linkMail, 'r');
  const key = tokenIn(linkMail, 'me');
  const refereeName = 'Quentin Zabriskie';
  const res = await postReferral({
    provider,
    ref: code,
    name: refereeName,
    email: referee,
    phone: '+44 7700 900999',
    message: 'My pension statement confuses me.',
    consent: true,
    shareFirstName,
  });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  const alert = services.api.sent.find((m) => m.body.reply_to === referee || (Array.isArray(m.body.reply_to) && m.body.reply_to.includes(referee)))!;
  return { referrer, referee, code, key, id, act: tokenIn(alert, 'act'), refereeName };
}

/** Asserts that nothing of the referee reached the referrer: no address, phone, surname or message. */
function expectNothingOfReferee(mails: SentEmail[], story: Story) {
  for (const mail of mails) {
    const all = JSON.stringify(mail.body);
    for (const secret of [story.referee, '7700 900999', 'Zabriskie', 'pension statement']) expect(all).not.toContain(secret);
  }
}

describe('milestones from the action link in the provider alert', () => {
  it('records contacted, first meeting and working together, and sends the referrer one fixed note each', async () => {
    const story = await recommended();
    for (const [action, news] of [
      ['contacted', 'Quentin and Jane Okafor are now in touch.'],
      ['met', 'Quentin has had a first meeting with Jane Okafor.'],
      ['working', 'Quentin and Jane Okafor are now working together.'],
    ] as const) {
      const res = await postAction({ token: story.act, action });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ referral: story.id, stage: action });
      expect(mailTo(story.referrer).some((m) => m.body.text!.includes(news))).toBe(true);
    }
    const notes = mailTo(story.referrer).filter((m) => m.body.subject === 'News about your referral to Jane Okafor');
    expect(notes).toHaveLength(3);
    expectNothingOfReferee(mailTo(story.referrer), story);
    const stored = await referralRecord(story.id);
    expect(stored!.stage).toBe('working');
    expect(stored!.history.map((h) => h.stage)).toEqual(['contacted', 'met', 'working']);
    expect(stored!.contactedAt).toBeDefined();
  });

  it('refuses a step twice, a step back and any step after the end, with a sentence, and sends nothing more', async () => {
    const story = await recommended(false);
    expect((await postAction({ token: story.act, action: 'met' })).status).toBe(200);
    const sent = services.api.sent.length;
    const again = await postAction({ token: story.act, action: 'met' });
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toBe('"First meeting held" is already recorded.');
    const back = await postAction({ token: story.act, action: 'contacted' });
    expect(back.status).toBe(409);
    expect((await back.json()).error.message).toMatch(/can't go back to "Contacted"/);
    expect((await postAction({ token: story.act, action: 'declined', reason: 'timing' })).status).toBe(200);
    const after = await postAction({ token: story.act, action: 'working' });
    expect(after.status).toBe(409);
    expect((await after.json()).error.message).toMatch(/closed/);
    expect(services.api.sent.length).toBe(sent + 1);
  });

  it("explains a decline by its category only, without the referee's first name when they did not allow it", async () => {
    const story = await recommended(false);
    expect((await postAction({ token: story.act, action: 'declined', reason: 'not-right-fit' })).status).toBe(200);
    const note = onlyMailTo(story.referrer, 'News about your referral to Jane Okafor');
    expect(note.body.text).toContain("The person you referred and Jane Okafor won't be working together this time.");
    expect(note.body.text).toContain("they agreed Jane Okafor wasn't the right fit");
    expect(note.body.text).not.toContain('Quentin');
    expect((await referralRecord(story.id))!.reason).toBe('not-right-fit');
  });

  it('answers 422 for an unknown action, a missing reason or an unknown field', async () => {
    const story = await recommended();
    expect((await postAction({ token: story.act, action: 'paid' })).status).toBe(422);
    const noReason = await postAction({ token: story.act, action: 'declined' });
    expect(noReason.status).toBe(422);
    expect((await noReason.json()).error.fields.reason).toEqual(['Please choose why it did not go ahead.']);
    expect((await postAction({ token: story.act, action: 'contacted', note: 'hi' })).status).toBe(422);
  });

  it('answers 404 for a forged or foreign token, 410 for an expired one, and records nothing', async () => {
    const story = await recommended();
    const bytes = Buffer.from(story.act, 'base64url');
    bytes[bytes.length - 1]! ^= 0x01;
    const flipped = bytes.toString('base64url');
    expect((await postAction({ token: flipped, action: 'contacted' })).status).toBe(404);
    const otherSecret = createTokens('another-secret-another-secret-000').sign({ purpose: 'act', subject: `jane-okafor/${story.id}`, expiresAt: Date.now() + 60_000 })!;
    expect((await postAction({ token: otherSecret, action: 'contacted' })).status).toBe(404);
    // A genuine token, but bound to another provider than the referral's.
    const foreign = tokens.sign({ purpose: 'act', subject: `marcus-lee/${story.id}`, expiresAt: Date.now() + 60_000 })!;
    expect((await postAction({ token: foreign, action: 'contacted' })).status).toBe(404);
    // A genuine token of another purpose (the referee's) does not open the provider's door.
    const respond = tokens.sign({ purpose: 'respond', subject: story.id, expiresAt: Date.now() + 60_000 })!;
    expect((await postAction({ token: respond, action: 'contacted' })).status).toBe(404);
    const expired = tokens.sign({ purpose: 'act', subject: `jane-okafor/${story.id}`, expiresAt: Date.now() - 1 })!;
    const res = await postAction({ token: expired, action: 'contacted' });
    expect(res.status).toBe(410);
    expect((await res.json()).error.message).toMatch(/expired/);
    expect((await referralRecord(story.id))!.stage).toBe('new');
  });

  it('takes a plain form post from the confirm page as well', async () => {
    const story = await recommended();
    const res = await postAction(form({ token: story.act, action: 'contacted' }));
    expect(res.status).toBe(200);
    expect((await referralRecord(story.id))!.stage).toBe('contacted');
  });
});

describe('hand-off to a better-placed partner', () => {
  it("asks the referee first; on yes the partner is alerted, the referrer told, attribution kept, and the ledger records it", async () => {
    const story = await recommended();
    const notPartner = await postAction({ token: story.act, action: 'hand-on', partner: 'sofia-marin' });
    expect(notPartner.status).toBe(422);
    expect((await notPartner.json()).error.fields.partner).toEqual(['Choose one of your partners.']);

    expect((await postAction({ token: story.act, action: 'hand-on', partner: 'marcus-lee' })).status).toBe(200);
    const ask = onlyMailTo(story.referee, 'Jane Okafor suggests Marcus Lee for what you need');
    // Two clear choices, and the partner's own page to read first.
    expect(ask.body.text).toMatch(/Yes, put me in touch with Marcus Lee:\nhttps:\/\/vouch\.test\/respond\/[\w.-]+\/?\?answer=accept-handoff\n/);
    expect(ask.body.text).toMatch(/No thanks:\nhttps:\/\/vouch\.test\/respond\/[\w.-]+\/?\?answer=refuse-handoff\n/);
    expect(ask.body.text).toContain('Read about Marcus Lee:\nhttps://vouch.test/p/marcus-lee/');
    expect(mailTo('marcus@example.com').filter((m) => m.body.text!.includes(story.referee))).toHaveLength(0);
    const respond = tokenIn(ask, 'respond');

    const yes = await postAnswer({ token: respond, answer: 'accept-handoff' });
    expect(yes.status).toBe(200);
    expect(await yes.json()).toEqual({ stage: 'handed-on', partner: 'marcus-lee' });
    const alert = onlyMailTo('marcus@example.com', `Handed on to you by Jane Okafor: ${story.refereeName}`);
    expect(recipients(alert)).toEqual(['marcus@example.com', 'office@example.com']);
    expect(alert.body.text).toContain(story.referee);
    expect(alert.body.text).toContain('Referred by: Amara Obi');
    // The partner's confirmation says who read the message: Jane did, then passed it on.
    const confirmation = onlyMailTo(story.referee, 'Marcus Lee will be in touch within 2 days');
    expect(oneLine(confirmation.body.text!)).toContain('Jane Okafor read what you wrote and, as you agreed, passed it on to Marcus Lee; no one else sees it.');
    expect(confirmation.body.text).not.toContain('goes only to');
    // The referrer learns that their friend was connected with someone better placed, not with whom:
    // the partner's name or trade would hint at what their friend needed.
    const note = onlyMailTo(story.referrer, 'News about your referral to Jane Okafor');
    expect(oneLine(note.body.text!)).toContain('agreed to be connected with another professional, whom Jane Okafor thought better placed to help.');
    expect(JSON.stringify(note.body)).not.toMatch(/Marcus|accountant/i);
    expectNothingOfReferee(mailTo(story.referrer), story);

    const original = (await referralRecord(story.id))!;
    expect(original.stage).toBe('handed-on');
    const onward = (await referralRecord(original.handedOnTo!.referral))!;
    expect(onward).toMatchObject({ provider: 'marcus-lee', referrer: story.code, stage: 'new', handedOnFrom: { provider: 'jane-okafor', referral: story.id } });
    const ledger = await getStore({ name: 'vouch-referrals', consistency: 'strong' }).list({ prefix: 'ledger/' });
    const keys = ledger.blobs.map((b) => b.key);
    expect(keys).toContain(`ledger/in/marcus-lee/jane-okafor/${onward.id}`);
    expect(keys).toContain(`ledger/out/jane-okafor/marcus-lee/${onward.id}`);

    const sent = services.api.sent.length;
    expect((await postAnswer({ token: respond, answer: 'accept-handoff' })).status).toBe(409);
    expect(services.api.sent.length).toBe(sent);
  });

  it('on no, nothing is passed on, the provider is told and the referral closes', async () => {
    const story = await recommended();
    expect((await postAction({ token: story.act, action: 'hand-on', partner: 'marcus-lee' })).status).toBe(200);
    const respond = tokenIn(onlyMailTo(story.referee, /suggests Marcus Lee/), 'respond');
    expect((await postAnswer({ token: respond, answer: 'refuse-handoff' })).status).toBe(200);
    // The provider knows the person: the notice names them, and says nothing more about them.
    const notices = mailTo('jane@example.com').filter((m) => m.body.subject === `${story.refereeName} would rather not be handed on`);
    expect(notices.length).toBeGreaterThan(0);
    expect(oneLine(notices.at(-1)!.body.text!)).toMatch(new RegExp(`${story.refereeName}, who got in touch on \\d{1,2} [A-Z][a-z]+ \\d{4}, would rather not be passed on to your partner\\.`));
    expect(notices.at(-1)!.body.text).not.toContain(story.referee);
    // The dashboard tells a refused hand-off from a decline.
    expect(refusedHandoff((await referralRecord(story.id))!)).toBe(true);
    const session = `vouch_session=${tokens.sign({ purpose: 'session', subject: 'jane-okafor', expiresAt: Date.now() + 3_600_000, nonce: 'session-refused-handoff' })}`;
    const csv = await (await getExport(session)).text();
    expect(csv).toMatch(new RegExp(`"${story.id}","Recommendation","Closed: they would rather not be handed on"`));
    expect(mailTo('marcus@example.com').some((m) => m.body.text!.includes(story.referee))).toBe(false);
    expect((await referralRecord(story.id))!.stage).toBe('withdrawn');
  });
});

describe('reciprocity between providers', () => {
  it('records a referral a provider makes through a personal link asked for from one of their notification addresses', async () => {
    const deps = createDeps();
    const before = await reciprocity(deps, deps.directory.get('sofia-marin')!);
    // Marcus's office asks for a link to Sofia's page and sends a client through it.
    expect((await postReferrer({ provider: 'sofia-marin', name: 'Marcus Lee', email: 'office@example.com' })).status).toBe(202);
    const code = tokenIn(mailTo('office@example.com').find((m) => m.body.subject === 'Your personal link to recommend Sofia Marín')!, 'r');
    const res = await postReferral({ provider: 'sofia-marin', ref: code, name: 'Client Person', email: address('client'), message: 'Career change.', consent: true });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect((await referralRecord(id))!.fromProvider).toBe('marcus-lee');
    const sent = (row?: { received: number }) => row?.received ?? 0;
    const after = await reciprocity(deps, deps.directory.get('sofia-marin')!);
    expect(sent(after.find((r) => r.peer === 'marcus-lee'))).toBe(sent(before.find((r) => r.peer === 'marcus-lee')) + 1);
    const marcus = await reciprocity(deps, deps.directory.get('marcus-lee')!);
    expect(marcus.find((r) => r.peer === 'sofia-marin')!.sent).toBeGreaterThan(0);
  });
});

describe('introductions by a verified referrer', () => {
  async function introduce(story: Pick<Story, 'key'>, referee = address('introduced'), name = 'Ines Varga') {
    const res = await postIntroduction({
      key: story.key,
      name,
      email: referee,
      context: `${name.split(' ')[0]} is selling her bakery and asked me who helped with mine.`,
      expected: true,
    });
    return { res, referee };
  }

  it('tells the person at once who introduced them, to whom and why, alerts the provider and thanks the referrer', async () => {
    const story = await recommended();
    const { res, referee } = await introduce(story);
    expect(res.status).toBe(201);
    // Only the introducer's first name, and none of their words: those go to the provider alone.
    const notice = onlyMailTo(referee, 'Amara introduced you to Jane Okafor');
    expect(JSON.stringify(notice.body)).not.toContain('selling her bakery');
    expect(notice.body.text).toContain('Where your details came from: Amara gave us your name and email address');
    expect(notice.body.text).toContain('at most 180 days');
    expect(notice.body.text).toMatch(/Decline this introduction:\nhttps:\/\/vouch\.test\/respond\//);
    expect(JSON.stringify(notice.body)).not.toContain(story.referrer);
    const alert = onlyMailTo('jane@example.com', `New introduction: Ines Varga, introduced by Amara Obi`);
    expect(alert.body.text).toContain('Ines is selling her bakery');
    expect(alert.body.text).toContain('Kind: Introduction (made by the referrer)');
    // Nobody used a link and nobody got in touch: the words say what happened.
    expect(oneLine(alert.body.text!)).toContain('Amara Obi made this introduction and has been thanked. Ines Varga has been told who introduced them');
    expect(alert.body.text).not.toMatch(/got in touch|as they asked/);
    const thanks = onlyMailTo(story.referrer, 'Thank you for your introduction to Jane Okafor');
    expect(oneLine(thanks.body.text!)).toContain('introductions like yours are how Jane Okafor meets the people they help best. Jane Okafor has promised to reply');
    expect(oneLine(thanks.body.text!)).toContain('because you introduced someone to Jane Okafor');
    expect(thanks.body.text).not.toMatch(/recommendations like yours|used your personal link/);
    const stored = (await referralRecord(((await res.json()) as { id: string }).id))!;
    expect(stored).toMatchObject({ kind: 'introduction', referrer: story.code, stage: 'new' });
  });

  it('labels a referral from someone who came straight to the page as come directly, in the alert', async () => {
    const referee = address('direct');
    const res = await postReferral({ provider: 'jane-okafor', name: 'Dorota Kowalczyk', email: referee, message: 'Found you online.', consent: true });
    expect(res.status).toBe(201);
    const alert = onlyMailTo('jane@example.com', /Dorota Kowalczyk/);
    expect(alert.body.text).toContain('Kind: Came directly (they found your page)');
    expect(alert.body.text).toContain('Referred by: No one: they found your page directly');
    expect(alert.body.text).not.toContain('Recommendation (they got in touch)');
  });

  it('tells the provider a recommendation withdrawn by its referee was withdrawn, by the day it arrived, not that an introduction was declined', async () => {
    const story = await recommended();
    const respond = tokenIn(mailTo(story.referee)[0]!, 'respond');
    expect((await postAnswer({ token: respond, answer: 'decline' })).status).toBe(200);
    const notice = mailTo('jane@example.com').filter((m) => oneLine(m.body.text!).includes(`(referral ${story.id})`));
    expect(notice.map((m) => m.body.subject)).toEqual([expect.stringMatching(/^A referral of \d{1,2} [A-Z][a-z]+ \d{4} was withdrawn$/)]);
    expect(oneLine(notice[0]!.body.text!)).toContain('has changed their mind, and at their request their details have been erased');
    expect(notice[0]!.body.text).not.toMatch(/introduc/i);
    expect(notice[0]!.body.text).not.toContain(story.refereeName);
  });

  it('lets the person decline with one click, which erases them from every store and tells the provider', async () => {
    const story = await recommended();
    const { res, referee } = await introduce(story, address('introduced'), 'Wilhelmina Erasmus');
    const { id } = (await res.json()) as { id: string };
    const respond = tokenIn(onlyMailTo(referee, /introduced you to/), 'respond');
    const declined = await postAnswer({ token: respond, answer: 'decline' });
    expect(declined.status).toBe(200);
    expect(await declined.json()).toEqual({ stage: 'withdrawn' });
    const notice = mailTo('jane@example.com').filter((m) => oneLine(m.body.text!).includes(`(referral ${id})`));
    expect(notice.map((m) => m.body.subject)).toEqual([expect.stringMatching(/^An introduction of \d{1,2} [A-Z][a-z]+ \d{4} was declined$/)]);
    expect(notice[0]!.body.text).not.toContain('Wilhelmina');
    const note = mailTo(story.referrer).find((m) => m.body.text!.includes('decided not to take it further'));
    expect(note).toBeDefined();
    for (const blob of await services.blobs.dump()) {
      expect(blob).not.toContain(referee);
      expect(blob).not.toContain('Wilhelmina');
      expect(blob).not.toContain('Erasmus');
    }
    expect((await referralRecord(id))!).toMatchObject({ stage: 'withdrawn', referee: { name: '', email: '', message: '' } });
    expect((await postAnswer({ token: respond, answer: 'decline' })).status).toBe(404);
  });

  it('refuses a forged or expired key, an introduction of oneself, and one the person does not expect', async () => {
    const story = await recommended();
    const forged = await introduce({ key: `${story.key.slice(0, -2)}xx` });
    expect(forged.res.status).toBe(404);
    const expired = tokens.sign({ purpose: 'referrer', subject: story.code, expiresAt: Date.now() - 1 })!;
    expect((await introduce({ key: expired })).res.status).toBe(410);
    const self = await introduce(story, story.referrer);
    expect(self.res.status).toBe(422);
    expect((await self.res.json()).error.fields.email[0]).toMatch(/your own address/);
    const unexpected = await postIntroduction({ key: story.key, name: 'Ines Varga', email: address('x'), context: 'Hi', expected: false });
    expect(unexpected.status).toBe(422);
    expect((await unexpected.json()).error.fields.expected).toEqual(['Please introduce only someone who knows and expects to hear from them.']);
  });
});

describe('the response promise', () => {
  it('reminds once when the promised time has passed, escalates once to every address a day later, then stops', async () => {
    const story = await recommended(true, 'marcus-lee');
    const base = createDeps();
    const at = (hours: number) => ({ ...base, clock: { now: () => new Date(Date.now() + hours * 3_600_000) } });
    await remindProviders(at(47));
    expect(mailTo('marcus@example.com').filter((m) => m.body.text!.includes(story.id))).toHaveLength(1);
    await remindProviders(at(49));
    await remindProviders(at(50));
    const reminders = mailTo('marcus@example.com').filter((m) => m.body.subject.startsWith('Reminder') && m.body.text!.includes(story.id));
    expect(reminders).toHaveLength(1);
    const reminder = reminders[0]!;
    expect(recipients(reminder)).toEqual(['marcus@example.com']);
    expect(reminder.body.text).toMatch(/Contacted:\nhttps:\/\/vouch\.test\/act\//);
    await remindProviders(at(74));
    await remindProviders(at(75));
    const escalations = mailTo('office@example.com').filter((m) => m.body.subject.startsWith('Still waiting') && m.body.text!.includes(story.id));
    expect(escalations).toHaveLength(1);
    const escalation = escalations[0]!;
    expect(recipients(escalation)).toEqual(['marcus@example.com', 'office@example.com']);
    await remindProviders(at(200));
    expect(mailTo('marcus@example.com').filter((m) => /Reminder|Still waiting/.test(m.body.subject) && m.body.text!.includes(story.id))).toHaveLength(2);
  });

  it('does not remind a provider who recorded contact in time', async () => {
    const story = await recommended(true, 'sofia-marin');
    expect((await postAction({ token: story.act, action: 'contacted' })).status).toBe(200);
    await remindProviders({ ...createDeps(), clock: { now: () => new Date(Date.now() + 1000 * 3_600_000) } });
    expect(mailTo('sofia@example.com').filter((m) => m.body.text!.includes(story.id) && /Reminder|Still waiting/.test(m.body.subject))).toHaveLength(0);
  });
});

describe('the provider dashboard session', () => {
  /** A session cookie as the sign-in above sets it (that flow is tested once; links are rate-limited per address). */
  const signIn = (provider: string) =>
    `vouch_session=${tokens.sign({ purpose: 'session', subject: provider, expiresAt: Date.now() + 3_600_000, nonce: `session-${provider}` })}`;

  it('answers an unknown address exactly as a known one, and emails only a notification address', async () => {
    // Counted per address: other tests' background sends may land at any moment.
    const signInsTo = (email: string) => services.api.sent.filter((m) => recipients(m).includes(email) && m.body.subject.startsWith('Sign in')).length;
    const stranger = address('stranger');
    const before = signInsTo('sofia@example.com');
    const unknown = await postSignIn({ email: stranger });
    expect(unknown.status).toBe(202);
    expect(await unknown.json()).toEqual({ status: 'accepted' });
    expect(services.api.sent.filter((m) => recipients(m).includes(stranger))).toEqual([]);
    const known = await postSignIn({ email: 'SOFIA@example.com' });
    expect(known.status).toBe(202);
    expect(await known.json()).toEqual({ status: 'accepted' });
    expect(signInsTo('sofia@example.com')).toBe(before + 1);
    const mail = services.api.sent.filter((m) => recipients(m).includes('sofia@example.com') && m.body.subject.startsWith('Sign in')).at(-1)!;
    expect(recipients(mail)).toEqual(['sofia@example.com']);
    expect(mail.body.subject).toBe('Sign in to your Northside Referrals dashboard');
    // Asking again within two minutes sends nothing new.
    await postSignIn({ email: 'sofia@example.com' });
    expect(signInsTo('sofia@example.com')).toBe(before + 1);
  });

  it('uses a sign-in link once, within its lifetime, and sets a signed HttpOnly SameSite cookie', async () => {
    expect((await postSignIn({ email: 'jane@example.com' })).status).toBe(202);
    const mail = services.api.sent.filter((m) => recipients(m).includes('jane@example.com') && m.body.subject.startsWith('Sign in')).at(-1)!;
    const token = tokenIn(mail, 'dashboard/sign-in');
    const res = await postSession({ token });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/^vouch_session=[\w.-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=4(?:3200|3199); Secure$/);
    const replay = await postSession({ token });
    expect(replay.status).toBe(410);
    expect((await replay.json()).error.message).toMatch(/used already/);
    const expired = tokens.sign({ purpose: 'sign-in', subject: 'jane-okafor', expiresAt: Date.now() - 1, nonce: 'x' })!;
    expect((await postSession({ token: expired })).status).toBe(410);
    const session = tokens.sign({ purpose: 'session', subject: 'jane-okafor', expiresAt: Date.now() + 60_000 })!;
    expect((await postSession({ token: session })).status).toBe(404);
  });

  it("records milestones for the provider's own referrals only: another provider's answer 404", async () => {
    const story = await recommended();
    const jane = await signIn('jane-okafor');
    const sofia = await signIn('sofia-marin');
    expect((await postDashboardAction({ referral: story.id, action: 'contacted' })).status).toBe(401);
    expect((await postDashboardAction({ referral: story.id, action: 'contacted' }, sofia)).status).toBe(404);
    expect((await postDashboardAction({ referral: 'no-such-referral-0000', action: 'contacted' }, jane)).status).toBe(404);
    const forgedCookie = `vouch_session=${createTokens('another-secret-another-secret-000').sign({ purpose: 'session', subject: 'jane-okafor', expiresAt: Date.now() + 60_000 })}`;
    expect((await postDashboardAction({ referral: story.id, action: 'contacted' }, forgedCookie)).status).toBe(401);
    const ok = await postDashboardAction({ referral: story.id, action: 'contacted' }, jane);
    expect(ok.status).toBe(200);
    expect((await referralRecord(story.id))!.stage).toBe('contacted');
  });

  it("exports the provider's own referrals as CSV, safe to open in a spreadsheet", async () => {
    const story = await recommended();
    const formula = address('formula');
    await postReferral({ provider: 'jane-okafor', name: '=HYPERLINK("x")', email: formula, message: 'Hi', consent: true });
    const other = await recommended(true, 'sofia-marin');
    expect((await getExport()).status).toBe(401);
    const res = await getExport(await signIn('jane-okafor'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="referrals-jane-okafor.csv"');
    const csv = await res.text();
    expect(csv.split('\r\n')[0]).toBe('"id","kind","stage","referee","email","phone","referred by","handed on by","received","respond by","hours to first contact"');
    expect(csv).toMatch(new RegExp(`"${story.id}","Recommendation","New: not contacted yet","Quentin Zabriskie","[^"@]+@[^"]+","[^"]*","Amara"`));
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).not.toContain(other.id);
  });
});

describe('unsubscribing from notes and thank-yous (List-Unsubscribe, RFC 8058)', () => {
  /** The URL of an email's `List-Unsubscribe: <…>` header, with its one-click partner checked. */
  const oneClickOf = (mail: SentEmail): string => {
    expect(mail.body.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const match = /^<(https:\/\/[^<>]+)>$/.exec(mail.body.headers?.['List-Unsubscribe'] ?? '');
    expect(match, `List-Unsubscribe on "${mail.body.subject}"`).not.toBeNull();
    return match![1]!;
  };
  const thanksSubject = 'Thank you for recommending Jane Okafor';
  const noteSubject = 'News about your referral to Jane Okafor';
  const referAgain = async (story: Story) => {
    const res = await postReferral({ provider: 'jane-okafor', ref: story.code, name: 'Rita Hale', email: address('referee'), message: 'Hello.', consent: true });
    expect(res.status).toBe(201);
  };

  it('a one-click post from a note stops the notes, and the single thank-you per referral still comes', async () => {
    const story = await recommended();
    expect((await postAction({ token: story.act, action: 'contacted' })).status).toBe(200);
    const url = oneClickOf(onlyMailTo(story.referrer, noteSubject));
    expect(url.startsWith(`${ORIGIN}/api/unsubscribe?token=`)).toBe(true);

    const res = await postOneClick(url);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ notes: false, thanks: true });
    expect((await postAction({ token: story.act, action: 'met' })).status).toBe(200);
    expect((await referralRecord(story.id))!.stage).toBe('met');
    expect(mailTo(story.referrer).filter((m) => m.body.subject === noteSubject)).toHaveLength(1);

    await referAgain(story);
    expect(mailTo(story.referrer).filter((m) => m.body.subject === thanksSubject)).toHaveLength(2);
  });

  it("a one-click post from a thank-you stops every email about the referrer's referrals", async () => {
    const story = await recommended();
    const res = await postOneClick(oneClickOf(onlyMailTo(story.referrer, thanksSubject)));
    expect(await res.json()).toEqual({ notes: false, thanks: false });
    await referAgain(story);
    expect((await postAction({ token: story.act, action: 'contacted' })).status).toBe(200);
    expect(mailTo(story.referrer).map((m) => m.body.subject)).toEqual([`Your personal link to recommend Jane Okafor`, thanksSubject]);
  });

  it('answers 404 for a forged token or one of another purpose, 410 for an expired one, and stops nothing', async () => {
    const story = await recommended();
    const url = new URL(oneClickOf(onlyMailTo(story.referrer, thanksSubject)));
    const token = url.searchParams.get('token')!;
    const at = (value: string) => `${ORIGIN}/api/unsubscribe?token=${encodeURIComponent(value)}`;
    const forged = Buffer.from(token, 'base64url');
    forged[forged.length - 1]! ^= 0x01;
    expect((await postOneClick(at(forged.toString('base64url')))).status).toBe(404);
    expect((await postOneClick(at(`${token}!!`))).status).toBe(404);
    expect((await postOneClick(at(tokens.sign({ purpose: 'referrer', subject: story.code, expiresAt: Date.now() + 60_000 })!))).status).toBe(404);
    expect((await postOneClick(`${ORIGIN}/api/unsubscribe`)).status).toBe(404);
    const expired = await postOneClick(at(tokens.sign({ purpose: 'unsubscribe', subject: story.code, expiresAt: Date.now() - 1 })!));
    expect(expired.status).toBe(410);
    expect((await postOneClick(url.href, { body: 'x'.repeat(2048) })).status).toBe(413);
    expect((await postOneClick(`${url.href.replace('&stop=all', '')}&stop=everything`)).status).toBe(422);

    expect((await postAction({ token: story.act, action: 'contacted' })).status).toBe(200);
    onlyMailTo(story.referrer, noteSubject);
  });
});
