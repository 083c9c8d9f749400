// Posting the webhooks the outbox holds: one sender at a time per message (a lease taken with a
// conditional write), retried and dead-lettered as emails are, with the notices that tell a
// provider their endpoint is in trouble. What the events are is webhook-messages.ts's.
import { deliver, enqueue, pending } from './deliver.ts';
import { errorSummary } from './errors.ts';
import { optional } from './optional.ts';
import type { OutboxMessage, WebhookFailure, WebhookMessage } from './ports.ts';
import type { ProviderEntry } from './provider.ts';
import { MAX_ATTEMPTS, retryDelayMs, WAITING_CODES, WAITING_DELAY_MS } from './retry.ts';
import type { Deps } from './deps.ts';
import { connectedEndpoint, eraseFromWebhooks, recordWebhooks } from './webhook-messages.ts';
import { outboxKeys } from './records/outbox.ts';
import { asReferral, referralKeys } from './records/referrals.ts';
import { asEndpointState, asWebhookMessage, type EndpointState, webhookKeys } from './records/webhooks.ts';

/** What posting webhooks needs; the notices of an endpoint in trouble are emails, sent like any other. */
export type WebhookDeps = Pick<Deps, 'store' | 'webhooks' | 'mailer' | 'render' | 'clock' | 'ids' | 'directory' | 'log'>;

/** How long a sender holds a webhook: well past the longest a post may take (its timeout is at most 30 s). */
export const SENDING_LEASE_MS = 60_000;

/** Posts at once, per pass: a few endpoints slow to answer must not hold up the rest. */
const CONCURRENCY = 4;

/** Most webhooks one outbox run posts; the rest wait for the next. */
export const MAX_POSTS_PER_RUN = 40;

/** A webhook to post, by its key: the record is read (and held) before anything is posted. */
type Posting = Pick<WebhookMessage, 'key' | 'provider'>;

/**
 * Posts webhooks just recorded after the answer, where the platform keeps running for it
 * (`deps.background`). Without it they are left to the outbox's next run (they are due at
 * once): a slow endpoint never holds up an answer or a job.
 */
export function postWebhooksSoon(deps: WebhookDeps & Pick<Deps, 'background'>, postings: Posting[]): void {
  if (postings.length === 0 || !deps.background) return;
  deps.background(
    deliverWebhooks(deps, postings).catch((error: unknown) => {
      deps.log?.(`vouch: webhooks after the answer failed: ${errorSummary(error)}`);
    }),
  );
}

/**
 * Posts a new referral's `referral.created` soon, if its provider has a connected endpoint:
 * `createReferral` recorded it with the rest, before the referral itself.
 */
export function postCreatedSoon(deps: WebhookDeps & Pick<Deps, 'background'>, provider: ProviderEntry, referral: string): void {
  if (connectedEndpoint(deps, provider)) postWebhooksSoon(deps, [{ key: webhookKeys.message(referral, 'created'), provider: provider.slug }]);
}

/** Records webhooks (`recordWebhooks`) and posts those it created soon (`postWebhooksSoon`); answers them. */
export async function queueWebhooks(deps: WebhookDeps & Pick<Deps, 'background'>, messages: WebhookMessage[]): Promise<WebhookMessage[]> {
  if (messages.length === 0) return [];
  const created = await recordWebhooks(deps, messages);
  postWebhooksSoon(deps, created);
  return created;
}

/** What the outbox's run did with the webhooks it holds, in counts, beside its emails'. */
export type WebhookDrainReport = {
  due: number;
  sent: number;
  failed: number;
  dead: number;
  /** Pending but not yet due, or held by another sender. */
  waiting: number;
  /** Due but left for the next run (its time, or a 429 from that endpoint). */
  skipped: number;
  /** Waiting because the secret their content file names is not set. */
  unconfigured: number;
};

/**
 * The outbox run's share of webhooks: posts those due (oldest first, `MAX_POSTS_PER_RUN` at
 * most), starting none after `until`, so that each ends within its timeout inside the run.
 */
