// The outbox store (`vouch-outbox`): every key of it is built and read back here. What waits to
// be sent, emails and providers' webhooks alike, each under `msg/<key>` with a `pending/<key>`
// marker while it waits; and, beside the webhooks, a listing per provider and day for the
// dashboard (`hook-log/`), whether a provider's endpoint was turned off (`hook-endpoint/`) and
// when they last sent a test event (`hook-test/`).
//
// An email's own key (`<referral id>-<template>`, `link-<provider>-…`, `sign-in-…`) is also the
// mail API's idempotency key. A webhook's (`hook-<referral id>-<event>`, or
// `hook-test-<provider>-<time>` for a test event) is also the `webhook-id` of every attempt; it
// is made here from the event, when the event is recorded (`webhookMessage`).
import { z } from 'zod';
import { optional } from '../optional.ts';
import type { MessageDraft, OutboxMessage, Store } from '../ports.ts';
import type { Referral } from '../referral.ts';
import type { Clock } from '../time.ts';
import type { WebhookEvent, WebhookMessage } from '../webhook-events.ts';

/** The outbox's keys, built and read back here only. */
export const outboxKeys = {
  /** A message's record. */
  record: (key: string): string => `msg/${key}`,
  /** The marker the scheduler lists while a message is pending. */
  marker: (key: string): string => `pending/${key}`,
  /** The prefix of the records of every message whose key starts with `start` (a referral's id). */
  records: (start: string): string => `msg/${start}`,
  /** The prefix of every pending marker. */
  markers: (): string => 'pending/',
  /** The key of the email that sends a personal link, one per address, provider and day (`bucket`). */
  linkMessage: (provider: string, addressDigest: string, bucket: number): string => `link-${provider}-${addressDigest}-${bucket}`,
  /** The start of the keys of every personal-link email to an address for a provider. */
  linkMessages: (provider: string, addressDigest: string): string => `link-${provider}-${addressDigest}-`,
  /** The key of the notice that tells the provider a message could not be delivered. */
  undelivered: (key: string): string => `undelivered-${key}`,
  /** The message key a record's or a marker's store key holds. */
  messageKeyOf: (storeKey: string): string => storeKey.replace(/^(msg|pending)\//, ''),
};

/**
 * Why a message was left unsent on purpose (`lastError`), which is no delivery failure: its
 * person asked to be erased, or its cap was reached by others first (`OutboxMessage.cap`).
 */
export const unsentOnPurpose: ReadonlySet<string> = new Set(['erased', 'capped']);

/**
 * A message's record as read back, parsed: the envelope the outbox acts on is checked (who, what
 * state, how many attempts); the content, written by the email builders, keeps its fields as
 * stored and must name its template. Fields it does not know are kept.
 */
const StoredMessage = z.looseObject({
  key: z.string().min(1),
  provider: z.string(),
  referral: z.string().optional(),
  role: z.enum(['referrer', 'referee', 'provider']),
  to: z.array(z.string()),
  replyTo: z.string().optional(),
  content: z.looseObject({ template: z.string().min(1) }),
  cap: z.object({ collection: z.enum(['referrers', 'referrals', 'outbox', 'access', 'suppressions']), slots: z.string().min(1), max: z.number().int().min(1) }).optional(),
  status: z.enum(['pending', 'sent', 'dead']),
  attempts: z.number().int().min(0),
  createdAt: z.string(),
  nextAttemptAt: z.string(),
});

/** A message's record as the outbox sees it, or null when what is stored does not read as one. */
export function asMessage(stored: unknown): OutboxMessage | null {
  const parsed = StoredMessage.safeParse(stored);
  return parsed.success ? (parsed.data as OutboxMessage) : null;
}

/**
 * How long the scheduler leaves a new message alone: the request that records it sends it
 * at once, and the scheduler only steps in if that send never reported back.
 */
export const FIRST_SEND_GRACE_MS = 2 * 60_000;

/** A new outbox record for a message, sent now by its request, due for the scheduler after the grace period. */
export const pending = (message: MessageDraft, now: Date): OutboxMessage => ({
  ...message,
  status: 'pending',
  attempts: 0,
  createdAt: now.toISOString(),
  nextAttemptAt: new Date(now.getTime() + FIRST_SEND_GRACE_MS).toISOString(),
});

/**
 * Records messages in the outbox: each one's pending marker (what the scheduler lists) and
 * the message itself, written side by side, the message only if its key is new. Answers the
 * messages this call created: a message that already existed belongs to whoever created it,
 * and is not sent twice. If only the message is written, the request fails and its retry (a
 * replay) writes the marker again; a marker left without its message is cleared by the
 * scheduler, and one beside a message already settled is ignored.
 */
export async function enqueue(deps: { store: Store }, messages: OutboxMessage[]): Promise<OutboxMessage[]> {
  const outcomes = await Promise.all(
    messages.map(async (message) => {
      const [, written] = await Promise.all([
        deps.store.put('outbox', outboxKeys.marker(message.key), { key: message.key, createdAt: message.createdAt }),
        deps.store.create('outbox', outboxKeys.record(message.key), message),
      ]);
      return written === 'created' ? message : null;
    }),
  );
  return outcomes.filter((message): message is OutboxMessage => message !== null);
}

// Webhooks.

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The webhooks' keys, built and read back here only. */
export const webhookKeys = {
  /** A referral's event: one key per referral and event (and stage), so that each is recorded once. */
  message: (referral: string, event: 'created' | 'handed-on' | 'erased' | `stage-${string}`): string => `hook-${referral}-${event}`,
  /** The start of the keys of every event about a referral (a partner's copy, `<id>h`, is another referral). */
  messagesOf: (referral: string): string => `hook-${referral}-`,
  /** A test event from the dashboard. */
  testMessage: (provider: string, at: number): string => `hook-test-${provider}-${at}`,
  /** When a provider last sent a test event (one per `TEST_EVERY_MS`). */
  lastTest: (provider: string): string => `hook-test/${provider}`,
  /** A provider's listing entry for a message, under the day it was recorded (UTC), newest last within the day. */
  logEntry: (provider: string, at: number, key: string): string => `hook-log/${provider}/${day(at)}/${String(at).padStart(15, '0')}-${key}`,
  /** The folder of a provider's listing, whose folders are days (`YYYY-MM-DD`). */
  logDays: (provider: string): string => `hook-log/${provider}/`,
  /** The entries of one day of a provider's listing. */
  logDay: (provider: string, dayName: string): string => `hook-log/${provider}/${dayName}/`,
  /** The message key a listing entry names. */
  messageKeyOfEntry: (entry: string): string => entry.slice(entry.lastIndexOf('/') + 1).replace(/^\d{15}-/, ''),
  /** Whether a provider's endpoint is turned off, and which URL that was. */
  endpoint: (provider: string): string => `hook-endpoint/${provider}`,
  /** The email telling a provider their endpoint answered 410 Gone and was turned off (once per turning off). */
  goneNotice: (provider: string, at: number): string => `hook-gone-${provider}-${at}`,
  /** The email telling a provider that events were given up on: at most one a day. */
  failingNotice: (provider: string, at: number): string => `hook-failing-${provider}-${day(at)}`,
};

/** A provider's endpoint turned off: it answered 410 Gone. Another URL in their content file is another endpoint, on. */
export type EndpointState = { url: string; disabledAt: string; reason: 'gone' };

const StoredEndpoint = z.looseObject({ url: z.string(), disabledAt: z.string(), reason: z.literal('gone') });

/** A stored endpoint state, or null when none reads as one (the endpoint is then on). */
export const asEndpointState = (stored: unknown): EndpointState | null => {
  const parsed = StoredEndpoint.safeParse(stored);
  return parsed.success ? (parsed.data as EndpointState) : null;
};

/**
 * A webhook's outbox record as read back, parsed: the envelope the outbox acts on is checked; the
 * payload, written by webhook-messages.ts, keeps its fields as stored. Fields it does not know are kept.
 */
const StoredWebhook = z.looseObject({
  channel: z.literal('webhook'),
  key: z.string().min(1),
  provider: z.string().min(1),
  referral: z.string().optional(),
  // The event's name and body are webhook-events.ts's; here only that they are there.
  event: z.string().regex(/^referral\.[a-z_]+$/),
  payload: z.looseObject({ type: z.string() }).nullable(),
  status: z.enum(['pending', 'sent', 'dead']),
  attempts: z.number().int().min(0),
  createdAt: z.string(),
  nextAttemptAt: z.string(),
});

/** A webhook's outbox record, or null when what is stored is not one (an email's record, or damaged). */
export function asWebhookMessage(stored: unknown): WebhookMessage | null {
  const parsed = StoredWebhook.safeParse(stored);
  return parsed.success ? (parsed.data as WebhookMessage) : null;
}

/** An event's record key: one per referral and event (and stage), so that each is recorded once; a test event's own. */
function keyOf(event: WebhookEvent): string {
  const { id, provider } = event.data.referral;
  if (event.test) return webhookKeys.testMessage(provider, Date.parse(event.timestamp));
  switch (event.type) {
    case 'referral.created':
      return webhookKeys.message(id, 'created');
    case 'referral.handed_on':
      return webhookKeys.message(id, 'handed-on');
    case 'referral.erased':
      return webhookKeys.message(id, 'erased');
    case 'referral.stage_changed':
      return webhookKeys.message(id, `stage-${event.data.referral.stage}`);
  }
}

/** An event as the outbox records it: for its provider, about its referral (none for a test event), due at once. */
export const webhookMessage = (event: WebhookEvent, now: Date): WebhookMessage => ({
  channel: 'webhook',
  key: keyOf(event),
  provider: event.data.referral.provider,
  ...optional('referral', event.test ? undefined : event.data.referral.id),
  event: event.type,
  ...(event.test ? { test: true as const } : {}),
  payload: event,
  status: 'pending',
  attempts: 0,
  createdAt: now.toISOString(),
  // Due at once: whoever holds it first (the request, after its answer, or the outbox's next run) posts it.
  nextAttemptAt: now.toISOString(),
});

/**
 * Records events in the outbox as emails are recorded (`enqueue`): the pending marker, and the
 * record only if its key is new; and lists each for its provider's dashboard. Answers those
 * this call created: an event recorded before is not recorded twice.
 */
export async function recordWebhooks(deps: { store: Store; clock: Clock }, events: WebhookEvent[]): Promise<WebhookMessage[]> {
  const now = deps.clock.now();
  const messages = events.map((event) => webhookMessage(event, now));
  const created = await Promise.all(
    messages.map(async (m) => {
      const [, written] = await Promise.all([
        deps.store.put('outbox', outboxKeys.marker(m.key), { key: m.key, createdAt: m.createdAt }),
        deps.store.create('outbox', outboxKeys.record(m.key), m),
        deps.store.put('outbox', webhookKeys.logEntry(m.provider, Date.parse(m.createdAt), m.key), {}),
      ]);
      return written === 'created';
    }),
  );
  return messages.filter((_, index) => created[index]);
}

/**
 * An erasure's side of the webhooks: every event about the referral loses its payload, and
 * those not yet posted are never posted (dead, `erased`). Then, if the endpoint may hold
 * anything about it (an event was posted, tried or is being posted), `erased` (its
 * `referral.erased`, none without an endpoint) is recorded, due at once, for the outbox's next run, which posts it only after any delivery
 * about the referral still in flight. Answers whether it was recorded.
 */
export async function eraseFromWebhooks(deps: { store: Store; clock: Clock }, referral: Referral, erased: WebhookEvent | null): Promise<boolean> {
  const now = deps.clock.now();
  const erasedKey = webhookKeys.message(referral.id, 'erased');
  const records = (await deps.store.list('outbox', outboxKeys.records(webhookKeys.messagesOf(referral.id)))).filter((record) => record !== outboxKeys.record(erasedKey));
  let reached = false;
  await Promise.all(
    records.map(async (record) => {
      let wasPending = false;
      await deps.store.update<unknown>('outbox', record, (raw) => {
        const current = asWebhookMessage(raw);
        if (!current) return null;
        wasPending = current.status === 'pending';
        if (current.status === 'sent' || current.attempts > 0 || current.sendingUntil) reached = true;
        if (current.payload === null && current.status !== 'pending') return null;
        return { ...current, payload: null, ...(wasPending ? { status: 'dead' as const, deadAt: now.toISOString(), lastError: 'erased' } : {}) };
      });
      if (wasPending) await deps.store.delete('outbox', outboxKeys.marker(outboxKeys.messageKeyOf(record)));
    }),
  );
  if (!reached || !erased) return false;
  await recordWebhooks(deps, [erased]);
  return true;
}
