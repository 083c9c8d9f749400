// The outbox under failure: the real Blobs server, the real Resend SDK talking to a local
// server that answers like Resend's API, and the scheduled drain run at chosen times.
import { getStore } from '@netlify/blobs';
import { beforeEach, describe, expect, it } from 'vitest';
import outboxFunction from '../../netlify/functions/outbox.ts';
import { createDeps } from '../../src/lib/adapters/deps.ts';
import type { OutboxMessage } from '../../src/lib/domain/ports.ts';
import { MAX_ATTEMPTS } from '../../src/lib/domain/retry.ts';
import { THANKS_PER_LINK_PER_DAY } from '../../src/lib/domain/referral-intake.ts';
import { drainOutbox } from '../../src/lib/domain/use-cases/drain-outbox.ts';
import { useNoTransport, useResend } from '../support/env.ts';
import { postReferral } from '../support/handlers.ts';
import type { SentEmail } from '../support/resend-api.ts';
import { address, linkFor as linkForIn, localServices } from '../support/services.ts';

const services = localServices();
const HOUR = 3_600_000;

beforeEach(() => {
  process.env.MAIL_TIMEOUT_MS = '300';
});

const outbox = () => getStore({ name: 'vouch-outbox', consistency: 'strong' });
const message = async (key: string) => (await outbox().get(`msg/${key}`, { type: 'json' })) as OutboxMessage | null;
const pendingKeys = async () => (await outbox().list({ prefix: 'pending/' })).blobs.map((b) => b.key.slice('pending/'.length));

/** Runs the scheduled drain as if the clock read `at`; no pauses between sends. */
const drainAt = (at: number) => drainOutbox({ ...createDeps(), clock: { now: () => new Date(at) } }, { pause: async () => {} });

/** Runs drains at growing times until nothing is pending, as the schedule would. */
async function drainUntilEmpty(from: number): Promise<number> {
  let at = from;
  for (let run = 0; run < 20 && (await pendingKeys()).length > 0; run++) {
    at += 2 * HOUR;
    await drainAt(at);
  }
  return at;
}

const linkFor = (email: string) => linkForIn(services.api, email);

const referee = (overrides: Record<string, unknown> = {}) => ({
  provider: 'jane-okafor',
  name: 'Bob Stone',
  email: address('bob'),
  message: 'Help with three old pensions.',
  consent: true,
  ...overrides,
});

const countBy = (emails: SentEmail[]) => {
  const counts = new Map<string, number>();
  for (const email of emails) counts.set(email.idempotencyKey!, (counts.get(email.idempotencyKey!) ?? 0) + 1);
  return counts;
};

describe('when the mail API fails for a stretch, then recovers', () => {
  it('loses no referral and delivers every email exactly once', async () => {
    const ref = await linkFor(address('alice'));
    services.api.sent.length = 0;
    const start = Date.now();

    // Stretch 1: 500s while five people get in touch.
    services.api.fail({ kind: 'status', status: 500, name: 'internal_server_error' });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await postReferral(referee({ ref, name: `Person${i} Stone` }));
      expect(res.status).toBe(201);
      ids.push((await res.json()).id);
    }
    const expected = ids.flatMap((id) => [`${id}-referee-confirmation`, `${id}-provider-alert`, `${id}-referrer-thanks`]);
    expect((await pendingKeys()).filter((key) => expected.includes(key)).sort()).toEqual([...expected].sort());

    // Stretch 2: rate-limited with retry-after; the drain stops at the first 429 and waits at least that long.
    services.api.fail({ kind: 'status', status: 429, name: 'rate_limit_exceeded', retryAfter: 7200 });
    const limited = await drainAt(start + 2 * HOUR);
    expect(limited.failed).toBe(1);
    expect(limited.skipped).toBeGreaterThan(0);
    const throttled = (await Promise.all(expected.map(message))).find((m) => m?.lastError === 'rate_limit_exceeded')!;
    expect(Date.parse(throttled.nextAttemptAt)).toBeGreaterThanOrEqual(start + 4 * HOUR);

    // Stretch 3a: the API hangs (timeouts) and sends nothing.
    services.api.fail({ kind: 'hang' });
    const hung = await drainAt(start + 4.5 * HOUR);
    expect(hung.sent).toBe(0);
    expect(services.api.sent).toHaveLength(0);

    // Stretch 3b: the API sends but its answers never arrive (timeouts): nothing is known to be sent.
    services.api.fail({ kind: 'lose-response' });
    await drainAt(start + 5 * HOUR);
    expect(countBy(services.api.sent).size).toBe(services.api.sent.length);
    expect(services.api.sent.length).toBeGreaterThan(0);
    for (const { idempotencyKey } of services.api.sent) expect(await message(idempotencyKey!)).toMatchObject({ status: 'pending', lastError: 'application_error' });

    // Stretch 4: connection refused.
    const baseUrl = process.env.RESEND_BASE_URL;
    process.env.RESEND_BASE_URL = 'http://127.0.0.1:9';
    await drainAt(start + 7 * HOUR);
    process.env.RESEND_BASE_URL = baseUrl;

    services.api.recover();
    await drainUntilEmpty(start + 7 * HOUR);

    const counts = countBy(services.api.sent);
    for (const key of expected) expect(counts.get(key), key).toBe(1);
    for (const m of await Promise.all(expected.map(message))) expect(m).toMatchObject({ status: 'sent' });
    for (const id of ids) {
      expect(await getStore({ name: 'vouch-referrals', consistency: 'strong' }).get(`id/${id}`, { type: 'json' })).toMatchObject({ id });
    }
  });
});

