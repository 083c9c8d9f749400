import { getStore } from '@netlify/blobs';
import { describe, expect, it } from 'vitest';
import { contentDirectory } from '../../src/lib/content/index.ts';
import { getSite } from '../../src/lib/content/site.ts';
import { form, ORIGIN, postReferral, postReferrer } from '../support/handlers.ts';
import { address, linkFor as linkForIn, localServices, recipients } from '../support/services.ts';

const services = localServices();

const jane = () => contentDirectory().get('jane-okafor')!;
const mailTo = (addr: string) => services.api.sent.filter((email) => recipients(email).includes(addr));
const linkFor = (email: string, name?: string, provider?: string) => linkForIn(services.api, email, name, provider);

describe('POST /api/referrers', () => {
  it('emails a personal link on the configured site, ending with an unguessable code', async () => {
    const email = address('alice');
    const res = await postReferrer({ provider: 'jane-okafor', name: 'Alice Walker', email });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'accepted' });
    const mails = mailTo(email);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail!.body.from).toBe(getSite().sender);
    expect(mail!.idempotencyKey).toMatch(/^link-jane-okafor-/);
    const links = mail!.body.text!.match(/https?:\/\/\S+\/r\/\S+/g)!;
    expect(links).toHaveLength(1);
    const link = new URL(links[0]!);
    expect(link.origin).toBe(ORIGIN);
    const code = link.pathname.split('/').at(-1)!;
    expect(code).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(code, 'base64url')).toHaveLength(16);
    expect(mail!.body.html).toContain(`${ORIGIN}/r/${code}`);
  });

  it('sends at most one link a day to an address for a provider, and answers the same each time', async () => {
    const email = address('repeat');
    const first = await postReferrer({ provider: 'jane-okafor', name: 'Rita Repeat', email });
    const again = await postReferrer({ provider: 'jane-okafor', name: 'Rita Repeat', email: email.toUpperCase() });
    expect([first.status, again.status]).toEqual([202, 202]);
    expect(await again.json()).toEqual({ status: 'accepted' });
    expect(services.api.sent.filter((m) => recipients(m)[0]!.toLowerCase() === email)).toHaveLength(1);

    await postReferrer({ provider: 'marcus-lee', name: 'Rita Repeat', email });
    expect(mailTo(email)).toHaveLength(2);
  });

  it('stores the referrer under their code, found by a digest of the address, never the address itself', async () => {
    const email = address('same');
    const code = await linkFor(email);
    const store = getStore({ name: 'vouch-referrers', consistency: 'strong' });
    const { blobs: index } = await store.list({ prefix: 'email/jane-okafor/' });
    expect(index.length).toBeGreaterThan(0);
    for (const { key } of index) expect(key).toMatch(/^email\/jane-okafor\/[0-9a-f]{64}$/);
    expect(await store.get(`code/${code}`, { type: 'json' })).toMatchObject({ code, provider: 'jane-okafor', email });
  });

  it('answers a form post with 303 to "check your inbox"', async () => {
    const res = await postReferrer(form({ provider: 'sofia-marin', name: 'Form Person', email: address('form') }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/p/sofia-marin/link-sent/');
  });

  it('refuses bad input with per-field messages and sends nothing', async () => {
    const res = await postReferrer({ provider: 'jane-okafor', name: '', email: 'nope' });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(Object.keys(body.error.fields).sort()).toEqual(['email', 'name']);
    expect(services.api.sent).toHaveLength(0);
  });

  it('answers 404 for an unknown provider', async () => {
    const res = await postReferrer({ provider: 'no-such-person', name: 'Al', email: address('x') });
    expect(res.status).toBe(404);
    expect(services.api.sent).toHaveLength(0);
  });
});

