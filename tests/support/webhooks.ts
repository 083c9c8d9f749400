// Resend webhooks as Resend sends them: a JSON event signed the Svix way, computed here
// from the published format (HMAC-SHA256 of "<id>.<timestamp>.<body>" under the base64 key
// of a whsec_ secret), independently of the code under test.
import { createHmac, randomUUID } from 'node:crypto';

/** A signing secret in Resend's format. */
export const WEBHOOK_SECRET = `whsec_${Buffer.from('vouch-test-webhook-signing-key!!').toString('base64')}`;

/** The `v1,<base64>` signature of a body. */
export function sign(body: string, id: string, timestamp: number, secret = WEBHOOK_SECRET): string {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** Svix headers for a body signed now (or at `timestamp`, in seconds). */
export function signedHeaders(body: string, options: { id?: string; timestamp?: number; secret?: string } = {}): Record<string, string> {
  const id = options.id ?? `msg_${randomUUID()}`;
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return { 'svix-id': id, 'svix-timestamp': String(timestamp), 'svix-signature': sign(body, id, timestamp, options.secret) };
}

/** An `email.bounced` or `email.complained` event (or any other type) as Resend's payload shapes it. */
export function emailEvent(type: string, to: string[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type,
    created_at: new Date().toISOString(),
    data: {
      email_id: randomUUID(),
      created_at: new Date().toISOString(),
      from: 'Northside Referrals <referrals@example.com>',
      to,
      subject: 'Jane Okafor will be in touch within 24 hours',
      message_id: `<${randomUUID()}@email.amazonses.com>`,
      ...extra,
    },
  });
}

/** A permanent bounce of an email to one address. */
export const bounceOf = (address: string, type = 'Permanent') =>
  emailEvent('email.bounced', [address], { bounce: { type, subType: 'General', message: 'The recipient does not exist.' } });
