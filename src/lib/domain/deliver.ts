import { errorSummary } from './errors.ts';
import { optional } from './optional.ts';
import { type MailFailure, type OutboxMessage, StorageUnavailable, type SuppressionReason } from './ports.ts';
import { err, type Result } from './result.ts';
import { MAX_ATTEMPTS, retryDelayMs, WAITING_CODES, WAITING_DELAY_MS } from './retry.ts';
import { type Suppression, suppressionsOf } from './suppression.ts';
import { normaliseEmail } from './addresses.ts';
import { type DeliveryDeps, type DeliveryReport, type Deps, soon } from './deps.ts';
import { enqueue, outboxKeys, pending, unsentOnPurpose } from './records/outbox.ts';
import { claimSlot } from './caps.ts';
import { deliveryFailedEmail } from './emails/delivery-failed.ts';

const { marker, record } = outboxKeys;

/** Sends messages just recorded, soon (see `soon`). */
export async function deliverSoon(deps: DeliveryDeps & Pick<Deps, 'background'>, messages: OutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await soon(deps, () => deliver(deps, messages));
}

/**
 * Sends outbox messages once each, with the message key as the idempotency key, and
 * records the outcome. A failure never undoes what is stored: the message stays pending,
 * due again after a backoff, until it is sent or, after MAX_ATTEMPTS or a failure that
 * cannot pass, is dead-lettered and its provider told once, in the same pass. Suppressed
 * recipients (they bounced or complained before) are left out; a message with no one
 * left is dead-lettered at once, unsent, and its provider told why.
 */
export async function deliver(deps: DeliveryDeps, messages: OutboxMessage[]): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: [], failed: [], dead: [], capped: [] };
  const suppressed = suppressionLookup(deps);
  await suppressed(messages.flatMap((message) => message.to));
  // Notices of dead letters join the queue as they are recorded.
  const queue = [...messages];
  // Sends go one at a time (the mail API counts requests per second); each one's record is
  // written while the next is sent.
  const settling: Promise<void>[] = [];
  for (let next = 0; next < queue.length || settling.length > 0; ) {
    if (next === queue.length) {
      await Promise.all(settling.splice(0));
      continue;
    }
    const message = queue[next++]!;
    const result = await guardedSend(deps, message, await suppressed(message.to));
    const now = deps.clock.now();
    let updated: OutboxMessage;
    if (result.ok) {
      updated = { ...message, status: 'sent', attempts: message.attempts + 1, sentAt: now.toISOString() };
      delete updated.lastError;
      report.sent.push(message.key);
    } else if ('capped' in result.error) {
      // Its cap was reached by others first: it is not sent, and nobody is told of a failure.
      updated = { ...message, status: 'dead', lastError: 'capped', deadAt: now.toISOString() };
      report.capped.push({ key: message.key, ...optional('referral', message.referral) });
    } else if ('suppressed' in result.error) {
      // No attempt was made, so none is counted; nothing later would make it deliverable.
      updated = { ...message, status: 'dead', lastError: 'suppressed', suppressed: result.error.suppressed, deadAt: now.toISOString() };
      report.failed.push({ key: message.key, code: 'suppressed' });
      report.dead.push(message.key);
    } else {
      const { code, retryable, retryAfterSeconds } = result.error;
      const waiting = WAITING_CODES.has(code);
      const attempts = waiting ? message.attempts : message.attempts + 1;
      const dead = !waiting && (!retryable || attempts >= MAX_ATTEMPTS);
      const delay = waiting ? WAITING_DELAY_MS : retryDelayMs(attempts, deps.ids.random(), retryAfterSeconds);
      updated = {
        ...message,
        status: dead ? 'dead' : 'pending',
        attempts,
        lastError: code,
        nextAttemptAt: new Date(now.getTime() + delay).toISOString(),
        ...(dead ? { deadAt: now.toISOString() } : {}),
      };
      report.failed.push({ key: message.key, code, ...(retryAfterSeconds ? { retryAfterSeconds } : {}) });
      if (dead) report.dead.push(message.key);
    }
    settling.push(
      settle(deps, updated, now).then(
        (notices) => void queue.push(...notices),
        // The send itself is settled and its key makes a resend harmless; the record catches up on the next pass.
        () => void report.failed.push({ key: message.key, code: 'outbox_update_failed' }),
      ),
    );
  }
  return report;
}

/**
 * Records a message's outcome, drops its pending marker once it is settled, and answers the
 * notice to its provider if it is now a dead letter (recorded here, sent in the same pass).
 */