describe('POST /api/referrals', () => {
  const referee = (overrides: Record<string, unknown> = {}) => ({
    provider: 'jane-okafor',
    name: 'Bob Stone',
    email: address('bob'),
    phone: '+44 7700 900123',
    message: 'We want to sort out three old pensions before I retire next year.',
    consent: true,
    ...overrides,
  });

  it('stores the referral, then sends the three emails', async () => {
    const referrerEmail = address('alice');
    const ref = await linkFor(referrerEmail);
    services.api.sent.length = 0;
    const input = referee({ ref, shareFirstName: true });
    const res = await postReferral(input);
    expect(res.status).toBe(201);
    const { id } = await res.json();
    expect(id).toMatch(/^[a-z0-9]+$/);

    const stored = await getStore({ name: 'vouch-referrals', consistency: 'strong' }).get(`id/${id}`, { type: 'json' });
    expect(stored).toMatchObject({
      id,
      provider: 'jane-okafor',
      kind: 'recommendation',
      referrer: ref,
      referee: { name: 'Bob Stone', email: input.email, phone: '+44 7700 900123', message: input.message },
      consent: { contact: true, shareFirstName: true },
      stage: 'new',
      selfReferral: false,
    });
    expect(Date.parse(stored.createdAt)).not.toBeNaN();
    expect(stored.updatedAt).toBe(stored.createdAt);

    expect(services.api.sent).toHaveLength(3);
    const [confirmation] = mailTo(input.email);
    expect(confirmation!.body.subject).toBe('Jane Okafor will be in touch within 24 hours');
    expect(confirmation!.body.text).toContain("on Alice's suggestion");

    const [alert] = mailTo(jane().notify[0]!);
    expect(recipients(alert!)).toEqual(jane().notify);
    expect(alert!.body.reply_to).toBe(input.email);
    expect(alert!.body.subject).toBe('New referral: Bob Stone, recommended by Alice Walker');
    for (const part of [input.email, input.phone, input.message]) expect(alert!.body.text).toContain(part);

    const [thanks] = mailTo(referrerEmail);
    expect(thanks!.body.subject).toBe('Thank you for recommending Jane Okafor');
    expect(thanks!.body.text).toContain('Bob has just got in touch');
    for (const part of [thanks!.body.text!, thanks!.body.html!, thanks!.body.subject]) {
      for (const secret of [input.email, input.phone, 'Stone', 'pensions', '7700']) expect(part).not.toContain(secret);
    }
    expect(new Set(services.api.sent.map((m) => m.idempotencyKey)).size).toBe(3);
  });

  it("thanks the referrer without the referee's first name unless they allowed it", async () => {
    const referrerEmail = address('alice');
    const ref = await linkFor(referrerEmail);
    const res = await postReferral(referee({ ref, name: 'Zelda Quist' }));
    expect(res.status).toBe(201);
    const [thanks] = mailTo(referrerEmail).filter((m) => m.body.subject.startsWith('Thank you'));
    expect(thanks!.body.text).toContain('Someone you recommended has just got in touch');
    expect(thanks!.body.text).not.toContain('Zelda');
    expect(thanks!.body.html).not.toContain('Zelda');
  });

  it('records a self-referral but sends it no thank-you', async () => {
    const email = address('self');
    const ref = await linkFor(email, 'Sam Self');
    services.api.sent.length = 0;
    const res = await postReferral(referee({ ref, email, name: 'Sam Self' }));
    expect(res.status).toBe(201);
    const { id } = await res.json();
    const stored = await getStore({ name: 'vouch-referrals', consistency: 'strong' }).get(`id/${id}`, { type: 'json' });
    expect(stored).toMatchObject({ selfReferral: true, referrer: ref });
    expect(services.api.sent.map((m) => m.idempotencyKey?.split('-').slice(1).join('-')).sort()).toEqual([
      'provider-alert',
      'referee-confirmation',
    ]);
  });

  it("does not attribute a code from another provider's link", async () => {
    const referrerEmail = address('other');
    const ref = await linkFor(referrerEmail, 'Olga Other', 'marcus-lee');
    services.api.sent.length = 0;
    const res = await postReferral(referee({ ref }));
    expect(res.status).toBe(201);
    expect(mailTo(referrerEmail)).toHaveLength(0);
    expect(services.api.sent).toHaveLength(2);
  });

  it('answers a form post with 303 to the thank-you page, attribution included', async () => {
    const referrerEmail = address('alice');
    const ref = await linkFor(referrerEmail);
    const res = await postReferral(
      form({ provider: 'jane-okafor', ref, name: 'Fay Form', email: address('fay'), phone: '', message: 'Help with a pension.', consent: 'true' }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/p/jane-okafor/thanks/');
    expect(mailTo(referrerEmail).filter((m) => m.body.subject.startsWith('Thank you'))).toHaveLength(1);
  });

  it('escapes everything a person typed in every email, and keeps headers single-line', async () => {
    const ref = await linkFor(address('alice'), '<img src=x onerror=alert(1)> Eve');
    services.api.sent.length = 0;
    const res = await postReferral(
      referee({ ref, shareFirstName: true, name: '<script>alert(1)</script> Mallory', message: '<a href="https://evil.example">click</a>\n</blockquote><h1>x</h1>' }),
    );
    expect(res.status).toBe(201);
    expect(services.api.sent).toHaveLength(3);
    for (const mail of services.api.sent) {
      // What was typed stays text; the only image is one the site itself shows (the provider's photo).
      expect(mail.body.html).not.toMatch(/<script|<img src=x|<a href="https:\/\/evil|<h1>x/);
      expect(mail.body.subject).not.toMatch(/[\r\n]/);
    }
    const [alert] = mailTo(jane().notify[0]!);
    expect(alert!.body.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Mallory');
  });

  it('refuses CR/LF in single-line fields', async () => {
    const res = await postReferral(referee({ name: 'Bob\r\nBcc: victim@example.org' }));
    expect(res.status).toBe(422);
    expect((await res.json()).error.fields.name).toEqual(['Name must be a single line of text.']);
    expect(services.api.sent).toHaveLength(0);
  });

  it.each([
    ['missing fields', { provider: 'jane-okafor' }, ['consent', 'email', 'message', 'name']],
    ['a bad email and phone', { email: 'bob@', phone: 'call me' }, ['email', 'phone']],
    ['no consent', { consent: false }, ['consent']],
    ['consent as a string', { consent: 'yes' }, ['consent']],
    ['an overlong message', { message: 'x'.repeat(2001) }, ['message']],
    ['a malformed ref', { ref: 'abc' }, ['ref']],
  ])('answers 422 with per-field messages for %s', async (_, overrides, fields) => {
    const body = 'provider' in overrides && Object.keys(overrides).length === 1 ? overrides : referee(overrides);
    const res = await postReferral(body);
    expect(res.status).toBe(422);
    const json = await res.json();
    expect(json.error.code).toBe('invalid_input');
    expect(Object.keys(json.error.fields).sort()).toEqual(fields);
    for (const messages of Object.values(json.error.fields) as string[][]) expect(messages[0]).toMatch(/^[A-Z].+\.$/);
    expect(services.api.sent).toHaveLength(0);
  });

  it('rejects unknown fields', async () => {
    const res = await postReferral(referee({ isAdmin: true }));
    expect(res.status).toBe(422);
    expect((await res.json()).error.message).toBe('Unknown field: isAdmin.');
    expect(services.api.sent).toHaveLength(0);
  });

  it('refuses malformed JSON (400), other content types (415), big bodies (413), other sites (403) and unknown providers (404)', async () => {
    expect((await postReferral('{"provider":', { type: 'application/json' })).status).toBe(400);
    expect((await postReferral('[1,2]', { type: 'application/json' })).status).toBe(400);
    expect((await postReferral('hello', { type: 'text/plain' })).status).toBe(415);
    expect((await postReferral('x', { type: 'multipart/form-data; boundary=x' })).status).toBe(415);
    expect((await postReferral(referee({ message: 'x'.repeat(20_000) }))).status).toBe(413);
    expect((await postReferral(referee(), { headers: { origin: 'https://evil.example' } })).status).toBe(403);
    expect((await postReferral(referee(), { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect((await postReferral(referee({ provider: 'nobody-here' }))).status).toBe(404);
    expect(services.api.sent).toHaveLength(0);
  });

  it('accepts a same-origin browser post', async () => {
    const res = await postReferral(referee(), { headers: { origin: ORIGIN, 'sec-fetch-site': 'same-origin' } });
    expect(res.status).toBe(201);
  });
});
