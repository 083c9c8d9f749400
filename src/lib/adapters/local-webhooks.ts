import { mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/** One post the local receiver took, as written to `<dir>/<webhook-id>.json`. */
export type ReceivedWebhook = {
  /** The file's name without `.json`: the page's `?id=`. */
  id: string;
  receivedAt: string;
  provider: string;
  /** The Standard Webhooks headers as posted, and the sender's content type and user agent. */
  headers: Record<string, string>;
  /** The body exactly as posted (what the signature covers). */
  body: string;
  /** Whether the signature holds, checked with the `standardwebhooks` library when it arrived. */
  verified: boolean;
  /** Why it does not, in the library's words (or that the secret is not set). */
  problem?: string;
  /** From the body: the event, the referral it is about, and whether it is a test. */
  type?: string;
  referral?: string;
  test?: boolean;
};

const SHOWN_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'content-type', 'user-agent'];

/** Where the local receiver keeps what it took: beside the emails, in the local mailbox's folder. */
export const localWebhooksDir = (mailboxDir: string): string => join(mailboxDir, 'webhooks');

const fileFor = (dir: string, id: string) => join(dir, `${id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 200)}.json`);

/** What a body says about itself, when it is an event; nothing when it is not JSON. */
function aboutBody(body: string): Pick<ReceivedWebhook, 'type' | 'referral' | 'test'> {
  try {
    const event = JSON.parse(body) as { type?: unknown; test?: unknown; data?: { referral?: { id?: unknown } } };
    return {
      ...(typeof event.type === 'string' ? { type: event.type } : {}),
      ...(typeof event.data?.referral?.id === 'string' ? { referral: event.data.referral.id } : {}),
      ...(event.test === true ? { test: true } : {}),
    };
  } catch {
    return {};
  }
}

/** Every post the local receiver took, newest first; a file that is not one is left out. */
export async function readLocalWebhooks(dir: string): Promise<ReceivedWebhook[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.json'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const read = await Promise.all(
    names.map((name) =>
      readFile(join(dir, name), 'utf8').then(
        (text) => {
          const parsed = JSON.parse(text) as ReceivedWebhook;
          return typeof parsed.receivedAt === 'string' && typeof parsed.body === 'string' ? parsed : null;
        },
        () => null,
      ),
    ),
  );
  return read.filter((w): w is ReceivedWebhook => w !== null).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
}

/**
 * Takes one post as a careful receiver would: checks its signature with the `standardwebhooks`
 * library and the provider's secret (answering 401 if it does not hold, and keeping it to show
 * why), ignores a repeat of a `webhook-id` it already took, and on a verified `referral.erased`
 * deletes every earlier post about that referral. Answers the status to reply with.
 */
export async function receiveLocalWebhook(
  dir: string,
  post: { provider: string; headers: Headers; body: string; secret: string | null | undefined; secretVariable: string; now?: Date },
): Promise<{ status: 204 | 401; erased: number }> {
  const headers = Object.fromEntries(SHOWN_HEADERS.flatMap((name) => (post.headers.get(name) === null ? [] : [[name, post.headers.get(name)!]])));
  let problem: string | undefined;
  if (!post.secret) problem = `${post.secretVariable} is ${post.secret === null ? 'not a whsec_ secret' : 'not set'}, so the signature cannot be checked`;
  else {
    try {
      new Webhook(post.secret).verify(post.body, headers);
    } catch (error) {
      problem = error instanceof WebhookVerificationError ? error.message : 'the signature could not be checked';
    }
  }
  const id = headers['webhook-id'] ?? `unnamed-${Date.now()}`;
  const file = fileFor(dir, id);
  await mkdir(dir, { recursive: true });
  const earlier = await readFile(file, 'utf8').then((text) => JSON.parse(text) as ReceivedWebhook, () => null);
  if (earlier?.verified) return { status: problem ? 401 : 204, erased: 0 };
  const received: ReceivedWebhook = {
    id: file.slice(dir.length + 1, -'.json'.length),
    receivedAt: (post.now ?? new Date()).toISOString(),
    provider: post.provider,
    headers,
    body: post.body,
    verified: !problem,
    ...(problem ? { problem } : {}),
    ...aboutBody(post.body),
  };
  await writeFile(file, JSON.stringify(received, null, 2));
  let erased = 0;
  if (received.verified && received.type === 'referral.erased' && received.referral) {
    for (const other of await readLocalWebhooks(dir)) {
      if (other.referral !== received.referral || other.id === received.id) continue;
      await unlink(join(dir, `${other.id}.json`)).then(() => (erased += 1), () => undefined);
    }
  }
  return { status: problem ? 401 : 204, erased };
}