export async function drainWebhooks(deps: WebhookDeps, held: WebhookMessage[], options: { until: number }): Promise<WebhookDrainReport> {
  const now = deps.clock.now().getTime();
  const isDue = (m: WebhookMessage) => Date.parse(m.nextAttemptAt) <= now && !(m.sendingUntil && Date.parse(m.sendingUntil) > now);
  const due = held.filter(isDue).sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt));
  const report: WebhookDrainReport = {
    due: due.length,
    sent: 0,
    failed: 0,
    dead: 0,
    waiting: held.length - due.length,
    skipped: Math.max(0, due.length - MAX_POSTS_PER_RUN),
    unconfigured: held.filter((m) => m.lastError === 'not_configured' && !isDue(m)).length,
  };
  if (due.length === 0) return report;
  const done = await deliverWebhooks(deps, due.slice(0, MAX_POSTS_PER_RUN), options);
  report.sent = done.sent.length;
  report.dead = done.dead.length;
  report.failed = done.failed.length - done.dead.length;
  report.skipped += done.skipped.length;
  report.unconfigured += done.failed.filter((f) => f.code === 'not_configured').length;
  return report;
}

/** What one pass of posting did, for logs and tests. */
export type WebhookReport = { sent: string[]; failed: { key: string; code: string }[]; dead: string[]; skipped: string[] };

/** The outcome of posting one webhook. */
type Outcome = { key: string; sent?: true; failure?: string; dead?: true; skipped?: true; throttled?: true };

/**
 * Posts webhooks, `CONCURRENCY` at a time, each once: a sender first holds it (a conditional
 * write of `sendingUntil` on the version read), so that the request that recorded it and the
 * outbox's run never post it side by side, and it is never posted again once accepted. A retry
 * carries the same `webhook-id`, which receivers dedupe on. Failures back off as emails do
 * (`retryDelayMs`, never sooner than `retry-after`) and are dead-lettered after `MAX_ATTEMPTS`;
 * a 410 Gone turns the endpoint off. `until` stops starting posts after that time; a 429 stops
 * posting to that provider for the pass. Notices to providers are emailed in the same pass.
 */
export async function deliverWebhooks(deps: WebhookDeps, messages: Posting[], options: { until?: number } = {}): Promise<WebhookReport> {
  const report: WebhookReport = { sent: [], failed: [], dead: [], skipped: [] };
  const notices: OutboxMessage[] = [];
  const throttled = new Set<string>();
  const queue = [...messages];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      if (throttled.has(next.provider) || (options.until !== undefined && deps.clock.now().getTime() > options.until)) {
        report.skipped.push(next.key);
        continue;
      }
      let outcome: Outcome;
      try {
        outcome = await postOne(deps, next, notices);
      } catch (error) {
        // Storage failed mid-way: the message keeps its place (and, if held, waits for the hold to lapse).
        deps.log?.(`vouch: posting webhook ${next.key} stopped: ${errorSummary(error)}`);
        outcome = { key: next.key, failure: 'storage_unavailable' };
      }
      if (outcome.sent) report.sent.push(outcome.key);
      if (outcome.failure) report.failed.push({ key: outcome.key, code: outcome.failure });
      if (outcome.dead) report.dead.push(outcome.key);
      if (outcome.skipped) report.skipped.push(outcome.key);
      if (outcome.throttled) throttled.add(next.provider);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, messages.length) }, worker));
  // The notices are in the outbox once enqueued: if sending them now fails, its run sends them.
  if (notices.length > 0) await deliver(deps, await enqueue(deps, notices)).catch((error: unknown) => deps.log?.(`vouch: a webhook notice waits: ${errorSummary(error)}`));
  return report;
}

/** Takes a webhook for this sender, if it is still pending, due and held by no one; answers it as stored then. */
async function hold(deps: Pick<Deps, 'store'>, key: string, now: number): Promise<WebhookMessage | null> {
  let held: WebhookMessage | null = null;
  await deps.store.update<unknown>('outbox', outboxKeys.record(key), (raw) => {
    held = null;
    const current = asWebhookMessage(raw);
    if (!current || current.status !== 'pending' || !current.payload) return null;
    if (Date.parse(current.nextAttemptAt) > now || (current.sendingUntil && Date.parse(current.sendingUntil) > now)) return null;
    held = { ...current, sendingUntil: new Date(now + SENDING_LEASE_MS).toISOString() };
    return held;
  });
  return held;
}

