import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
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
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          const existing = JSON.parse(await readFile(file, 'utf8')) as MailboxMessage;
          return ok({ id: existing.id });
        }
        return err({ code: 'mailbox_unwritable', retryable: true, detail: String((error as Error).message) });
      }
    },
    async forget(person) {
      await eraseFromMailbox(options.dir, person);
    },
  };
}

/**
 * Deletes every message in a mailbox folder that is to, from or about a person: their address
 * or their full name anywhere in it, case-blind. The folder stands in for every inbox, so an
 * alert to a provider that names them goes too.
 */
export async function eraseFromMailbox(dir: string, person: { email: string; name?: string }): Promise<number> {
  const terms = [person.email, person.name ?? ''].map((t) => t.trim().toLowerCase()).filter((t) => t.length >= 3);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.json'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let erased = 0;
  for (const name of names) {
    const file = join(dir, name);
    const text = (await readFile(file, 'utf8')).toLowerCase();
    if (terms.some((term) => text.includes(term) || text.includes(JSON.stringify(term).slice(1, -1)))) {
      await rm(file, { force: true });
      erased += 1;
    }
  }
  return erased;
}

/** Every message in a mailbox folder, newest first; an absent folder is an empty mailbox. */
export async function readMailbox(dir: string): Promise<MailboxMessage[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.json'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const messages = await Promise.all(
    names.map(async (name) => JSON.parse(await readFile(join(dir, name), 'utf8')) as MailboxMessage),
  );
  return messages.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
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
