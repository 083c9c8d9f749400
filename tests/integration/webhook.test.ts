// Resend's webhook end to end: signed requests into the function, the real Blobs server,
// and the real Resend SDK sending to a local server that speaks Resend's API.
import { getStore } from '@netlify/blobs';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDeps } from '../../src/lib/adapters/deps.ts';
import { createResendMailer } from '../../src/lib/adapters/resend-mailer.ts';
import type { OutboxMessage } from '../../src/lib/domain/ports.ts';
import { deliveryProblems } from '../../src/lib/domain/use-cases/delivery-problems.ts';
import { eraseReferrer } from '../../src/lib/domain/use-cases/erase-referrer.ts';
import { postReferral, postReferrer, postWebhook } from '../support/handlers.ts';
import { address, localServices, recipients } from '../support/services.ts';
import { bounceOf, emailEvent, signedHeaders, WEBHOOK_SECRET } from '../support/webhooks.ts';

const services = localServices();
beforeEach(() => {
  process.env.RESEND_WEBHOOK_SECRET = WEBHOOK_SECRET;
});
afterEach(() => vi.restoreAllMocks());

const suppressions = () => getStore({ name: 'vouch-suppressions', consistency: 'strong' });
const outboxRecord = async (key: string) =>
  (await getStore({ name: 'vouch-outbox', consistency: 'strong' }).get(`msg/${key}`, { type: 'json' })) as OutboxMessage | null;

/** Sends a signed event; answers the status and body. */
async function deliverEvent(body: string, headers = signedHeaders(body)) {
  const res = await postWebhook(body, headers);
  return { status: res.status, body: await res.json() };
}

const refer = async (email: string) => {
  const res = await postReferral({ provider: 'jane-okafor', name: 'Zeb Quill', email, message: 'Help with my pension.', consent: true });
  expect(res.status).toBe(201);
  return (await res.json()).id as string;
};

