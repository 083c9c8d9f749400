import { describe, expect, it } from 'vitest';
import { deliver } from '../../src/lib/domain/deliver.ts';
import { FIRST_SEND_GRACE_MS, pending } from '../../src/lib/domain/records/outbox.ts';
import { type EmailContent, type OutboxMessage, type Render, StorageUnavailable, type SuppressionReason } from '../../src/lib/domain/ports.ts';
import { MAX_ATTEMPTS } from '../../src/lib/domain/retry.ts';
import { createTokens } from '../../src/lib/adapters/tokens.ts';
import { recordDeliveryEvent } from '../../src/lib/domain/use-cases/record-delivery-event.ts';
import { directoryOf, fixedIds, provider, site, TEST_SECRET } from '../fixtures/domain.ts';
import { createMemoryStore } from '../support/memory-store.ts';
import { createRecordingMailer } from '../support/recording-mailer.ts';

const created = new Date('2030-03-04T09:30:00.000Z');
const later = new Date('2030-03-04T09:30:05.000Z');

const content: EmailContent = {
  template: 'referrer-thanks',
  referrerFirstName: 'Alice',
  providerName: 'Jane Okafor',
  responseHours: 24,
};

const render: Render = (c) => ({
  from: 'Northside <referrals@example.com>',
  subject: `Subject for ${c.template}`,
  text: 'text',
  html: '<p>html</p>',
  tags: [{ name: 'template', value: c.template }],
});

const jane = provider();

function setup() {
  const store = createMemoryStore();
  const mailer = createRecordingMailer();
  const deps = {
    store,
    mailer,
    render,
    clock: { now: () => later },
    ids: fixedIds({ referralId: () => 'r', referrerCode: () => 'c', digest: (v: string) => v }),
    tokens: createTokens(TEST_SECRET),
    directory: directoryOf(jane),
    retention: site.retention,
  };
  return { store, mailer, deps };
}

async function recorded(store: ReturnType<typeof createMemoryStore>, key: string, to = ['alice@example.org'], replyTo?: string) {
  const message = pending({ key, provider: 'jane-okafor', role: 'referrer', to, ...(replyTo ? { replyTo } : {}), content }, created);
  await store.create('outbox', `msg/${key}`, message);
  return message;
}

