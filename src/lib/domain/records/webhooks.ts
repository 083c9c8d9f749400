// Keys of providers' webhooks, in the outbox store (`vouch-outbox`). Each event is an outbox
// message of its own (`msg/<key>`, with its `pending/<key>` marker while it waits; see outbox.ts),
// whose key is also the `webhook-id` of every attempt: `hook-<referral id>-<event>`, or
// `hook-test-<provider>-<time>` for a test event. Beside them: a listing per provider and day
// for the dashboard (`hook-log/`), whether a provider's endpoint was turned off (`hook-endpoint/`),
// and when they last sent a test event (`hook-test/`).

import { z } from 'zod';
import type { WebhookMessage } from '../webhook-events.ts';

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