/**
 * Whether the referral of a `referral.created` was erased after its event was recorded (a
 * partner's copy is stored before its event; an erasure in between found nothing to scrub): its
 * events are scrubbed now, and this one is not posted.
 */
async function erasedSince(deps: Pick<Deps, 'store' | 'clock' | 'directory'>, held: WebhookMessage): Promise<boolean> {
  if (held.event !== 'referral.created' || !held.referral) return false;
  const referral = asReferral(await deps.store.get<unknown>('referrals', referralKeys.record(held.referral)));
  if (!referral?.erasedAt) return false;
  await settle(deps, held, { status: 'dead', payload: null, lastError: 'erased', deadAt: deps.clock.now().toISOString() });
  await eraseFromWebhooks(deps, referral);
  return true;
}

/** Until when a delivery about the same referral may still be in flight, if any is (for `referral.erased`, which must come last). */
async function inFlightUntil(deps: Pick<Deps, 'store'>, held: WebhookMessage, now: number): Promise<number | null> {
  if (held.event !== 'referral.erased' || !held.referral) return null;
  const records = await deps.store.list('outbox', outboxKeys.records(webhookKeys.messagesOf(held.referral)));
  const others = await Promise.all(records.filter((r) => r !== outboxKeys.record(held.key)).map((r) => deps.store.get<unknown>('outbox', r)));
  const until = Math.max(...others.map((raw) => Date.parse(asWebhookMessage(raw)?.sendingUntil ?? '') || 0));
  return until > now ? until : null;
}

async function postOne(deps: WebhookDeps, queued: Posting, notices: OutboxMessage[]): Promise<Outcome> {
  const started = deps.clock.now().getTime();
  const held = await hold(deps, queued.key, started);
  if (!held || !held.payload) return { key: queued.key, skipped: true };
  const provider = deps.directory.get(held.provider);
  const endpoint = provider?.webhook;
  const off = endpoint ? asEndpointState(await deps.store.get<unknown>('outbox', webhookKeys.endpoint(held.provider))) : null;
  if (!endpoint || off?.url === endpoint.url) {
    // Nothing to post to: the content file names no endpoint any more, or this one answered 410 Gone.
    await settle(deps, held, { status: 'dead', lastError: endpoint ? 'endpoint_off' : 'no_endpoint', deadAt: new Date(started).toISOString() });
    return { key: held.key, failure: endpoint ? 'endpoint_off' : 'no_endpoint', dead: true };
  }
  if (await erasedSince(deps, held)) return { key: held.key, failure: 'erased', dead: true };
  const wait = await inFlightUntil(deps, held, started);
  if (wait !== null) {
    await settle(deps, held, { status: 'pending', nextAttemptAt: new Date(wait + 1000).toISOString() });
    return { key: held.key, skipped: true };
  }
  let result: Awaited<ReturnType<Deps['webhooks']['send']>>;
  try {
    result = await deps.webhooks.send({ provider: held.provider, url: endpoint.url, secretVariable: endpoint.secretVariable, id: held.key, body: JSON.stringify(held.payload) });
  } catch (error) {
    deps.log?.(`vouch: posting webhook ${held.key} failed: ${errorSummary(error)}`);
    result = { ok: false, error: { code: 'send_failed', retryable: true, detail: errorSummary(error) } };
  }
  const now = deps.clock.now();
  if (result.ok) {
    await settle(deps, held, { status: 'sent', attempts: held.attempts + 1, sentAt: now.toISOString(), lastStatus: result.value.status });
    return { key: held.key, sent: true };
  }
  const failure: WebhookFailure = result.error;
  const waiting = WAITING_CODES.has(failure.code);
  const attempts = waiting ? held.attempts : held.attempts + 1;
  const gone = failure.status === 410;
  const dead = gone || (!waiting && (!failure.retryable || attempts >= MAX_ATTEMPTS));
  const delay = waiting ? WAITING_DELAY_MS : retryDelayMs(attempts, deps.ids.random(), failure.retryAfterSeconds);
  const stored = await settle(deps, held, {
    status: dead ? 'dead' : 'pending',
    attempts,
    lastError: failure.code,
    nextAttemptAt: new Date(now.getTime() + delay).toISOString(),
    ...optional('lastStatus', failure.status),
    ...(dead ? { deadAt: now.toISOString() } : {}),
  });
  if (provider && gone) notices.push(...(await turnOff(deps, provider, endpoint.url, now)));
  else if (provider && dead && stored?.lastError !== 'erased' && !held.test) notices.push(failingNotice(provider, endpoint.url, attempts, failure.code, now));
  return { key: held.key, failure: failure.code, ...(dead ? { dead: true as const } : {}), ...(failure.status === 429 ? { throttled: true as const } : {}) };
}