describe('deliver', () => {
  it('sends the rendered email to the recorded recipients, with the message key as idempotency key', async () => {
    const { store, mailer, deps } = setup();
    const message = await recorded(store, 'r1-provider-alert', ['jane@example.com', 'office@example.com'], 'zoe@example.net');
    await deliver(deps, [message]);
    expect(mailer.calls).toEqual([
      {
        idempotencyKey: 'r1-provider-alert',
        email: {
          from: 'Northside <referrals@example.com>',
          to: ['jane@example.com', 'office@example.com'],
          replyTo: 'zoe@example.net',
          subject: 'Subject for referrer-thanks',
          text: 'text',
          html: '<p>html</p>',
          tags: [
            { name: 'template', value: 'referrer-thanks' },
            { name: 'provider', value: 'jane-okafor' },
          ],
        },
      },
    ]);
  });

  it('marks a sent message as sent, when, after one attempt', async () => {
    const { store, deps } = setup();
    const message = await recorded(store, 'r1-referrer-thanks');
    const report = await deliver(deps, [message]);
    expect(report).toEqual({ sent: ['r1-referrer-thanks'], failed: [], dead: [], capped: [] });
    const stored = store.peek<OutboxMessage>('outbox', 'msg/r1-referrer-thanks');
    expect(stored).toMatchObject({ status: 'sent', attempts: 1, sentAt: later.toISOString(), createdAt: created.toISOString() });
    expect(stored).not.toHaveProperty('lastError');
    expect(stored!.content).toEqual(content);
  });

  it('leaves a failed message pending with its error and one more attempt, for a retry', async () => {
    const { store, mailer, deps } = setup();
    const message = await recorded(store, 'r1-referrer-thanks');
    mailer.failWith({ code: 'rate_limit_exceeded', retryable: true, detail: '429 rate_limit_exceeded: slow down' });
    const report = await deliver(deps, [message]);
    expect(report).toEqual({ sent: [], failed: [{ key: 'r1-referrer-thanks', code: 'rate_limit_exceeded' }], dead: [], capped: [] });
    const stored = store.peek<OutboxMessage>('outbox', 'msg/r1-referrer-thanks');
    expect(stored).toMatchObject({ status: 'pending', attempts: 1, lastError: 'rate_limit_exceeded' });
    // One minute of backoff for the first failure (jitter 0.5 is the midpoint).
    expect(Date.parse(stored!.nextAttemptAt) - later.getTime()).toBe(60_000);
    expect(stored).not.toHaveProperty('sentAt');
    expect(JSON.stringify(stored)).not.toContain('slow down');
  });

  it('counts attempts across retries and clears the error once the message goes', async () => {
    const { store, mailer, deps } = setup();
    await recorded(store, 'k');
    mailer.failWith({ code: 'internal_server_error', retryable: true, detail: '500' }, 2);
    for (let i = 0; i < 3; i++) await deliver(deps, [store.peek<OutboxMessage>('outbox', 'msg/k')!]);
    const stored = store.peek<OutboxMessage>('outbox', 'msg/k');
    expect(stored).toMatchObject({ status: 'sent', attempts: 3, sentAt: later.toISOString() });
    expect(stored).not.toHaveProperty('lastError');
    expect(new Set(mailer.calls.map((c) => c.idempotencyKey))).toEqual(new Set(['k']));
  });

  it('sends every message even when one of them fails', async () => {
    const { store, mailer, deps } = setup();
    const messages = [await recorded(store, 'a'), await recorded(store, 'b'), await recorded(store, 'c')];
    mailer.failWith({ code: 'timeout', retryable: true, detail: 'AbortError' }, 1);
    const report = await deliver(deps, messages);
    expect(mailer.calls.map((c) => c.idempotencyKey)).toEqual(['a', 'b', 'c']);
    expect(report).toEqual({ sent: ['b', 'c'], failed: [{ key: 'a', code: 'timeout' }], dead: [], capped: [] });
    expect(store.peek<OutboxMessage>('outbox', 'msg/a')!.status).toBe('pending');
    expect(store.peek<OutboxMessage>('outbox', 'msg/c')!.status).toBe('sent');
  });

  it('does not throw when the outbox cannot be updated after a send, and reports it', async () => {
    const { store, mailer, deps } = setup();
    const message = await recorded(store, 'k');
    // The store goes down while the email is on its way.
    const report = await deliver({ ...deps, mailer: { send: (...args) => (store.breakDown(), mailer.send(...args)) } }, [message]);
    expect(mailer.calls).toHaveLength(1);
    expect(report.failed).toEqual([{ key: 'k', code: 'outbox_update_failed' }]);
  });

  it('waits no sooner than the retry-after the mail API asked for', async () => {
    const { store, mailer, deps } = setup();
    const message = await recorded(store, 'k');
    mailer.failWith({ code: 'rate_limit_exceeded', retryable: true, retryAfterSeconds: 300, detail: '429' });
    await deliver(deps, [message]);
    expect(Date.parse(store.peek<OutboxMessage>('outbox', 'msg/k')!.nextAttemptAt) - later.getTime()).toBe(300_000);
  });

  it('keeps a message waiting, without counting attempts, while no mail key is configured', async () => {
    const { store, mailer, deps } = setup();
    const message = await recorded(store, 'k');
    mailer.failWith({ code: 'not_configured', retryable: true, detail: 'no key' }, 20);
    for (let i = 0; i < 20; i++) await deliver(deps, [store.peek<OutboxMessage>('outbox', 'msg/k')!]);
    expect(store.peek<OutboxMessage>('outbox', 'msg/k')).toMatchObject({ status: 'pending', attempts: 0, lastError: 'not_configured' });
    expect(message.status).toBe('pending');
  });

  it(`dead-letters a message after ${MAX_ATTEMPTS} failed attempts and tells its provider once`, async () => {
    const { store, mailer, deps } = setup();
    await store.put('outbox', 'pending/k', { key: 'k', createdAt: created.toISOString() });
    await recorded(store, 'k');
    mailer.failWith({ code: 'internal_server_error', retryable: true, detail: '500' }, MAX_ATTEMPTS);
    for (let i = 0; i < MAX_ATTEMPTS; i++) await deliver(deps, [store.peek<OutboxMessage>('outbox', 'msg/k')!]);
    expect(store.peek<OutboxMessage>('outbox', 'msg/k')).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS, deadAt: later.toISOString() });
    expect(store.peek('outbox', 'pending/k')).toBeUndefined();
    // The notice goes out in the same pass.
    const notice = store.peek<OutboxMessage>('outbox', 'msg/undelivered-k');
    expect(notice).toMatchObject({ status: 'sent', to: ['jane@example.com'], content: { template: 'delivery-failed', attempts: MAX_ATTEMPTS } });
    expect(mailer.calls.filter((call) => call.idempotencyKey === 'undelivered-k').map((call) => call.email.to)).toEqual([['jane@example.com']]);
  });

  it('dead-letters at once a failure that no retry can pass, and never reports a failed report', async () => {
    const { store, mailer, deps } = setup();
    const message = await recorded(store, 'k');
    mailer.failWith({ code: 'invalid_from_address', retryable: false, detail: '422' }, 2);
    const report = await deliver(deps, [message]);
    expect(report.dead).toEqual(['k', 'undelivered-k']);
    expect(mailer.calls.map((call) => call.idempotencyKey)).toEqual(['k', 'undelivered-k']);
    expect(store.peek('outbox', 'msg/undelivered-undelivered-k')).toBeUndefined();
  });
});

