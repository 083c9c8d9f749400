import { deliver, deliverSoon } from '../deliver.ts';
import { enqueue, pending } from '../records/outbox.ts';
import type { UseCaseError } from '../errors.ts';
import { advance, checkTransition, ProviderAction, type Stage } from '../lifecycle.ts';
import { optional } from '../optional.ts';
import type { OutboxMessage } from '../ports.ts';
import { err, ok, type Result } from '../result.ts';
import type { Deps } from '../deps.ts';
import { type ActionTarget, respondPath } from '../routes.ts';
import { handoffRequestEmail } from '../emails/handoff-request.ts';
import { referrerNote } from '../referrer-note.ts';
import { recordedAfterErasure } from '../referee-erasure.ts';
import { changeReferral, referralOf } from '../records/referrals.ts';
import { useCase } from '../use-case.ts';
import { stageEvent } from '../webhook-messages.ts';
import { queueWebhooks } from '../webhook-delivery.ts';
import { postWebhooks } from '../webhook-post.ts';

/** How the shared steps this use case calls send (`Senders` in deps.ts). */
const senders = { deliver, postWebhooks };

/**
 * A provider records a milestone: contacted, first meeting held, working together, didn't
 * go ahead (with a reason category), or handed on to a partner (which asks the referee's
 * consent first). The referrer gets a fixed-phrase note; an impossible step is refused
 * with a sentence saying why. A referral of another provider is simply not found.
 */
export const recordMilestone = useCase(ProviderAction, async (deps: Deps, target: ActionTarget, action: ProviderAction): Promise<Result<{ referral: string; stage: Stage }, UseCaseError>> => {
  const provider = deps.directory.get(target.provider);
  if (!provider) return err({ code: 'not_found' });
  const found = await referralOf(deps, provider.slug, target.referral);
  if (!found) return err({ code: 'not_found' });
  const now = deps.clock.now();
  const partner =
    action.action === 'hand-on' && provider.partners.includes(action.partner) ? deps.directory.get(action.partner) : undefined;
  if (action.action === 'hand-on' && !partner) {
    return err({ code: 'invalid_input', fieldErrors: { partner: ['Choose one of your partners.'] }, formErrors: [] });
  }
  const respond = action.action === 'hand-on' ? respondPath(deps, found.id) : undefined;
  if (action.action === 'hand-on' && !respond) return err({ code: 'not_configured' });
  const reason = action.action === 'declined' ? action.reason : undefined;

  // The step is checked against the referral as it is when written, not as first read.
  let refusal: UseCaseError | undefined;
  const outcome = await changeReferral(deps, found.id, (current) => {
    const step = checkTransition(current.stage, action);
    refusal = step.ok ? undefined : step.error;
    if (!step.ok) return null;
    if (partner && current.erasedAt) {
      refusal = { code: 'invalid_transition', message: 'Their details have been erased, so they cannot be asked to be handed on.' };
      return null;
    }
    return partner
      ? advance(current, step.value, 'provider', now, { handoff: { partner: partner.slug, proposedAt: now.toISOString() } })
      : advance(current, step.value, 'provider', now, optional('reason', reason));
  });
  if (!outcome) return err({ code: 'not_found' });
  if (refusal) return err(refusal);
  const updated = outcome.referral;

  const messages: (OutboxMessage | null)[] = [];
  if (partner && respond) {
    messages.push(pending(handoffRequestEmail(updated, provider, partner, respond), now));
  } else {
    messages.push(await referrerNote(deps, updated, provider, action.action as Exclude<typeof action.action, 'hand-on'>, reason));
  }
  const recorded = messages.filter((m): m is OutboxMessage => m !== null);
  // Keys are per referral and stage, and written only if new: a repeated click sends nothing twice.
  const created = await enqueue(deps, recorded);
  if (!(await recordedAfterErasure(deps, updated.id, recorded.map((m) => m.key)))) await deliverSoon(deps, created);
  await queueWebhooks(deps, senders, stageEvent(deps, updated, provider));
  return ok({ referral: updated.id, stage: updated.stage });
});