describe('a bounce or a complaint reported by Resend', () => {
  it.each([
    ['bounced', (to: string) => bounceOf(to), 'bounced (the receiving server refused it as undeliverable)'],
    ['complained', (to: string) => emailEvent('email.complained', [to]), 'marked an earlier email of ours as spam'],
  ] as const)('stops all mail to an address that %s, and the provider hears why', async (reason, event, why) => {
    const email = address('zeb');
    expect(await deliverEvent(event(email.toUpperCase()))).toEqual({ status: 200, body: { status: 'suppressed' } });

    const id = await refer(email);
    const sent = services.api.sent;
    expect(sent.filter((m) => recipients(m).includes(email))).toEqual([]);
    const alert = sent.find((m) => m.idempotencyKey === `${id}-provider-alert`);
    expect(alert && recipients(alert)).toEqual(['jane@example.com']);

    const notice = sent.filter((m) => m.idempotencyKey === `undelivered-${id}-referee-confirmation`);
    expect(notice).toHaveLength(1);
    expect(recipients(notice[0]!)).toEqual(['jane@example.com']);
    expect(notice[0]!.body.subject).toBe('We did not send the confirmation to someone who was referred to you');
    // The text part is wrapped at 78 characters: read it as one line.
    const said = notice[0]!.body.text!.replace(/\s+/g, ' ');
    expect(said).toContain(`for referral ${id}: `);
    expect(said).toContain(`${why}, so we no longer write to it`);

    expect(await outboxRecord(`${id}-referee-confirmation`)).toMatchObject({ status: 'dead', attempts: 0, lastError: 'suppressed', suppressed: reason });
    const problems = await deliveryProblems(createDeps(), id);
    expect(problems).toEqual({
      ok: true,
      value: [expect.objectContaining({ template: 'referee-confirmation', role: 'referee', status: 'dead', reason: 'suppressed', suppressed: reason })],
    });
  });

  it('tells the provider who asked for a personal link that was not sent, and why; erasing that referrer blanks the name', async () => {
    const email = address('lou');
    await deliverEvent(bounceOf(email));
    expect((await postReferrer({ provider: 'marcus-lee', name: 'Lou Link', email })).status).toBe(202);
    const notice = services.api.sent.filter((m) => m.body.subject === 'We did not send Lou the personal link they asked for');
    expect(notice).toHaveLength(1);
    expect(recipients(notice[0]!)).toEqual(['marcus@example.com', 'office@example.com']);
    const said = notice[0]!.body.text!.replace(/\s+/g, ' ');
    expect(said).toContain('We did not send the personal link Lou asked for on your page: an earlier email of ours to that address bounced');
    expect(said).toContain('If you know Lou, you could send them your page yourself');
    expect(said).not.toContain(email);

    // Erased, the referrer's name leaves the provider's notice too.
    const referrers = getStore({ name: 'vouch-referrers', consistency: 'strong' });
    const codes = (await referrers.list({ prefix: 'code/' })).blobs.map((b) => b.key);
    const records = await Promise.all(codes.map(async (key) => ({ key, record: (await referrers.get(key, { type: 'json' })) as { email: string } | null })));
    const code = records.find((r) => r.record?.email === email)!.key.slice('code/'.length);
    await eraseReferrer(createDeps(), code);
    const kept = await outboxRecord(notice[0]!.idempotencyKey!);
    expect(JSON.stringify(kept)).not.toContain('Lou');
  });

  it('keeps no address in the suppression list, only a digest of it', async () => {
    const email = address('private');
    await deliverEvent(bounceOf(email));
    const local = email.split('@')[0]!;
    const { blobs } = await suppressions().list();
    expect(blobs.length).toBeGreaterThan(0);
    for (const { key } of blobs) expect(key).toMatch(/^address\/[0-9a-f]{64}$/);
    expect((await services.blobs.dump()).some((text) => text.includes(local))).toBe(false);
  });

  it('is idempotent when Resend delivers the same event again', async () => {
    const email = address('replay');
    const body = bounceOf(email);
    const headers = signedHeaders(body);
    expect((await deliverEvent(body, headers)).body).toEqual({ status: 'suppressed' });
    const before = (await suppressions().list()).blobs.length;
    expect(await deliverEvent(body, headers)).toEqual({ status: 200, body: { status: 'already_suppressed' } });
    expect((await suppressions().list()).blobs.length).toBe(before);
  });

  it('does not suppress a temporary bounce: the next email still goes', async () => {
    const email = address('fullbox');
    expect((await deliverEvent(bounceOf(email, 'Transient'))).body).toEqual({ status: 'ignored' });
    const id = await refer(email);
    expect(services.api.sent.filter((m) => m.idempotencyKey === `${id}-referee-confirmation`).map(recipients)).toEqual([[email]]);
  });

  it('answers 200 to events it does not act on, and suppresses nothing', async () => {
    const email = address('opened');
    for (const type of ['email.delivered', 'email.opened', 'domain.updated']) {
      expect(await deliverEvent(emailEvent(type, [email]))).toEqual({ status: 200, body: { status: 'ignored' } });
    }
    await refer(email);
    expect(services.api.sent.filter((m) => recipients(m).includes(email))).toHaveLength(1);
  });
});

describe('a request that is not a genuine, fresh Resend event', () => {
  const refused = async (body: string, headers: Record<string, string>) => {
    const before = (await suppressions().list()).blobs.length;
    const answer = await deliverEvent(body, headers);
    expect((await suppressions().list()).blobs.length).toBe(before);
    return answer;
  };

  it('is refused with 401 when unsigned, signed with another secret, or its body was changed', async () => {
    const body = bounceOf(address('forged'));
    const other = `whsec_${Buffer.from('an-attacker-s-own-signing-secret').toString('base64')}`;
    const genuine = signedHeaders(body);
    for (const [what, headers, sent] of [
      ['unsigned', {}, body],
      ['another secret', signedHeaders(body, { secret: other }), body],
      ['a changed body', genuine, body.replace('forged', 'victim')],
    ] as const) {
      const answer = await refused(sent, headers);
      expect(answer.status, what).toBe(401);
      expect(answer.body.error.code).toBe('invalid_signature');
    }
  });

  it.each([
    ['six minutes old', -360],
    ['six minutes ahead', 360],
  ])('is refused with 401 when its timestamp is %s', async (_, offset) => {
    const body = bounceOf(address('stale'));
    const answer = await refused(body, signedHeaders(body, { timestamp: Math.floor(Date.now() / 1000) + offset }));
    expect(answer.status).toBe(401);
  });

  it('is refused with 400 when validly signed but not JSON, or a bounce without its fields', async () => {
    for (const body of ['{"type":"email.bounced"', JSON.stringify({ type: 'email.bounced', created_at: 'x', data: {} })]) {
      expect((await refused(body, signedHeaders(body))).status).toBe(400);
    }
  });

  it('is refused with 413 when far larger than any event', async () => {
    const body = emailEvent('email.bounced', ['a@example.net'], { padding: 'x'.repeat(70 * 1024) });
    expect((await refused(body, signedHeaders(body))).status).toBe(413);
  });

  it('is refused with 503, and a configuration error logged, while no signing secret is set', async () => {
    delete process.env.RESEND_WEBHOOK_SECRET;
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const body = bounceOf(address('unconfigured'));
    const answer = await refused(body, signedHeaders(body));
    expect(answer).toMatchObject({ status: 503, body: { error: { code: 'not_configured' } } });
    expect(logged.mock.calls.flat().join('\n')).toContain('RESEND_WEBHOOK_SECRET is not set');
  });
});

