import type { Clock, Mailer, OutboxMessage, Render, Store } from './ports.ts';

/** What delivery needs. */
export type DeliveryDeps = { store: Store; mailer: Mailer; render: Render; clock: Clock };

/** The outcome of one delivery pass, for logs; a failed send stays pending for a retry. */
export type DeliveryReport = { sent: string[]; failed: { key: string; code: string }[] };

/**
 * Sends recorded outbox messages now, each with its key as the idempotency key, and
 * records the outcome. A failure here never undoes what is stored: the message stays
 * pending with its error, to be sent again with the same key.
 */
export async function deliver(deps: DeliveryDeps, messages: OutboxMessage[]): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: [], failed: [] };
  for (const message of messages) {
    const email = { ...deps.render(message.content), to: message.to, replyTo: message.replyTo };
    const result = await deps.mailer.send(email, { idempotencyKey: message.key });
    const attempts = message.attempts + 1;
    const updated: OutboxMessage = result.ok
      ? { ...message, status: 'sent', attempts, sentAt: deps.clock.now().toISOString(), lastError: undefined }
      : { ...message, status: 'pending', attempts, lastError: result.error.code };
    if (result.ok) report.sent.push(message.key);
    else report.failed.push({ key: message.key, code: result.error.code });
    try {
      await deps.store.put('outbox', `msg/${message.key}`, updated);
    } catch {
      // The mail went (or not) and its key makes a resend harmless; the record catches up on the next pass.
      report.failed.push({ key: message.key, code: 'outbox_update_failed' });
    }
  }
  return report;
}

/** A new outbox record for a message. */
export const pending = (
  message: Pick<OutboxMessage, 'key' | 'role' | 'to' | 'replyTo' | 'content'>,
  now: Date,
): OutboxMessage => ({ ...message, status: 'pending', attempts: 0, createdAt: now.toISOString() });
