import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer, OutgoingEmail } from '../domain/ports.ts';
import { err, ok } from '../domain/result.ts';

/** One email in the local mailbox, as written to `<dir>/<key>.json`: the email and how it was sent. */
export type MailboxMessage = OutgoingEmail & { id: string; idempotencyKey: string; createdAt: string };

const fileFor = (dir: string, key: string) => join(dir, `${key.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);

/**
 * The mail port for running without a Resend key: every email becomes one JSON file.
 * A repeated idempotency key writes nothing new, as Resend would send nothing new.
 */
export function createMailboxMailer(options: { dir: string; clock?: () => Date }): Mailer {
  return {
    async send(email, { idempotencyKey }) {
      const message: MailboxMessage = {
        id: randomUUID(),
        idempotencyKey,
        createdAt: (options.clock?.() ?? new Date()).toISOString(),
        from: email.from,
        to: email.to,
        ...(email.replyTo ? { replyTo: email.replyTo } : {}),
        subject: email.subject,
        text: email.text,
        html: email.html,
        ...(email.tags ? { tags: email.tags } : {}),
        ...(email.headers ? { headers: email.headers } : {}),
      };
      const file = fileFor(options.dir, idempotencyKey);
      try {
        await mkdir(options.dir, { recursive: true });
      } catch (error) {
        // EEXIST here means a file stands where the folder should be, not a message already sent.
        return err({ code: 'mailbox_unwritable', retryable: true, detail: String((error as Error).message) });
      }
      try {
        await writeFile(file, JSON.stringify(message, null, 2), { flag: 'wx' });
        return ok({ id: message.id });
      } catch (error) {
        if (errorCode(error) === 'EEXIST') {
          // Written already under this key: answer its id, as Resend answers a repeated key.
          const existing = await readFile(file, 'utf8').then((text) => (recordOf(text) ? (JSON.parse(text) as MailboxMessage) : null), () => null);
          if (existing) return ok({ id: existing.id });
          return err({ code: 'mailbox_unreadable', retryable: false, detail: `${file} exists but is not a message this mailbox can read` });
        }
        return err({ code: 'mailbox_unwritable', retryable: true, detail: String((error as Error).message) });
      }
    },
    async forget(person) {
      const { unreadable } = await eraseFromMailbox(options.dir, person);
      if (unreadable.length > 0) {
        console.error(`vouch mailbox: ${unreadable.length} file(s) in ${options.dir} could not be read and were left for you to check: ${unreadable.join(', ')}`);
      }
    },
  };
}

/** What an erasure did in a mailbox folder: files deleted, and files it could not read (left, for a person to check). */
export type MailboxErasure = { erased: number; unreadable: string[] };

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code;

/** The plain address in `jane@example.com` or `Jane <jane@example.com>`, lower-cased. */
const addressIn = (value: string): string => (/<([^<>]+)>\s*$/.exec(value)?.[1] ?? value).trim().toLowerCase();

/** A message file's recorded recipients and key, or null when it is not a message this mailbox wrote. */
function recordOf(text: string): { idempotencyKey: string; recipients: string[] } | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { idempotencyKey, to, replyTo } = parsed as Record<string, unknown>;
  if (typeof idempotencyKey !== 'string' || !Array.isArray(to) || !to.every((t) => typeof t === 'string')) return null;
  if (replyTo !== undefined && typeof replyTo !== 'string') return null;
  return { idempotencyKey, recipients: [...to, ...(replyTo ? [replyTo] : [])].map(addressIn) };
}

/** Deletes a file; one already gone (another erasure got there first) counts as not deleted here. */
async function removed(file: string): Promise<boolean> {
  try {
    await unlink(file);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
}

/**
 * Deletes every message in a mailbox folder that is to a person or about them, judged by
 * what each message recorded, never by searching its words: a message whose recipients
 * (`to`, `replyTo`) include their address, or whose idempotency key is one of `messages`
 * (the outbox records of emails that named them, which the erasing use case knows). The
 * folder stands in for every inbox, so an alert to a provider that names them goes too.
 * Files another erasure deleted meanwhile are skipped; files that cannot be read (truncated,
 * not JSON, not a message) are left and reported, unless their name is one of `messages`.
 */
export async function eraseFromMailbox(dir: string, person: { email: string; messages?: readonly string[] }): Promise<MailboxErasure> {
  const address = addressIn(person.email);
  const keys = new Set(person.messages ?? []);
  const files = new Set([...keys].map((key) => fileFor(dir, key)));
  const outcome: MailboxErasure = { erased: 0, unreadable: [] };
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.json'));
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return outcome;
    throw error;
  }
  for (const name of names) {
    const file = join(dir, name);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') continue;
      outcome.unreadable.push(name);
      continue;
    }
    const record = recordOf(text);
    const named = record ? keys.has(record.idempotencyKey) : files.has(file);
    if (!record && !named) {
      outcome.unreadable.push(name);
      continue;
    }
    if (named || record!.recipients.includes(address)) {
      if (await removed(file)) outcome.erased += 1;
    }
  }
  return outcome;
}

/** Every message in a mailbox folder, newest first; an absent folder is an empty mailbox, and a file that is not a message is left out. */
export async function readMailbox(dir: string): Promise<MailboxMessage[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.json'));
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return [];
    throw error;
  }
  const messages = await Promise.all(
    names.map(async (name) => {
      try {
        const text = await readFile(join(dir, name), 'utf8');
        return recordOf(text) ? (JSON.parse(text) as MailboxMessage) : null;
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return null;
        throw error;
      }
    }),
  );
  return messages.filter((m): m is MailboxMessage => m !== null).sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
}

/** The mail port on a deployed site without a Resend key: nothing pretends to send. */
export function createUnconfiguredMailer(log: (message: string) => void): Mailer {
  return {
    async send() {
      log('vouch: RESEND_API_KEY is not set, so no email can be sent; messages wait in the outbox until it is.');
      return err({ code: 'not_configured', retryable: true, detail: 'RESEND_API_KEY is not set' });
    },
  };
}