/**
 * Writes a post's outcome onto the record as stored now, and lets go of it. An erasure may have
 * scrubbed it meanwhile: its payload stays gone, and unless it was accepted it stays dead.
 */
async function settle(deps: Pick<Deps, 'store'>, held: WebhookMessage, outcome: Partial<WebhookMessage>): Promise<WebhookMessage | null> {
  const stored = await deps.store.update<unknown>('outbox', outboxKeys.record(held.key), (raw) => {
    const current = asWebhookMessage(raw);
    if (!current) return null;
    const next: WebhookMessage = { ...current, ...outcome };
    delete next.sendingUntil;
    if (outcome.status === 'sent') delete next.lastError;
    if (current.lastError === 'erased' && outcome.status !== 'sent') Object.assign(next, { status: 'dead', lastError: 'erased' });
    return next;
  });
  const settled = asWebhookMessage(stored);
  if (settled && settled.status !== 'pending') await deps.store.delete('outbox', outboxKeys.marker(held.key));
  return settled;
}

/** Each failure code of a delivery, as a provider reads it (never the receiver's own words). */
const reasons: Record<string, string> = {
  timeout: 'no answer in time',
  connection_refused: 'connection refused',
  connection_failed: 'could not connect',
  dns_failed: 'address not found',
  tls_failed: 'secure connection failed',
  refused_address: 'the address is on a private network',
  not_https: 'not an https address',
  redirect: 'answered with a redirect, which is not followed',
  not_configured: 'its secret is not set',
  secret_invalid: 'its secret is not a whsec_ secret',
  send_failed: 'could not be sent',
  endpoint_off: 'deliveries are turned off',
  no_endpoint: 'no endpoint in the content file',
  erased: "the person's details were erased",
};

/** A failure code in words: `http_503` is "HTTP 503". */
export const reasonOf = (code: string): string => (/^http_\d{3}$/.test(code) ? `HTTP ${code.slice(5)}` : (reasons[code] ?? code.replace(/_/g, ' ')));

/** The host an email names for an endpoint: never its path or query, which may hold a token. */
export const endpointHost = (url: string): string => new URL(url).hostname;

/**
 * Turns a provider's endpoint off after it answered 410 Gone (until they change the URL or turn
 * it back on from their dashboard), and answers the notice that tells them, once per turning off.
 */
async function turnOff(deps: Pick<Deps, 'store'>, provider: ProviderEntry, url: string, now: Date): Promise<OutboxMessage[]> {
  let turnedOff: EndpointState | null = null;
  await deps.store.update<unknown>('outbox', webhookKeys.endpoint(provider.slug), (raw) => {
    turnedOff = null;
    if (asEndpointState(raw)?.url === url) return null;
    turnedOff = { url, disabledAt: now.toISOString(), reason: 'gone' };
    return turnedOff;
  });
  if (!turnedOff) return [];
  return [
    pending(
      {
        key: webhookKeys.goneNotice(provider.slug, now.getTime()),
        provider: provider.slug,
        role: 'provider',
        to: provider.notify,
        content: { template: 'webhook-problem', providerName: provider.name, why: 'gone', endpointHost: endpointHost(url) },
      },
      now,
    ),
  ];
}

/** The notice that events to a provider's endpoint were given up on: one a day at most, by its key. */
function failingNotice(provider: ProviderEntry, url: string, attempts: number, reason: string, now: Date): OutboxMessage {
  return pending(
    {
      key: webhookKeys.failingNotice(provider.slug, now.getTime()),
      provider: provider.slug,
      role: 'provider',
      to: provider.notify,
      content: { template: 'webhook-problem', providerName: provider.name, why: 'failing', endpointHost: endpointHost(url), attempts, reason: reasonOf(reason) },
    },
    now,
  );
}
