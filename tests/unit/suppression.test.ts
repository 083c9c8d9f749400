import { describe, expect, it } from 'vitest';
import { createIds } from '../../src/lib/adapters/ids.ts';
import { pending } from '../../src/lib/domain/records/outbox.ts';
import type { OutboxMessage } from '../../src/lib/domain/ports.ts';
import { type DeliveryEvent, suppresses, suppressionsOf } from '../../src/lib/domain/suppression.ts';
import { deliveryProblems } from '../../src/lib/domain/use-cases/delivery-problems.ts';
import { recordDeliveryEvent } from '../../src/lib/domain/use-cases/record-delivery-event.ts';
import { createMemoryStore } from '../support/memory-store.ts';

const at = '2030-03-04T09:30:00.000Z';
const ids = createIds({ now: () => new Date(at) });
const bounce = (overrides: Partial<DeliveryEvent> = {}): DeliveryEvent => ({
  kind: 'bounced',
  emailId: 'em_4f1c',
  recipients: ['Zeb.Quill@Example.net'],
  at,
  bounceType: 'Permanent',
  bounceSubType: 'General',
  ...overrides,
});

describe('suppresses', () => {
  it.each([
    ['a complaint', { kind: 'complained' } as const, true],
    ['a permanent bounce', { kind: 'bounced', bounceType: 'Permanent' } as const, true],
    ['a bounce of no stated type (Resend reports permanent rejections)', { kind: 'bounced' } as const, true],
    ['a transient bounce (a full mailbox)', { kind: 'bounced', bounceType: 'Transient' } as const, false],
    ['an undetermined bounce', { kind: 'bounced', bounceType: 'undetermined' } as const, false],
  ])('%s: %s', (_, event, expected) => {
    expect(suppresses(event)).toBe(expected);
  });
});

describe('recordDeliveryEvent', () => {
  it('suppresses the address under a digest: neither key nor record holds the address', async () => {
    const store = createMemoryStore();
    expect(await recordDeliveryEvent({ store, ids }, bounce())).toEqual({ ok: true, value: 'suppressed' });
    const keys = await store.list('suppressions', '');
    expect(keys).toEqual([`address/${ids.digest('zeb.quill@example.net')}`]);
    const record = store.peek('suppressions', keys[0]!);
    expect(record).toEqual({ reason: 'bounced', bounceType: 'Permanent', bounceSubType: 'General', at, emailId: 'em_4f1c' });
    expect(JSON.stringify([keys, record]).toLowerCase()).not.toContain('zeb');
  });

  it('finds the address again whatever its case or surrounding spaces', async () => {
    const store = createMemoryStore();
    await recordDeliveryEvent({ store, ids }, bounce({ kind: 'complained' }));
    const found = await suppressionsOf({ store, ids }, [' zeb.quill@example.NET ', 'other@example.net']);
    expect([...found.keys()]).toEqual(['zeb.quill@example.net']);
    expect(found.get('zeb.quill@example.net')).toMatchObject({ reason: 'complained' });
  });

  it('keeps the first record when the same event, or a later one, comes again', async () => {
    const store = createMemoryStore();
    await recordDeliveryEvent({ store, ids }, bounce());
    expect(await recordDeliveryEvent({ store, ids }, bounce())).toEqual({ ok: true, value: 'already_suppressed' });
    expect(await recordDeliveryEvent({ store, ids }, bounce({ kind: 'complained', emailId: 'em_2' }))).toEqual({
      ok: true,
      value: 'already_suppressed',
    });
    const [key] = await store.list('suppressions', '');
    expect(store.peek('suppressions', key!)).toMatchObject({ reason: 'bounced', emailId: 'em_4f1c' });
  });

  it.each([
    ['a transient bounce', bounce({ bounceType: 'Transient' })],
    ['an email to several addresses, which does not say which one bounced', bounce({ recipients: ['a@example.com', 'b@example.com'] })],
  ])('suppresses nobody for %s', async (_, event) => {
    const store = createMemoryStore();
    expect(await recordDeliveryEvent({ store, ids }, event)).toEqual({ ok: true, value: 'ignored' });
    expect(await store.list('suppressions', '')).toEqual([]);
  });

  it('answers unavailable when storage is down, so that the mail API sends the event again', async () => {
    const store = createMemoryStore();
    store.breakDown();
    expect(await recordDeliveryEvent({ store, ids }, bounce())).toEqual({ ok: false, error: { code: 'unavailable' } });
  });
});

describe('deliveryProblems', () => {
  const message = (key: string, overrides: Partial<OutboxMessage>): OutboxMessage => ({
    ...pending(
      { key, provider: 'jane-okafor', referral: 'r1', role: 'referee', to: ['z@example.net'], content: { template: 'referee-confirmation', providerName: 'Jane Okafor', responseHours: 24 } },
      new Date(at),
    ),
    ...overrides,
  });

  it("says which of a referral's emails did not go through and why, by role and template only", async () => {
    const store = createMemoryStore();
    const dead = message('r1-referee-confirmation', { status: 'dead', lastError: 'suppressed', suppressed: 'complained', deadAt: at });
    const retrying = message('r1-referrer-thanks', { role: 'referrer', lastError: 'internal_server_error', attempts: 2 });
    const sent = message('r1-provider-alert', { role: 'provider', status: 'sent', attempts: 1 });
    const other = message('r2-referee-confirmation', { status: 'dead', lastError: 'suppressed', suppressed: 'bounced' });
    for (const m of [dead, retrying, sent, other]) await store.put('outbox', `msg/${m.key}`, m);

    const result = await deliveryProblems({ store }, 'r1');
    expect(result).toEqual({
      ok: true,
      value: [
        { template: 'referee-confirmation', role: 'referee', status: 'dead', reason: 'suppressed', suppressed: 'complained', attempts: 0, at },
        {
          template: 'referee-confirmation',
          role: 'referrer',
          status: 'retrying',
          reason: 'internal_server_error',
          attempts: 2,
          at: retrying.nextAttemptAt,
        },
      ],
    });
    expect(JSON.stringify(result)).not.toContain('z@example.net');
  });

  it('finds no problem for a referral whose emails all went', async () => {
    const store = createMemoryStore();
    await store.put('outbox', 'msg/r1-provider-alert', message('r1-provider-alert', { status: 'sent' }));
    expect(await deliveryProblems({ store }, 'r1')).toEqual({ ok: true, value: [] });
  });

  it('answers unavailable when storage is down', async () => {
    const store = createMemoryStore();
    store.breakDown();
    expect(await deliveryProblems({ store }, 'r1')).toEqual({ ok: false, error: { code: 'unavailable' } });
  });
});
