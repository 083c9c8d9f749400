// One message whose send throws (a truncated local mailbox file did it) must not stall the
// rest: it is marked for retry, then dead-lettered, and every message behind it goes out.
//
// What failed before the fix (main at f9932c7): `deliver` had no guard around a send, so the
// throw escaped the whole pass: the drain rejected (the scheduled function answered 500) and
// the good messages behind the poisoned one were never sent.
import { describe, expect, it } from 'vitest';
import { pending } from '../../src/lib/domain/records/outbox.ts';
import type { EmailContent, Mailer, OutboxMessage, Render } from '../../src/lib/domain/ports.ts';
import { ok } from '../../src/lib/domain/result.ts';
import { MAX_ATTEMPTS } from '../../src/lib/domain/retry.ts';
import { drainOutbox } from '../../src/lib/domain/use-cases/drain-outbox.ts';
import { createTokens } from '../../src/lib/adapters/tokens.ts';
import { directoryOf, fixedIds, provider, site, TEST_SECRET } from '../fixtures/domain.ts';
import { createMemoryStore } from '../support/memory-store.ts';
import { noWebhooks } from '../support/no-webhooks.ts';

const content: EmailContent = { template: 'referrer-thanks', referrerFirstName: 'Alice', providerName: 'Jane Okafor', responseHours: 24 };
const render: Render = (c) => ({ from: 'Northside <referrals@example.com>', subject: `Subject for ${c.template}`, text: 'text', html: '<p>html</p>' });
const HOUR = 3_600_000;

describe('a poisoned message in the outbox', () => {
  it('is retried and then dead-lettered, while the good ones around it are sent in the same run', async () => {
    const store = createMemoryStore();
    const sent: string[] = [];
    const mailer: Mailer = {
      async send(email, { idempotencyKey }) {
        if (idempotencyKey === 'poison') throw new SyntaxError('Unexpected end of JSON input');
        sent.push(idempotencyKey);
        return ok({ id: `mail-${idempotencyKey}` });
      },
    };
    const start = new Date('2030-03-04T09:00:00.000Z');
    let now = start.getTime() + HOUR;
    const deps = {
      store,
      mailer,
      webhooks: noWebhooks,
      render,
      clock: { now: () => new Date(now) },
      ids: fixedIds({ digest: (v: string) => v }),
      tokens: createTokens(TEST_SECRET),
      directory: directoryOf(provider()),
      retention: site.retention,
    };
    const keys = ['good-1', 'poison', 'good-2', 'good-3'];
    for (const [i, key] of keys.entries()) {
      const message = pending({ key, provider: 'jane-okafor', role: 'referrer', to: [`p${i}@example.org`], content }, new Date(start.getTime() + i));
      await store.create('outbox', `msg/${key}`, message);
      await store.put('outbox', `pending/${key}`, { key, createdAt: message.createdAt });
    }

    const first = await drainOutbox(deps, { pause: async () => {} });
    expect(sent).toEqual(['good-1', 'good-2', 'good-3']);
    expect(first).toMatchObject({ sent: 3, failed: 1, dead: 0 });
    expect(store.peek<OutboxMessage>('outbox', 'msg/poison')).toMatchObject({ status: 'pending', attempts: 1, lastError: 'send_failed' });

    for (let run = 0; run < MAX_ATTEMPTS + 2; run++) {
      now += 2 * HOUR;
      await drainOutbox(deps, { pause: async () => {} });
    }
    expect(store.peek<OutboxMessage>('outbox', 'msg/poison')).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS, lastError: 'send_failed' });
    expect(store.peek('outbox', 'pending/poison')).toBeUndefined();
    // The provider is told once, and that notice itself goes out.
    expect(sent).toContain('undelivered-poison');
    expect(sent.filter((key) => key.startsWith('good-'))).toEqual(['good-1', 'good-2', 'good-3']);
  });
});
