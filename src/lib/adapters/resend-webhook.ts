import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { z } from 'zod';
import { optional } from '../domain/optional.ts';
import { err, ok, type Result } from '../domain/result.ts';
import type { DeliveryEvent } from '../domain/suppression.ts';

/** The signature headers of a webhook request, as sent (`svix-id`, `svix-timestamp`, `svix-signature`). */
export type WebhookHeaders = { id: string | null; timestamp: string | null; signature: string | null };

/** Why a webhook's signature was refused. */
export type SignatureProblem = 'malformed_headers' | 'stale_timestamp' | 'no_matching_signature';

/** The signature headers of a request. */
export const webhookHeaders = (headers: Headers): WebhookHeaders => ({
  id: headers.get('svix-id'),
  timestamp: headers.get('svix-timestamp'),
  signature: headers.get('svix-signature'),
});

/**
 * Checks a Resend webhook's signature with the Standard Webhooks library (`standardwebhooks`,
 * which Resend's own SDK wraps): an HMAC-SHA256 under the `whsec_` secret over
 * `${id}.${timestamp}.${raw body}`, matching any one of the space-separated `v1,<base64>`
 * signatures in constant time, with a timestamp within five minutes of now either way, so that a
 * captured request cannot be replayed later. Headers too long to be genuine are refused first.
 */
export function verifyWebhook(body: Uint8Array, headers: WebhookHeaders, secret: string): Result<void, SignatureProblem> {
  const { id, timestamp, signature } = headers;
  if (!id || id.length > 256 || !timestamp || !/^\d{1,12}$/.test(timestamp) || !signature || signature.length > 4096) {
    return err('malformed_headers');
  }
  try {
    new Webhook(secret).verify(Buffer.from(body), { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature }, { jsonParse: false });
    return ok(undefined);
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    return err(/timestamp too (old|new)/.test(error.message) ? 'stale_timestamp' : 'no_matching_signature');
  }
}

/** Accepts `Name <address>` as well as a bare address: only the address is kept. */
const recipient = z
  .string()
  .max(320)
  .transform((value) => /<([^<>]+)>\s*$/.exec(value)?.[1] ?? value.trim());

const timestamp = z
  .string()
  .max(64)
  .refine((value) => !Number.isNaN(Date.parse(value)))
  .transform((value) => new Date(value).toISOString());

/** The parts of Resend's `email.bounced` and `email.complained` payloads that Vouch uses. */
const ResendDeliveryEvent = z.object({
  type: z.enum(['email.bounced', 'email.complained']),
  created_at: timestamp,
  data: z.object({
    email_id: z.string().min(1).max(256),
    to: z.union([recipient.transform((address) => [address]), z.array(recipient).min(1).max(50)]),
    bounce: z.object({ type: z.string().max(64).optional(), subType: z.string().max(64).optional() }).optional(),
  }),
});

/** What a verified webhook body holds. */
export type ParsedWebhook =
  | { kind: 'event'; event: DeliveryEvent }
  /** An event type Vouch does not act on. */
  | { kind: 'ignored'; type: string }
  | { kind: 'invalid_json' }
  /** A bounce or complaint without the fields it must have. */
  | { kind: 'invalid_event' };

/** Reads a verified webhook body: a bounce or complaint becomes a delivery event; any other event type is ignored. */
export function parseWebhook(body: Uint8Array): ParsedWebhook {
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return { kind: 'invalid_json' };
  }
  const type = typeof payload === 'object' && payload !== null && 'type' in payload ? payload.type : undefined;
  if (typeof type !== 'string') return { kind: 'invalid_event' };
  if (type !== 'email.bounced' && type !== 'email.complained') return { kind: 'ignored', type: type.slice(0, 64) };
  const parsed = ResendDeliveryEvent.safeParse(payload);
  if (!parsed.success) return { kind: 'invalid_event' };
  const { data, created_at } = parsed.data;
  return {
    kind: 'event',
    event: {
      kind: type === 'email.bounced' ? 'bounced' : 'complained',
      emailId: data.email_id,
      recipients: data.to,
      at: created_at,
      ...optional('bounceType', data.bounce?.type || undefined),
      ...optional('bounceSubType', data.bounce?.subType || undefined),
    },
  };
}
