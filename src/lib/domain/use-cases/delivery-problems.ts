import type { RecipientRole, TemplateName, OutboxMessage, SuppressionReason } from '../ports.ts';
import { ok, type Result } from '../result.ts';
import { optional } from '../optional.ts';
import type { Deps } from '../deps.ts';
import { storageGuarded } from '../use-case.ts';
import type { UseCaseError } from '../errors.ts';
import { asMessage, outboxKeys, unsentOnPurpose } from '../records/outbox.ts';

/** One email about a referral that has not reached its recipient, and why, for the provider's dashboard. */
export type DeliveryProblem = {
  template: TemplateName;
  /** Who it was for, by role only: the dashboard never needs the address to say what went wrong. */
  role: RecipientRole;
  /** `dead`: given up on; `retrying`: failed so far, tried again later. */
  status: 'dead' | 'retrying';
  /** The last error code (`suppressed` when never sent). */
  reason: string;
  /** Why the address is no longer written to, when that is the reason. */
  suppressed?: SuppressionReason;
  attempts: number;
  /** When it was given up on, or when it will be tried again. */
  at: string;
};

/**
 * Why emails about a referral were not delivered: its outbox records that were dead-lettered
 * or are waiting for a retry after a failure. Sent and not-yet-tried emails are no problem.
 */
export const deliveryProblems = storageGuarded(async (deps: Pick<Deps, 'store'>, referralId: string): Promise<Result<DeliveryProblem[], UseCaseError>> => {

  // Message keys of a referral start with its id (see `messagesFor` in referral-intake.ts).
  const keys = await deps.store.list('outbox', outboxKeys.records(`${referralId}-`));
  const messages = await Promise.all(keys.map(async (key) => asMessage(await deps.store.get<unknown>('outbox', key))));
  return ok(messages.flatMap((message) => (message ? problemOf(message) : [])));
});

function problemOf(message: OutboxMessage): DeliveryProblem[] {
  // An email withdrawn because the person asked to be erased, or left unsent past its cap, is no delivery problem.
  const failing = !unsentOnPurpose.has(message.lastError ?? '') && (message.status === 'dead' || (message.status === 'pending' && message.lastError !== undefined));
  if (!failing) return [];
  return [
    {
      template: message.content.template,
      role: message.role,
      status: message.status === 'dead' ? 'dead' : 'retrying',
      reason: message.lastError ?? 'unknown',
      ...optional('suppressed', message.suppressed),
      attempts: message.attempts,
      at: message.status === 'dead' ? (message.deadAt ?? message.nextAttemptAt) : message.nextAttemptAt,
    },
  ];
}