describe('after the last attempt', () => {
  it('dead-letters the email, keeps it on record, and tells the provider once', async () => {
    services.api.fail({ kind: 'status', status: 500, name: 'internal_server_error' });
    const res = await postReferral(referee());
    const { id } = await res.json();
    const key = `${id}-referee-confirmation`;
    let at = Date.now();
    for (let run = 0; run < MAX_ATTEMPTS + 2; run++) await drainAt((at += 2 * HOUR));
    expect(await message(key)).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS, lastError: 'internal_server_error' });
    expect(await pendingKeys()).not.toContain(key);

    services.api.recover();
    await drainUntilEmpty(at);
    const notices = services.api.sent.filter((m) => m.idempotencyKey === `undelivered-${key}`);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body.to).toEqual(['jane@example.com']);
    expect(notices[0]!.body.subject).toBe('We could not deliver the confirmation to someone who was referred to you');
    expect(notices[0]!.body.text).toContain(id);
    expect(services.api.sent.filter((m) => m.idempotencyKey === key)).toHaveLength(0);
  });
});

describe('with no mail key on a deployed site', () => {
  it('keeps emails waiting without dead-lettering them, and sends them once a key is set', async () => {
    useNoTransport();
    const res = await postReferral(referee());
    const { id } = await res.json();
    let at = Date.now();
    for (let run = 0; run < MAX_ATTEMPTS + 4; run++) await drainAt((at += HOUR));
    expect(await message(`${id}-provider-alert`)).toMatchObject({ status: 'pending', attempts: 0, lastError: 'not_configured' });

    useResend(services.api);
    await drainUntilEmpty(at);
    expect(countBy(services.api.sent).get(`${id}-provider-alert`)).toBe(1);
    expect(countBy(services.api.sent).get(`${id}-referee-confirmation`)).toBe(1);
  });

  it('the scheduled function reports what waits', async () => {
    useNoTransport();
    await postReferral(referee());
    const res = await outboxFunction();
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.due + report.waiting).toBeGreaterThan(0);
    expect(report.unconfigured).toBeGreaterThanOrEqual(2);
  });
});

describe('the same submission twice', () => {
  it('100 identical submissions at once make one referral and one email per recipient', async () => {
    const referrerEmail = address('alice');
    const ref = await linkFor(referrerEmail);
    services.api.sent.length = 0;
    const body = referee({ ref, shareFirstName: true });
    const responses = await Promise.all(Array.from({ length: 100 }, () => postReferral(body)));
    expect(responses.map((r) => r.status)).toEqual(Array(100).fill(201));
    const ids = new Set(await Promise.all(responses.map(async (r) => (await r.json()).id)));
    expect(ids.size).toBe(1);
    const [id] = ids;
    await drainUntilEmpty(Date.now());
    const index = await getStore({ name: 'vouch-referrals', consistency: 'strong' }).list({ prefix: 'listing/jane-okafor/all/' });
    const referrals = await Promise.all(
      index.blobs.map(async ({ key }) => getStore({ name: 'vouch-referrals', consistency: 'strong' }).get(`id/${key.split('/').at(-1)}`, { type: 'json' })),
    );
    expect(referrals.filter((r) => r?.referee.email === body.email)).toHaveLength(1);
    // Other tests' leftovers may be drained too: count only this referral's emails, and everything to its people.
    const mine = services.api.sent.filter((m) => m.idempotencyKey!.startsWith(id!));
    expect(mine.map((m) => m.idempotencyKey).sort()).toEqual([`${id}-provider-alert`, `${id}-referee-confirmation`, `${id}-referrer-thanks`]);
    for (const recipient of [body.email as string, referrerEmail]) {
      expect(services.api.sent.filter((m) => m.body.to.includes(recipient))).toHaveLength(1);
    }
  });

  it('a different message from the same person is a new referral', async () => {
    const email = address('bob');
    const first = await (await postReferral(referee({ email }))).json();
    const second = await (await postReferral(referee({ email, message: 'Also: an ISA question.' }))).json();
    expect(second.id).not.toBe(first.id);
  });
});

describe('a personal link used many times in a day', () => {
  it(`thanks its owner at most ${THANKS_PER_LINK_PER_DAY} times, and still records every referral`, async () => {
    const referrerEmail = address('alice');
    const ref = await linkFor(referrerEmail);
    services.api.sent.length = 0;
    for (let i = 0; i <= THANKS_PER_LINK_PER_DAY + 1; i++) {
      expect((await postReferral(referee({ ref }))).status).toBe(201);
    }
    expect(services.api.sent.filter((m) => m.body.to.includes(referrerEmail))).toHaveLength(THANKS_PER_LINK_PER_DAY);
    expect(services.api.sent.filter((m) => m.body.to.includes('jane@example.com'))).toHaveLength(THANKS_PER_LINK_PER_DAY + 2);
  });
});
