import { ok, type Result } from '../result.ts';
import { type DeliveryEvent, type Suppression, suppresses, suppressionKey } from '../suppression.ts';
import { optional } from '../optional.ts';
import type { Deps } from '../deps.ts';
import { storageGuarded } from '../use-case.ts';

/** What became of a bounce or complaint: its address is now suppressed, already was, or it stops nothing. */
export type DeliveryEventOutcome = 'suppressed' | 'already_suppressed' | 'ignored';

/**
 * Records a bounce or complaint in the suppression list, so that nothing more is sent to
 * that address. Only an email to one address can be pinned on an address: Vouch writes
 * to several at once only a provider's own notification list, and the event does not say
 * which of them bounced. The first record of an address stays, so a replayed event
 * changes nothing.
 */
export const recordDeliveryEvent = storageGuarded(async (deps: Pick<Deps, 'store' | 'ids'>, event: DeliveryEvent): Promise<Result<DeliveryEventOutcome, { code: 'unavailable' }>> => {
  const [address, ...others] = event.recipients;
  if (!address || others.length > 0 || !suppresses(event)) return ok('ignored');
  const record: Suppression = {
    reason: event.kind,
    ...optional('bounceType', event.bounceType),
    ...optional('bounceSubType', event.bounceSubType),
    at: event.at,
    emailId: event.emailId,
  };
  const created = await deps.store.create('suppressions', suppressionKey(deps.ids, address), record);
  return ok(created === 'created' ? 'suppressed' : 'already_suppressed');
});
