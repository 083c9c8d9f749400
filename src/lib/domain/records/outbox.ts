// Keys of the outbox store (`vouch-outbox`). A message's own key (`<referral id>-<template>`,
// `link-<provider>-…`, `sign-in-…`) is also the mail API's idempotency key; the store keeps its
// record under `msg/` and, while it waits to be sent, a marker under `pending/`.

import { z } from 'zod';
import type { OutboxMessage } from '../ports.ts';

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
