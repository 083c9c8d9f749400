import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMailboxMailer, createUnconfiguredMailer, eraseFromMailbox, readMailbox } from '../../src/lib/adapters/mailbox.ts';
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
  it('deletes every message to them (case-blind) or recorded as about them, and keeps the rest', async () => {
    const mailer = createMailboxMailer({ dir, clock: ticking() });
    await mailer.send(email('To Zoë', { to: ['ZOE@example.net'], replyTo: undefined as never, text: 'Hi' }), { idempotencyKey: 'a' });
    await mailer.send(email('New referral: Zoë Adebayo'), { idempotencyKey: 'b' });
    await mailer.send(email('Thank you: Zoë got in touch', { to: ['amara@example.org'], replyTo: undefined as never }), { idempotencyKey: 'r1-thanks' });
    await mailer.send(email('About someone else', { replyTo: 'sam@example.net', text: 'Sam Okoro would like to hear from you.' }), { idempotencyKey: 'c' });
    await mailer.forget!({ email: 'zoe@example.net', messages: ['r1-thanks'] });
    expect((await readMailbox(dir)).map((m) => m.subject)).toEqual(['About someone else']);
    await mailer.forget!({ email: 'nobody@example.net' });
    expect(await readMailbox(dir)).toHaveLength(1);
  });

  it('never matches on words: a person called "http", "example" or "Jane" takes only their own messages', async () => {
    const mailer = createMailboxMailer({ dir, clock: ticking() });
    for (let i = 0; i < 288; i += 1) {
      await mailer.send(
        email(`Referral ${i}`, { to: ['jane@example.com'], replyTo: `someone${i}@example.org`, text: `Hello Jane, http https://vouch.example/act/${i} example` }),
        { idempotencyKey: `m${i}` },
      );
    }
    await mailer.send(email('Jane Okafor will be in touch', { to: ['http@example.net'], replyTo: undefined as never, text: 'Hello http' }), { idempotencyKey: 'mine' });
    for (const name of ['http', 'example', 'Jane', 'https://', '.', '"', '\\', ' ', '*', '.*']) {
      await eraseFromMailbox(dir, { email: `${name}@nowhere.invalid` });
    }
    expect(await readMailbox(dir)).toHaveLength(289);
    expect(await eraseFromMailbox(dir, { email: 'HTTP@example.net' })).toEqual({ erased: 1, unreadable: [] });
    expect(await readMailbox(dir)).toHaveLength(288);
  });

  it('answers 20 erasures of one person at once without an error, each file deleted once', async () => {
    const mailer = createMailboxMailer({ dir, clock: ticking() });
    for (let i = 0; i < 40; i += 1) await mailer.send(email(`To Zoë ${i}`, { to: ['zoe@example.net'] }), { idempotencyKey: `z${i}` });
    for (let i = 0; i < 10; i += 1) await mailer.send(email(`To Sam ${i}`, { to: ['sam@example.net'], replyTo: undefined as never }), { idempotencyKey: `s${i}` });
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => eraseFromMailbox(dir, { email: 'zoe@example.net', messages: ['z1', 'gone'] })));
    expect(outcomes.reduce((sum, o) => sum + o.erased, 0)).toBe(40);
    expect(outcomes.flatMap((o) => o.unreadable)).toEqual([]);
    expect((await readMailbox(dir)).map((m) => m.to)).toEqual(Array.from({ length: 10 }, () => ['sam@example.net']));
    await expect(Promise.all(Array.from({ length: 20 }, () => mailer.forget!({ email: 'sam@example.net' })))).resolves.toHaveLength(20);
    expect(await readdir(dir)).toEqual([]);
  });

  it('skips and reports truncated or foreign files, deleting one only when it is recorded as theirs', async () => {
    const mailer = createMailboxMailer({ dir, clock: ticking() });
    await mailer.send(email('To Zoë', { to: ['zoe@example.net'] }), { idempotencyKey: 'whole' });
    const full = await readFile(join(dir, 'whole.json'), 'utf8');
    await writeFile(join(dir, 'truncated.json'), full.slice(0, 40));
    await writeFile(join(dir, 'theirs-truncated.json'), full.slice(0, 40));
    await writeFile(join(dir, 'foreign.json'), JSON.stringify({ to: 'zoe@example.net' }));
    await writeFile(join(dir, 'empty.json'), '');
    const logged: string[] = [];
    const original = console.error;
    console.error = (line: string) => logged.push(line);
    try {
      await mailer.forget!({ email: 'zoe@example.net', messages: ['theirs-truncated'] });
    } finally {
      console.error = original;
    }
    expect((await readdir(dir)).sort()).toEqual(['empty.json', 'foreign.json', 'truncated.json']);
    expect(logged).toEqual([expect.stringMatching(/3 file\(s\) .* could not be read .*empty\.json.*foreign\.json.*truncated\.json|3 file\(s\)/)]);
    expect(await eraseFromMailbox(dir, { email: 'zoe@example.net' })).toEqual({ erased: 0, unreadable: ['empty.json', 'foreign.json', 'truncated.json'].sort() });
    // The mailbox page lists what it can read, and a repeated key over a truncated file is a failure, not a crash.
    expect(await readMailbox(dir)).toEqual([]);
    await writeFile(join(dir, 'again.json'), full.slice(0, 40));
    expect(await mailer.send(email('Again'), { idempotencyKey: 'again' })).toMatchObject({ ok: false, error: { code: 'mailbox_unreadable' } });
  });

  it('treats a folder that does not exist yet as nothing to forget', async () => {
    await expect(createMailboxMailer({ dir: join(dir, 'absent') }).forget!({ email: 'zoe@example.net' })).resolves.toBeUndefined();
  });
});
