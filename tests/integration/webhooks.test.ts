// Providers' webhooks, end to end: the functions as Netlify calls them (work after the answer
// through `context.waitUntil`), the real Blobs server, the outbox's scheduled run at chosen
// times, and a receiver on loopback that checks every post with the standardwebhooks library,
// never with the sender's code. This is local mode (no Resend key), where every provider's
// webhooks go to <VOUCH_BASE_URL>/dev/webhooks/<slug>: here that base is the receiver. Jane's
// content file names WEBHOOK_SECRET_JANE_OKAFOR; each run makes a secret of its own.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getStore } from '@netlify/blobs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDeps } from '../../src/lib/adapters/deps.ts';
import { systemClock } from '../../src/lib/adapters/ids.ts';
import { readMailbox } from '../../src/lib/adapters/mailbox.ts';
import { createTokens } from '../../src/lib/adapters/tokens.ts';
import { type WebhookMessage, WebhookEvent } from '../../src/lib/domain/webhook-events.ts';
import { MAX_ATTEMPTS } from '../../src/lib/domain/retry.ts';
import { actionsPath, respondPath } from '../../src/lib/domain/routes.ts';
import { drainOutbox } from '../../src/lib/domain/use-cases/drain-outbox.ts';
import { webhookOverview } from '../../src/lib/domain/use-cases/provider-webhooks.ts';
import { deliver } from '../../src/lib/domain/deliver.ts';
import { deliverWebhooks } from '../../src/lib/domain/webhook-delivery.ts';
import { postWebhooks } from '../../src/lib/domain/webhook-post.ts';
import { createdEvent } from '../../src/lib/domain/webhook-messages.ts';
import { recordWebhooks } from '../../src/lib/domain/records/outbox.ts';
import { referralFixture, TEST_SECRET } from '../fixtures/domain.ts';
import { useMailbox } from '../support/env.ts';
import { form, postAction, postAnswer, postDashboardWebhook, postReferral, postReferrer, postSession } from '../support/handlers.ts';
import { address, localServices, signedLinks } from '../support/services.ts';
import { newWebhookSecret, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

localServices();
signedLinks();
const tokens = createTokens(TEST_SECRET);
const signing = { tokens, clock: systemClock };
const secret = newWebhookSecret();
let receiver: WebhookReceiver;
let mailDir: string;

beforeAll(async () => {
  receiver = await startWebhookReceiver(secret);
  mailDir = await mkdtemp(join(tmpdir(), 'vouch-webhooks-'));
});
afterAll(async () => {
  await receiver.close();
  await rm(mailDir, { recursive: true, force: true });
});
beforeEach(() => {
  useMailbox(mailDir);
  Object.assign(process.env, { VOUCH_BASE_URL: receiver.url, WEBHOOK_SECRET_JANE_OKAFOR: secret, WEBHOOK_TIMEOUT_MS: '2000' });
  receiver.recover();
});
afterEach(() => {
  delete process.env.WEBHOOK_SECRET_JANE_OKAFOR;
  delete process.env.WEBHOOK_TIMEOUT_MS;
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const outbox = () => getStore({ name: 'vouch-outbox', consistency: 'strong' });
const stored = async (key: string) => (await outbox().get(`msg/${key}`, { type: 'json' })) as WebhookMessage | null;
const createdKey = (id: string) => `hook-${id}-created`;
const aboutReferral = (id: string) => receiver.arrivals.filter((a) => a.body.includes(`"id":"${id}"`));
const acceptedFor = (id: string) => receiver.accepted().filter((a) => (a.event?.data.referral as { id?: string } | undefined)?.id === id);

/** Work handed to `context.waitUntil`, which Netlify keeps running after the answer. */
function afterTheAnswer() {
  const tasks: Promise<unknown>[] = [];
  return { context: { waitUntil: (task: Promise<unknown>) => void tasks.push(task) }, done: () => Promise.all(tasks) };
}

/** A referral to Jane through the function; answers its id once the work after the answer is done. */
async function refer(fields: Record<string, unknown> = {}): Promise<string> {
  const after = afterTheAnswer();
  const res = await postReferral({ provider: 'jane-okafor', name: 'Bob Stone', email: address('bob'), message: 'Three old pensions.', consent: true, ...fields }, undefined, after.context);
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  await after.done();
  return id;
}

/** The outbox's scheduled run, as if the clock read `at`. */
const drainAt = (at: number) => drainOutbox({ ...createDeps(), clock: { now: () => new Date(at) } }, { pause: async () => {} });

/** Runs the outbox at growing times, the run `n` with the fault `faults[n]` (then none), until none of `keys` is pending. */
async function drainThrough(keys: string[], faults: ((receiver: WebhookReceiver) => Promise<void> | void)[]): Promise<void> {
  let at = Date.now();
  for (let run = 0; run < MAX_ATTEMPTS + faults.length; run++) {
    if ((await Promise.all(keys.map(stored))).every((m) => m?.status !== 'pending')) return;
    receiver.recover();
    await faults[run]?.(receiver);
    await drainAt((at += 2 * HOUR));
    await receiver.reopen();
  }
}

describe('a referral’s events', () => {
  it('go out after the answer as Standard Webhooks the library verifies, carrying what the provider may see and nothing of the referrer', async () => {
    const referrer = address('amara');
    expect((await postReferrer({ provider: 'jane-okafor', name: 'Amara Okonkwo-Featherstonehaugh', email: referrer })).status).toBe(202);
    const link = (await readMailbox(mailDir)).find((m) => m.to.includes(referrer))!;
    const code = /\/r\/([A-Za-z0-9_-]{22})/.exec(link.text)![1]!;
    const email = address('priya');
    const id = await refer({ ref: code, name: 'Priya Raghunathan-Castellanos', email, phone: '+44 7700 900123', message: 'Two pensions & an ISA <b>please</b>.' });
    const [created] = acceptedFor(id);
    expect(created?.path).toBe('/dev/webhooks/jane-okafor');
    expect(created?.id).toBe(createdKey(id));
    expect(Math.abs(Number(created?.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(created?.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const event = WebhookEvent.parse(created!.event);
    expect(event).toMatchObject({
      type: 'referral.created',
      version: 1,
      data: {
        referral: { id, provider: 'jane-okafor', kind: 'recommendation', origin: 'recommendation', stage: 'new' },
        referee: { name: 'Priya Raghunathan-Castellanos', email, phone: '+44 7700 900123', message: 'Two pensions & an ISA <b>please</b>.' },
      },
    });
    expect(Date.parse(event.type === 'referral.created' ? event.data.referral.respondBy : '') - Date.parse(event.timestamp)).toBe(24 * HOUR);
    for (const referrerDetail of ['Amara', 'Okonkwo', referrer, code]) expect(created!.body).not.toContain(referrerDetail);
    expect(await stored(createdKey(id))).toMatchObject({ status: 'sent', attempts: 1, lastStatus: 204 });

    // A milestone: its event goes out with the outbox's next run (the action link's function answers first).
    const act = actionsPath(signing, 'jane-okafor', id)!.split('/')[2]!;
    expect((await postAction({ token: act, action: 'contacted' })).status).toBe(200);
    await drainAt(Date.now());
    const changed = acceptedFor(id).find((a) => a.event?.type === 'referral.stage_changed');
    expect(WebhookEvent.parse(changed!.event)).toMatchObject({ data: { referral: { id, stage: 'contacted', previousStage: 'new', by: 'provider' } } });
    expect(changed?.body).not.toContain(email);
  });

  it('refuse a post whose signature does not hold: the receiver’s library rejects a body changed in transit', async () => {
    const id = await refer();
    const [created] = acceptedFor(id);
    const { Webhook } = await import('standardwebhooks');
    const headers = Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((h) => [h, String(created!.headers[h])]));
    expect(() => new Webhook(secret).verify(created!.body.replace('Bob Stone', 'Rob Stone'), headers)).toThrow(/signature/i);
    expect(() => new Webhook(newWebhookSecret()).verify(created!.body, headers)).toThrow(/signature/i);
  });
});

describe('when the receiver fails for a stretch', () => {
  it('500s, a 429 with retry-after, timeouts and refused connections end in exactly one accepted delivery per event', async () => {
    receiver.fail({ status: 500 });
    const ids = [await refer(), await refer(), await refer()];
    for (const id of ids) expect(await stored(createdKey(id))).toMatchObject({ status: 'pending', attempts: 1, lastError: 'http_500' });
    await drainThrough(ids.map(createdKey), [
      (r) => r.fail({ status: 503 }),
      (r) => r.fail({ status: 429, headers: { 'retry-after': '120' } }, 1),
      (r) => r.fail({ hang: true }),
      (r) => r.shut(),
      (r) => r.fail({ status: 500 }, 1),
    ]);
    for (const id of ids) {
      expect(acceptedFor(id)).toHaveLength(1);
      // Never posted again once accepted: the receiver saw no repeat.
      expect(aboutReferral(id).filter((a) => a.answered === 200)).toEqual([]);
      expect(new Set(aboutReferral(id).map((a) => a.id))).toEqual(new Set([createdKey(id)]));
      expect(await stored(createdKey(id))).toMatchObject({ status: 'sent' });
    }
    // The hang was met: those posts were never answered, and counted as failed.
    expect(ids.flatMap(aboutReferral).filter((a) => a.answered === null).length).toBeGreaterThan(0);
  });

  it('waits at least as long as retry-after says, with the same webhook-id on every attempt', async () => {
    receiver.fail({ status: 429, headers: { 'retry-after': '3600' } }, 1);
    const start = Date.now();
    const id = await refer();
    const after429 = await stored(createdKey(id));
    expect(after429).toMatchObject({ status: 'pending', attempts: 1, lastError: 'http_429', lastStatus: 429 });
    expect(Date.parse(after429!.nextAttemptAt) - start).toBeGreaterThanOrEqual(3600_000 - 1000);
    await drainAt(start + 30 * MINUTE);
    expect(aboutReferral(id)).toHaveLength(1);
    await drainAt(start + 61 * MINUTE);
    expect(aboutReferral(id).map((a) => a.id)).toEqual([createdKey(id), createdKey(id)]);
    expect(acceptedFor(id)).toHaveLength(1);
  });

  it('follows no redirect: the post counts as failed and nothing reaches where it pointed', async () => {
    receiver.fail({ status: 307, headers: { location: `${receiver.url}/elsewhere` } }, 1);
    const id = await refer();
    expect(await stored(createdKey(id))).toMatchObject({ status: 'pending', lastError: 'redirect', lastStatus: 307 });
    expect(receiver.arrivals.filter((a) => a.path === '/elsewhere')).toEqual([]);
  });

  it('dead-letters after the emails’ budget of attempts, and tells the provider once that day', async () => {
    receiver.fail({ status: 500 });
    const ids = [await refer(), await refer()];
    let at = Date.now();
    for (let run = 0; run < MAX_ATTEMPTS + 1; run++) await drainAt((at += 2 * HOUR));
    for (const id of ids) expect(await stored(createdKey(id))).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS, lastError: 'http_500' });
    const notices = (await readMailbox(mailDir)).filter((m) => m.subject === 'Referral events are not reaching crm.jane-okafor.example');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.to).toEqual(['jane@example.com']);
    expect(notices[0]!.text).toContain(`We tried ${MAX_ATTEMPTS} times`);
    expect(notices[0]!.text).not.toContain('secret internal detail');
  });

  it('100 events at once, each posted by the request that recorded it and by two outbox runs side by side, end in one accepted delivery each', async () => {
    // Recorded as a request records them (only the outbox records: 100 whole referrals at once would
    // measure the local Blobs server, which writes an empty file for a request it gave up on). The
    // receiver has its real 10 s to answer: on a busy machine 100 posts at once can take longer
    // than the 2 s the other tests allow, and a post answered too late is rightly posted again.
    delete process.env.WEBHOOK_TIMEOUT_MS;
    const deps = createDeps();
    const jane = deps.directory.get('jane-okafor')!;
    const now = new Date();
    const events = Array.from({ length: 100 }, (_, n) =>
      createdEvent(deps, referralFixture(now, { id: `${now.getTime().toString(36)}-burst${String(n).padStart(3, '0')}`, referee: { name: `Burst Person ${n}`, email: address(`burst${n}`), message: 'At once.' } }), jane, {
        respondBy: new Date(now.getTime() + 24 * HOUR),
        origin: 'direct',
      }),
    ).flat();
    const recorded = await recordWebhooks(deps, events);
    expect(recorded).toHaveLength(100);
    await Promise.all([...recorded.map((event) => deliverWebhooks(deps, { deliver, postWebhooks }, [event])), drainAt(Date.now()), drainAt(Date.now())]);
    await drainAt(Date.now() + 2 * MINUTE);
    for (const event of recorded) {
      const id = event.referral!;
      expect(acceptedFor(id), id).toHaveLength(1);
      expect(aboutReferral(id).filter((a) => a.answered === 200), id).toEqual([]);
      expect(await stored(event.key)).toMatchObject({ status: 'sent', attempts: 1 });
    }
  }, 60_000);
});

describe('erasure', () => {
  it('scrubs the queued deliveries of the referral and sends referral.erased, which the receiver accepts once', async () => {
    receiver.fail({ status: 500 });
    const email = address('erase-me');
    const id = await refer({ name: 'Erin Erasable', email, message: 'Please forget me later.' });
    expect(JSON.stringify(await stored(createdKey(id)))).toContain(email);

    const token = respondPath(signing, id)!.split('/')[2]!;
    expect((await postAnswer({ token, answer: 'erase' })).status).toBe(200);
    const scrubbed = await stored(createdKey(id));
    expect(scrubbed).toMatchObject({ status: 'dead', lastError: 'erased', payload: null });
    expect(JSON.stringify(scrubbed)).not.toContain(email);
    expect(JSON.stringify(scrubbed)).not.toContain('Erin');

    receiver.recover();
    await drainAt(Date.now() + 2 * HOUR);
    await drainAt(Date.now() + 4 * HOUR);
    const accepted = acceptedFor(id);
    expect(accepted.map((a) => a.event?.type)).toEqual(['referral.erased']);
    expect(WebhookEvent.parse(accepted[0]!.event)).toMatchObject({ data: { referral: { id, provider: 'jane-okafor', stage: 'new' } } });
    expect(accepted[0]!.body).not.toContain(email);
    // The event that was never delivered is never delivered now.
    expect(aboutReferral(id).filter((a) => a.event?.type === 'referral.created' && a.accepted)).toEqual([]);
  });

  it('racing a delivery in flight: the record loses the details, and referral.erased comes after that delivery, not before', async () => {
    process.env.WEBHOOK_TIMEOUT_MS = '5000';
    const release = receiver.hold();
    const after = afterTheAnswer();
    const email = address('in-flight');
    const res = await postReferral({ provider: 'jane-okafor', name: 'Ivy Inflight', email, message: 'Racing.', consent: true }, undefined, after.context);
    const { id } = (await res.json()) as { id: string };
    await expect.poll(() => aboutReferral(id).length).toBe(1);

    const token = respondPath(signing, id)!.split('/')[2]!;
    expect((await postAnswer({ token, answer: 'erase' })).status).toBe(200);
    expect(JSON.stringify(await stored(createdKey(id)))).not.toContain(email);
    // The outbox runs while the delivery is still in flight: referral.erased waits for it.
    const early = await drainAt(Date.now());
    expect(early.webhooks.sent).toBe(0);
    expect(aboutReferral(id)).toHaveLength(1);

    release();
    await after.done();
    await drainAt(Date.now() + 2 * MINUTE);
    expect(acceptedFor(id).map((a) => a.event?.type)).toEqual(['referral.created', 'referral.erased']);
    expect(await stored(createdKey(id))).toMatchObject({ status: 'sent', payload: null });
  });
});

describe('the dashboard', () => {
  const cookie = async () => {
    const link = tokens.sign({ purpose: 'sign-in', subject: 'jane-okafor', expiresAt: Date.now() + MINUTE, nonce: `webhook-${Date.now()}-${Math.random()}` });
    const res = await postSession({ token: link });
    expect(res.status).toBe(200);
    return res.headers.get('set-cookie')!.split(';')[0]!;
  };

  it('sends a test event from a plain form post, once however often it is pressed, and lists the recent deliveries', async () => {
    const session = await cookie();
    const earlier = await refer();
    const after = afterTheAnswer();
    const res = await postDashboardWebhook(form({ action: 'test' }), session, after.context);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/dashboard/?webhook=test#webhook');
    await after.done();
    const test = receiver.accepted().filter((a) => a.event?.test).at(-1)!;
    expect(WebhookEvent.parse(test.event)).toMatchObject({ type: 'referral.created', test: true, data: { referral: { id: 'test' } } });

    const again = await postDashboardWebhook(form({ action: 'test' }), session);
    expect(again.headers.get('location')).toBe('/dashboard/?webhook=too_many#webhook');
    expect((await postDashboardWebhook({ action: 'test' })).status).toBe(401);

    const overview = await webhookOverview(createDeps(), createDeps().directory.get('jane-okafor')!);
    expect(overview).toMatchObject({ shownUrl: 'crm.jane-okafor.example/hooks/vouch', secretVariable: 'WEBHOOK_SECRET_JANE_OKAFOR', secret: 'ready' });
    expect(overview!.deliveries[0]).toMatchObject({ key: test.id, event: 'referral.created', test: true, state: 'delivered', status: 'Delivered (HTTP 204)', attempts: 1 });
    expect(overview!.deliveries[1]).toMatchObject({ key: createdKey(earlier), event: 'referral.created', test: false, state: 'delivered', attempts: 1 });
  });

  it('a 410 Gone turns the endpoint off and tells the provider by email; later events wait unsent until it is turned back on', async () => {
    const session = await cookie();
    try {
      receiver.fail({ status: 410 }, 1);
      const gone = await refer();
      expect(await stored(createdKey(gone))).toMatchObject({ status: 'dead', lastStatus: 410, attempts: 1 });
      await drainAt(Date.now() + 3 * MINUTE);
      const notice = (await readMailbox(mailDir)).find((m) => m.subject === 'Your webhook at crm.jane-okafor.example is turned off');
      expect(notice?.to).toEqual(['jane@example.com']);

      const later = await refer();
      expect(await stored(createdKey(later))).toMatchObject({ status: 'dead', lastError: 'endpoint_off', attempts: 0 });
      expect(aboutReferral(later)).toEqual([]);
      const deps = createDeps();
      expect((await webhookOverview(deps, deps.directory.get('jane-okafor')!))?.offSince).toBeDefined();
      expect((await postDashboardWebhook(form({ action: 'test' }), session)).headers.get('location')).toBe('/dashboard/?webhook=refused#webhook');
    } finally {
      const resumed = await postDashboardWebhook(form({ action: 'resume' }), session);
      expect(resumed.headers.get('location')).toBe('/dashboard/?webhook=resume#webhook');
    }
    const back = await refer();
    expect(acceptedFor(back)).toHaveLength(1);
  });
});
