import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMailboxMailer, createUnconfiguredMailer, readMailbox } from '../../src/lib/adapters/mailbox.ts';
import type { OutgoingEmail } from '../../src/lib/domain/ports.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vouch-mailbox-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const email = (subject: string, overrides: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
  from: 'Northside <referrals@example.com>',
  to: ['jane@example.com', 'office@example.com'],
  replyTo: 'zoe@example.net',
  subject,
  text: 'Hello Jane,\n\nZoë would like to hear from you.\n',
  html: '<p>Hello Jane,</p>',
  tags: [{ name: 'template', value: 'provider-alert' }],
  ...overrides,
});

/** A clock that ticks one second per call. */
const ticking = (start = Date.parse('2030-03-04T09:00:00Z')) => {
  let t = start;
  return () => new Date((t += 1000));
};

describe('mailbox mailer', () => {
  it('writes one JSON file per message with everything a reader needs', async () => {
    const mailer = createMailboxMailer({ dir, clock: () => new Date('2030-03-04T09:30:00.000Z') });
    const result = await mailer.send(email('New referral: Zoë'), { idempotencyKey: 'r1-provider-alert' });
    expect(result.ok).toBe(true);
    const files = await readdir(dir);
    expect(files).toEqual(['r1-provider-alert.json']);
    const stored = JSON.parse(await readFile(join(dir, files[0]!), 'utf8'));
    expect(stored).toEqual({
      id: result.ok ? result.value.id : 'none',
      idempotencyKey: 'r1-provider-alert',
      createdAt: '2030-03-04T09:30:00.000Z',
      from: 'Northside <referrals@example.com>',
      to: ['jane@example.com', 'office@example.com'],
      replyTo: 'zoe@example.net',
      subject: 'New referral: Zoë',
      text: 'Hello Jane,\n\nZoë would like to hear from you.\n',
      html: '<p>Hello Jane,</p>',
      tags: [{ name: 'template', value: 'provider-alert' }],
    });
  });

  it('leaves replyTo out when there is none', async () => {
    const mailer = createMailboxMailer({ dir });
    const { replyTo: _, ...withoutReplyTo } = email('Thanks');
    await mailer.send(withoutReplyTo, { idempotencyKey: 'k' });
    const [message] = await readMailbox(dir);
    expect(message).not.toHaveProperty('replyTo');
  });

  it('creates the folder when it does not exist yet', async () => {
    const nested = join(dir, 'a', 'b');
    const result = await createMailboxMailer({ dir: nested }).send(email('Hi'), { idempotencyKey: 'k' });
    expect(result.ok).toBe(true);
    expect(await readdir(nested)).toEqual(['k.json']);
  });

  it('writes nothing new for a repeated idempotency key and answers the same id', async () => {
    const mailer = createMailboxMailer({ dir, clock: ticking() });
    const first = await mailer.send(email('First'), { idempotencyKey: 'r1-referee-confirmation' });
    const again = await mailer.send(email('Second'), { idempotencyKey: 'r1-referee-confirmation' });
    expect(first.ok && again.ok).toBe(true);
    expect(again).toEqual(first);
    const messages = await readMailbox(dir);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.subject).toBe('First');
  });

  it('keeps a key with unsafe characters inside the folder', async () => {
    await createMailboxMailer({ dir }).send(email('Hi'), { idempotencyKey: '../../escape' });
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).not.toContain('/');
    expect((await readMailbox(dir))[0]!.idempotencyKey).toBe('../../escape');
  });

  it('reports a folder it cannot write to as a retryable failure', async () => {
    const blocker = join(dir, 'file');
    await writeFile(blocker, 'not a folder');
    const result = await createMailboxMailer({ dir: blocker }).send(email('Hi'), { idempotencyKey: 'k' });
    expect(result).toMatchObject({ ok: false, error: { code: 'mailbox_unwritable', retryable: true } });
  });
});

describe('readMailbox', () => {
  it('returns messages newest first', async () => {
    const mailer = createMailboxMailer({ dir, clock: ticking() });
    for (const [subject, key] of [['one', 'c'], ['two', 'a'], ['three', 'b']]) {
      await mailer.send(email(subject!), { idempotencyKey: key! });
    }
    expect((await readMailbox(dir)).map((m) => m.subject)).toEqual(['three', 'two', 'one']);
  });

  it('returns [] for a folder that does not exist', async () => {
    expect(await readMailbox(join(dir, 'nowhere'))).toEqual([]);
  });

  it('ignores files that are not messages', async () => {
    await createMailboxMailer({ dir }).send(email('Hi'), { idempotencyKey: 'k' });
    await writeFile(join(dir, '.DS_Store'), 'x');
    expect(await readMailbox(dir)).toHaveLength(1);
  });
});

describe('unconfigured mailer', () => {
  it('sends nothing, says why in the log, and leaves the message to be retried', async () => {
    const logged: string[] = [];
    const result = await createUnconfiguredMailer((m) => logged.push(m)).send(email('Hi'), { idempotencyKey: 'k' });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_configured', retryable: true } });
    expect(logged).toEqual([expect.stringContaining('RESEND_API_KEY')]);
  });
});

describe('forgetting a person in the mailbox', () => {
  it('deletes every message to them or naming them, case-blind, and keeps the rest', async () => {
    const mailer = createMailboxMailer({ dir, clock: ticking() });
    await mailer.send(email('To Zoë', { to: ['ZOE@example.net'], replyTo: undefined as never, text: 'Hi' }), { idempotencyKey: 'a' });
    await mailer.send(email('New referral: Zoë Adebayo'), { idempotencyKey: 'b' });
    await mailer.send(email('About someone else', { replyTo: 'sam@example.net', text: 'Sam Okoro would like to hear from you.' }), { idempotencyKey: 'c' });
    await mailer.forget!({ email: 'zoe@example.net', name: 'Zoë Adebayo' });
    expect((await readMailbox(dir)).map((m) => m.subject)).toEqual(['About someone else']);
    await mailer.forget!({ email: 'nobody@example.net' });
    expect(await readMailbox(dir)).toHaveLength(1);
  });

  it('treats a folder that does not exist yet as nothing to forget', async () => {
    await expect(createMailboxMailer({ dir: join(dir, 'absent') }).forget!({ email: 'zoe@example.net' })).resolves.toBeUndefined();
  });
});
