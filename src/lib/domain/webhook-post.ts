// Posting the webhooks the outbox holds: one sender at a time per message (a hold taken with a
// conditional write), each outcome written back as emails' are, and the notices that tell a
// provider their endpoint is in trouble. The steps that record events (referral-intake.ts,
// webhook-delivery.ts) are handed `postWebhooks` by their use case (`Senders` in deps.ts). What
// each event says is webhook-messages.ts's; recording them is records/outbox.ts's; sending the
// notices and the outbox's share are webhook-delivery.ts's.
import { errorSummary } from './errors.ts';
import { optional } from './optional.ts';
import type { MessageDraft, WebhookFailure } from './ports.ts';
import type { WebhookMessage } from './webhook-events.ts';
import type { ProviderEntry } from './provider.ts';
import { MAX_ATTEMPTS, retryDelayMs, WAITING_CODES, WAITING_DELAY_MS } from './retry.ts';
import type { Deps, Posting, PostDeps, WebhookReport } from './deps.ts';
import { outboxKeys, asEndpointState, asWebhookMessage, type EndpointState, webhookKeys } from './records/outbox.ts';
import { webhookProblemEmail } from './emails/webhook-problem.ts';

/** How long a sender holds a webhook: well past the longest a post may take (its timeout is at most 30 s). */
export const SENDING_LEASE_MS = 60_000;

/** Posts at once, per pass: a few endpoints slow to answer must not hold up the rest. */
const CONCURRENCY = 4;

/** The outcome of posting one webhook. */
type Outcome = { key: string; sent?: true; failure?: string; dead?: true; skipped?: true; throttled?: true };

/**
 * Posts webhooks, `CONCURRENCY` at a time, each once: a sender first holds it (a conditional
 * write of `sendingUntil` on the version read), so that the request that recorded it and the
 * outbox's run never post it side by side, and it is never posted again once accepted. A retry
 * carries the same `webhook-id`, which receivers dedupe on. Failures back off as emails do
 * (`retryDelayMs`, never sooner than `retry-after`) and are dead-lettered after `MAX_ATTEMPTS`;
 * a 410 Gone turns the endpoint off. `until` stops starting posts after that time; a 429 stops
 * posting to that provider for the pass. Answers, beside what it did, the emails that tell
 * providers their endpoint is in trouble, for the caller to record and send.
 */
export async function postWebhooks(deps: PostDeps, messages: Posting[], options: { until?: number } = {}): Promise<WebhookReport & { notices: MessageDraft[] }> {
  const report: WebhookReport = { sent: [], failed: [], dead: [], skipped: [] };
  const notices: MessageDraft[] = [];
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
  return { ...report, notices };
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

/** Until when a delivery about the same referral may still be in flight, if any is (for `referral.erased`, which must come last). */
async function inFlightUntil(deps: Pick<Deps, 'store'>, held: WebhookMessage, now: number): Promise<number | null> {
  if (held.event !== 'referral.erased' || !held.referral) return null;
  const records = await deps.store.list('outbox', outboxKeys.records(webhookKeys.messagesOf(held.referral)));
  const others = await Promise.all(records.filter((r) => r !== outboxKeys.record(held.key)).map((r) => deps.store.get<unknown>('outbox', r)));
  const until = Math.max(...others.map((raw) => Date.parse(asWebhookMessage(raw)?.sendingUntil ?? '') || 0));
  return until > now ? until : null;
}

async function postOne(deps: PostDeps, queued: Posting, notices: MessageDraft[]): Promise<Outcome> {
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
async function turnOff(deps: Pick<Deps, 'store'>, provider: ProviderEntry, url: string, now: Date): Promise<MessageDraft[]> {
  let turnedOff: EndpointState | null = null;
  await deps.store.update<unknown>('outbox', webhookKeys.endpoint(provider.slug), (raw) => {
    turnedOff = null;
    if (asEndpointState(raw)?.url === url) return null;
    turnedOff = { url, disabledAt: now.toISOString(), reason: 'gone' };
    return turnedOff;
  });
  if (!turnedOff) return [];
  return [webhookProblemEmail(webhookKeys.goneNotice(provider.slug, now.getTime()), provider, { why: 'gone' }, endpointHost(url))];
}

/** The notice that events to a provider's endpoint were given up on: one a day at most, by its key. */
function failingNotice(provider: ProviderEntry, url: string, attempts: number, reason: string, now: Date): MessageDraft {
  return webhookProblemEmail(webhookKeys.failingNotice(provider.slug, now.getTime()), provider, { why: 'failing', attempts, reason: reasonOf(reason) }, endpointHost(url));
}