describe('deliver, under a cap', () => {
  const capped = async (store: ReturnType<typeof createMemoryStore>, key: string, referral: string) => {
    const message = pending({ key, provider: 'jane-okafor', referral, role: 'referrer', to: ['alice@example.org'], content, cap: { collection: 'referrals', slots: 'thanks/c/1/', max: 2 } }, created);
    await store.create('outbox', `msg/${key}`, message);
    return message;
  };

  it('sends a message only while its referral can claim a slot, and leaves the rest unsent without telling anyone of a failure', async () => {
    const { store, mailer, deps } = setup();
    const messages = [await capped(store, 'r1-referrer-thanks', 'r1'), await capped(store, 'r2-referrer-thanks', 'r2'), await capped(store, 'r3-referrer-thanks', 'r3')];
    const report = await deliver(deps, messages);
    expect(mailer.calls.map((c) => c.idempotencyKey)).toEqual(['r1-referrer-thanks', 'r2-referrer-thanks']);
    expect(report).toEqual({ sent: ['r1-referrer-thanks', 'r2-referrer-thanks'], failed: [], dead: [], capped: [{ key: 'r3-referrer-thanks', referral: 'r3' }] });
    expect(store.peek<OutboxMessage>('outbox', 'msg/r3-referrer-thanks')).toMatchObject({ status: 'dead', lastError: 'capped', attempts: 0 });
    expect(await store.list('outbox', 'msg/undelivered-')).toEqual([]);
  });

  it('gives a message sent again (a failed first send) the slot its referral already holds', async () => {
    const { store, mailer, deps } = setup();
    const first = await capped(store, 'r1-referrer-thanks', 'r1');
    await capped(store, 'r2-referrer-thanks', 'r2');
    mailer.failWith({ code: 'internal_server_error', retryable: true, detail: '500' }, 1);
    await deliver(deps, [first]);
    await deliver(deps, [store.peek<OutboxMessage>('outbox', 'msg/r1-referrer-thanks')!]);
    await deliver(deps, [store.peek<OutboxMessage>('outbox', 'msg/r2-referrer-thanks')!]);
    expect(store.peek<OutboxMessage>('outbox', 'msg/r1-referrer-thanks')!.status).toBe('sent');
    expect(store.peek<OutboxMessage>('outbox', 'msg/r2-referrer-thanks')!.status).toBe('sent');
    expect((await store.list('referrals', 'thanks/c/1/')).sort()).toEqual(['thanks/c/1/0', 'thanks/c/1/1']);
  });
});