describe('hostile requests', () => {
  const value = fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('__proto__', '<script>', 'a\r\nb', '\u0000'), fc.integer(), fc.constant(null));
  const body = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.record({ type: fc.constantFrom('email.bounced', 'email.complained'), created_at: value, data: fc.dictionary(fc.constantFrom('email_id', 'to', 'bounce', '__proto__'), fc.oneof(value, fc.array(value, { maxLength: 3 }))) }).map((event) => JSON.stringify(event)),
  );

  it('answers every signed body with 200 or 400, never a failure, and keys the list by digests only', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const { status } = await postWebhook(text, signedHeaders(text));
        expect([200, 400]).toContain(status);
      }),
      { numRuns: 300 },
    );
    for (const { key } of (await suppressions().list()).blobs) expect(key).toMatch(/^address\/[0-9a-f]{64}$/);
  });

  it('answers 401 to any body with forged or garbled signature headers', async () => {
    const header = fc.oneof(fc.string({ maxLength: 100 }), fc.constantFrom('v1,', 'v1,AAAA', ' ', '\u0000'));
    await fc.assert(
      fc.asyncProperty(body, header, header, fc.integer({ min: -1e6, max: 1e6 }), async (text, id, signature, drift) => {
        const headers = { 'svix-id': id.replace(/[^\x21-\x7e]/g, '') || 'x', 'svix-timestamp': String(Math.floor(Date.now() / 1000) + drift), 'svix-signature': signature.replace(/[^\x20-\x7e]/g, '') };
        expect((await postWebhook(text, headers)).status).toBe(401);
      }),
      { numRuns: 300 },
    );
  });
});

describe('tags for the Resend dashboard', () => {
  it('reach Resend only in the characters it accepts, and no longer than it accepts', async () => {
    const mailer = createResendMailer({ apiKey: services.api.apiKey, baseUrl: services.api.url });
    const email = { from: 'Northside <referrals@example.com>', to: ['a@example.net'], subject: 'Tagged email', text: 'Hello there.', html: '<p>Hello there.</p>' };
    const tags = [{ name: 'provider name', value: `émile.dupont/${'x'.repeat(300)}` }];
    expect(await mailer.send({ ...email, tags }, { idempotencyKey: 'tags-1' })).toMatchObject({ ok: true });
    const [sent] = services.api.sent.filter((m) => m.idempotencyKey === 'tags-1');
    expect(sent!.body.tags).toEqual([{ name: 'provider_name', value: `_mile_dupont_${'x'.repeat(243)}` }]);
  });

  it('carry the template and the provider on every email', async () => {
    const id = await refer(address('tagged'));
    const mine = services.api.sent.filter((m) => m.idempotencyKey!.startsWith(id));
    expect(mine.map((m) => m.body.tags)).toEqual([
      [
        { name: 'template', value: 'referee-confirmation' },
        { name: 'provider', value: 'jane-okafor' },
      ],
      [
        { name: 'template', value: 'provider-alert' },
        { name: 'provider', value: 'jane-okafor' },
      ],
    ]);
  });
});
