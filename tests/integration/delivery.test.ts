import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getStore } from '@netlify/blobs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDeps } from '../../src/lib/adapters/deps.ts';
import type { MailboxMessage } from '../../src/lib/adapters/mailbox.ts';
import { deliver } from '../../src/lib/domain/deliver.ts';
import type { OutboxMessage } from '../../src/lib/domain/ports.ts';
import { type LocalBlobs, pointBlobsAt, startBlobs } from '../../scripts/lib/blobs-server.ts';
import { useMailbox, useNoTransport, useResend } from '../support/env.ts';
import { ORIGIN, postReferral, postReferrer } from '../support/handlers.ts';
import { type ResendApi, startResendApi } from '../support/resend-api.ts';

let blobs: LocalBlobs;
let n = 0;
const address = (who: string) => `${who}.${Date.now()}.${++n}@example.org`;
const referee = (email: string) => ({
  provider: 'marcus-lee',
  name: 'Dana Ledger',
  email,
  message: 'My VAT return is due and my books are a mess.',
  consent: true,
});
const outbox = () => getStore({ name: 'vouch-outbox', consistency: 'strong' });
async function outboxFor(id: string): Promise<OutboxMessage[]> {
  const { blobs: keys } = await outbox().list({ prefix: `msg/${id}-` });
  return Promise.all(keys.map(async ({ key }) => (await outbox().get(key, { type: 'json' })) as OutboxMessage));
}

beforeAll(async () => {
  blobs = await startBlobs();
});
afterAll(async () => {
  await blobs.stop();
});

describe('without a Resend key, locally: the mailbox', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vouch-mailbox-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const messages = async () =>
    Promise.all((await readdir(dir)).map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as MailboxMessage));

  it('writes each email as one JSON file with both parts, sender, Reply-To and idempotency key', async () => {
    useMailbox(dir);
    const email = address('dana');
    const res = await postReferral(referee(email));
    expect(res.status).toBe(201);
    const { id } = await res.json();
    const mine = (await messages()).filter((m) => m.idempotencyKey.startsWith(id));
    expect(mine.map((m) => m.idempotencyKey).sort()).toEqual([`${id}-provider-alert`, `${id}-referee-confirmation`]);
    const alert = mine.find((m) => m.idempotencyKey.endsWith('provider-alert'))!;
    expect(alert).toMatchObject({
      to: ['marcus@example.com', 'office@example.com'],
      from: 'Northside Referrals <referrals@example.com>',
      replyTo: email,
      subject: 'New referral: Dana Ledger',
    });
    expect(alert.text).toContain('My VAT return is due');
    expect(alert.html).toContain('<!DOCTYPE html>');
    expect((await outboxFor(id)).map((m) => m.status)).toEqual(['sent', 'sent']);
  });

  it('puts links to the local site in local emails', async () => {
    useMailbox(dir);
    const email = address('link');
    expect((await postReferrer({ provider: 'marcus-lee', name: 'Lou Link', email })).status).toBe(202);
    const [mail] = (await messages()).filter((m) => m.to.includes(email));
    expect(mail!.text).toMatch(new RegExp(`${ORIGIN}/r/[A-Za-z0-9_-]{22}\\n`));
  });
});

describe('on a deployed site without a key', () => {
  afterEach(() => vi.restoreAllMocks());

  it('stores the referral, keeps its emails pending, and logs a clear configuration error', async () => {
    useNoTransport();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await postReferral(referee(address('dana')));
    expect(res.status).toBe(201);
    const { id } = await res.json();
    const pending = await outboxFor(id);
    expect(pending).toHaveLength(2);
    expect(pending.every((m) => m.status === 'pending' && m.lastError === 'not_configured')).toBe(true);
    expect(logged.mock.calls.flat().join('\n')).toContain('RESEND_API_KEY is not set');
  });
});

describe('when the mail API fails', () => {
  let api: ResendApi;
  beforeAll(async () => {
    api = await startResendApi();
  });
  afterAll(() => api.close());

  it.each([
    ['answers 500', { kind: 'status', status: 500, name: 'internal_server_error' } as const, 'internal_server_error'],
    ['rate-limits', { kind: 'status', status: 429, name: 'rate_limit_exceeded', retryAfter: 2 } as const, 'rate_limit_exceeded'],
    ['drops the connection', { kind: 'drop' } as const, 'application_error'],
    ['answers a non-JSON page', { kind: 'html' } as const, 'application_error'],
  ])('still acknowledges the stored referral when it %s, and keeps the emails for a retry', async (_, fault, code) => {
    useResend(api);
    api.fail(fault);
    const res = await postReferral(referee(address('dana')));
    expect(res.status).toBe(201);
    const { id } = await res.json();
    const stored = await getStore({ name: 'vouch-referrals', consistency: 'strong' }).get(`id/${id}`, { type: 'json' });
    expect(stored).toMatchObject({ id, stage: 'new' });
    const pending = await outboxFor(id);
    expect(pending).toHaveLength(2);
    for (const message of pending) expect(message).toMatchObject({ status: 'pending', attempts: 1, lastError: code });
    api.recover();
  });

  it('sends nothing twice when a sent message is delivered again with its key', async () => {
    useResend(api);
    const res = await postReferral(referee(address('dana')));
    const { id } = await res.json();
    const before = api.sent.length;
    const report = await deliver(createDeps(), await outboxFor(id));
    expect(report.sent).toHaveLength(2);
    expect(api.sent.length).toBe(before);
  });
});

describe('when storage is down', () => {
  it('answers 503 with "please try again", and sends nothing', async () => {
    const api = await startResendApi();
    useResend(api);
    const down = await startBlobs();
    await down.stop();
    // Point the functions at the stopped server.
    pointBlobsAt(down.url, { siteID: 'vouch-test', token: 'test-token' });
    try {
      const res = await postReferral(referee(address('dana')));
      expect(res.status).toBe(503);
      const body = await res.json();
      expect(body.error.message).toMatch(/try again/i);
      expect(JSON.stringify(body)).not.toMatch(/fetch|ECONNREFUSED|Blobs|stack/i);
      const link = await postReferrer({ provider: 'marcus-lee', name: 'Lou', email: address('lou') });
      expect(link.status).toBe(503);
      expect(api.requests).toBe(0);
    } finally {
      await api.close();
      await blobs.stop();
      blobs = await startBlobs();
    }
  });
});