describe('deliver, to addresses that bounced or complained', () => {
  async function suppress(deps: ReturnType<typeof setup>['deps'], address: string, kind: SuppressionReason = 'bounced') {
    const result = await recordDeliveryEvent(deps, { kind, emailId: 'em_1', recipients: [address], at: created.toISOString() });
    expect(result).toEqual({ ok: true, value: 'suppressed' });
  }

  it.each(['bounced', 'complained'] as const)(
    'sends nothing to an address that %s, dead-letters the message at once without using an attempt, and tells the provider why',
    async (kind) => {
      const { store, mailer, deps } = setup();
      await store.put('outbox', 'pending/k', { key: 'k', createdAt: created.toISOString() });
      const message = await recorded(store, 'k', ['Alice@Example.org']);
      await suppress(deps, 'alice@example.org', kind);
      const report = await deliver(deps, [message]);
      expect(mailer.calls.map((call) => [call.idempotencyKey, call.email.to])).toEqual([['undelivered-k', ['jane@example.com']]]);
      expect(report).toEqual({ sent: ['undelivered-k'], failed: [{ key: 'k', code: 'suppressed' }], dead: ['k'], capped: [] });
      expect(store.peek<OutboxMessage>('outbox', 'msg/k')).toMatchObject({
        status: 'dead',
        attempts: 0,
        lastError: 'suppressed',
        suppressed: kind,
        deadAt: later.toISOString(),
      });
      expect(store.peek('outbox', 'pending/k')).toBeUndefined();
      expect(store.peek<OutboxMessage>('outbox', 'msg/undelivered-k')).toMatchObject({
        status: 'sent',
        to: ['jane@example.com'],
        content: { template: 'delivery-failed', failedTemplate: 'referrer-thanks', reason: 'suppressed', suppressed: kind, attempts: 0 },
      });
    },
  );

  it('tells the provider once, even when the same message is delivered again', async () => {
    const { store, mailer, deps } = setup();
    const message = await recorded(store, 'k');
    await suppress(deps, 'alice@example.org');
    await deliver(deps, [message]);
    await deliver(deps, [message]);
    expect(mailer.calls.map((call) => call.idempotencyKey)).toEqual(['undelivered-k']);
  });

  it('leaves out only the suppressed recipients of a message to several', async () => {
    const { store, mailer, deps } = setup();
    const message = await recorded(store, 'k', ['jane@example.com', 'office@example.com']);
    await suppress(deps, 'office@example.com', 'complained');
    const report = await deliver(deps, [message]);
    expect(report.sent).toEqual(['k']);
    expect(mailer.calls.map((call) => call.email.to)).toEqual([['jane@example.com']]);
  });

  it("lets a notice to the provider's own suppressed address go dead, with no notice about the notice", async () => {
    const { store, mailer, deps } = setup();
    const message = await recorded(store, 'k');
    await suppress(deps, 'alice@example.org');
    await suppress(deps, 'jane@example.com', 'complained');
    const report = await deliver(deps, [message]);
    expect(report.dead).toEqual(['k', 'undelivered-k']);
    expect(mailer.calls).toEqual([]);
    expect(store.peek('outbox', 'msg/undelivered-k')).toMatchObject({ status: 'dead', lastError: 'suppressed', suppressed: 'complained' });
    expect(store.peek('outbox', 'msg/undelivered-undelivered-k')).toBeUndefined();
  });

  it('sends nothing while the suppression list cannot be read, and keeps the message for a retry', async () => {
    const { store, mailer, deps } = setup();
    const message = await recorded(store, 'k');
    const report = await deliver({ ...deps, store: { ...store, get: async () => Promise.reject(new StorageUnavailable('down')) } }, [message]);
    expect(mailer.calls).toEqual([]);
    expect(report).toEqual({ sent: [], failed: [{ key: 'k', code: 'suppression_check_failed' }], dead: [], capped: [] });
    expect(store.peek<OutboxMessage>('outbox', 'msg/k')).toMatchObject({ status: 'pending', attempts: 1, lastError: 'suppression_check_failed' });
  });
});

describe('pending', () => {
  it('records a new message as pending, with no attempts, due for the scheduler after the grace period', () => {
    expect(pending({ key: 'k', provider: 'jane-okafor', role: 'referee', to: ['z@example.net'], content }, created)).toEqual({
      key: 'k',
      provider: 'jane-okafor',
      role: 'referee',
      to: ['z@example.net'],
      content,
      status: 'pending',
      attempts: 0,
      createdAt: created.toISOString(),
      nextAttemptAt: new Date(created.getTime() + FIRST_SEND_GRACE_MS).toISOString(),
    });
  });
});