async function settle(deps: DeliveryDeps, updated: OutboxMessage, now: Date): Promise<OutboxMessage[]> {
  // Only the outcome is written, onto the record as stored now: an erasure may have scrubbed
  // it since it was read, and what it took away must not come back from this copy.
  const { status, attempts, nextAttemptAt, sentAt, deadAt, lastError, suppressed } = updated;
  const outcome = { status, attempts, nextAttemptAt, ...optional('sentAt', sentAt), ...optional('deadAt', deadAt), ...optional('suppressed', suppressed) };
  const stored = await deps.store.update<OutboxMessage>('outbox', record(updated.key), (current) => {
    if (!current || current.lastError === 'erased') return null;
    const next: OutboxMessage = { ...current, ...outcome };
    if (lastError) next.lastError = lastError;
    else delete next.lastError;
    return next;
  });
  if (updated.status !== 'pending') await deps.store.delete('outbox', marker(updated.key));
  const onPurpose = unsentOnPurpose.has(stored?.lastError ?? updated.lastError ?? '');
  return updated.status === 'dead' && !onPurpose ? reportUndelivered(deps, stored ?? updated, now) : [];
}

/**
 * Sends one message, and turns anything it throws (a transport that broke on one message)
 * into a failure of that message alone, retried and in the end dead-lettered like any other,
 * so that the messages behind it still go out.
 */
async function guardedSend(
  deps: DeliveryDeps,
  message: OutboxMessage,
  suppressions: Map<string, Suppression> | null,
): ReturnType<typeof send> {
  try {
    return await send(deps, message, suppressions);
  } catch (error) {
    deps.log?.(`vouch: sending ${message.key} failed: ${errorSummary(error)}`);
    return err({ code: 'send_failed', retryable: true, detail: errorSummary(error) });
  }
}

/**
 * Looks up the suppression records of addresses, reading each address once per delivery
 * pass and the new ones side by side; answers null when the list cannot be read, so that
 * nothing goes out unchecked.
 */
function suppressionLookup(deps: DeliveryDeps): (addresses: string[]) => Promise<Map<string, Suppression> | null> {
  const known = new Map<string, Suppression | null>();
  return async (addresses) => {
    const normalised = addresses.map(normaliseEmail);
    const unknown = normalised.filter((address) => !known.has(address));
    try {
      const found = await suppressionsOf(deps, unknown);
      for (const address of unknown) known.set(address, found.get(address) ?? null);
    } catch (error) {
      if (error instanceof StorageUnavailable) return null;
      throw error;
    }
    return new Map(normalised.flatMap((address) => (known.get(address) ? [[address, known.get(address)!] as const] : [])));
  };
}

/** Sends one message to its recipients that are not suppressed, tagged with its template and provider for the mail API's dashboard. */
async function send(
  deps: DeliveryDeps,
  message: OutboxMessage,
  suppressions: Map<string, Suppression> | null,
): Promise<Result<{ id: string }, MailFailure | { suppressed: SuppressionReason } | { capped: true }>> {
  if (!suppressions) return err({ code: 'suppression_check_failed', retryable: true, detail: 'suppression list unavailable' });
  const reasons = message.to.map((address) => suppressions.get(normaliseEmail(address))?.reason);
  const to = message.to.filter((_, index) => !reasons[index]);
  if (to.length === 0 && reasons[0]) return err({ suppressed: reasons[0] });
  // Its slot is claimed as it is sent, once per owner however often this runs (a retry gets the same slot back).
  if (message.cap && !(await claimSlot(deps.store, message.cap.collection, message.cap.slots, message.cap.max, message.referral ?? message.key))) {
    return err({ capped: true });
  }
  const rendered = await deps.render(message.content);
  const tags = [...(rendered.tags ?? []), { name: 'provider', value: message.provider }];
  return deps.mailer.send({ ...rendered, tags, to, replyTo: message.replyTo }, { idempotencyKey: message.key });
}

/** Records the notice, once, that tells the provider an email about their referral could not be delivered; answers it if new. */
async function reportUndelivered(deps: DeliveryDeps, message: OutboxMessage, now: Date): Promise<OutboxMessage[]> {
  const provider = deps.directory.get(message.provider);
  if (!provider || message.content.template === 'delivery-failed') return [];
  return enqueue(deps, [pending(deliveryFailedEmail(outboxKeys.undelivered(message.key), message, provider), now)]);
}
