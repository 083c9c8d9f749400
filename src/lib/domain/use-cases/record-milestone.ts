import { deliverSoon, enqueue, pending } from '../deliver.ts';
import { invalidInput, type UseCaseError } from '../errors.ts';
import { checkTransition, ProviderAction, type Stage } from '../lifecycle.ts';
import { optional } from '../optional.ts';
import type { OutboxMessage } from '../ports.ts';
import { StorageUnavailable } from '../ports.ts';
import { err, ok, type Result } from '../result.ts';
import { greetingName } from '../text.ts';
import type { Deps } from './deps.ts';
import { type ActionTarget, respondPath } from './links.ts';
import { advance, referralOf, referrerNote } from './notes.ts';

/**
 * A provider records a milestone: contacted, first meeting held, working together, didn't
 * go ahead (with a reason category), or handed on to a partner (which asks the referee's
 * consent first). The referrer gets a fixed-phrase note; an impossible step is refused
 * with a sentence saying why. A referral of another provider is simply not found.
 */
export async function recordMilestone(
  deps: Deps,
  target: ActionTarget,
  raw: unknown,
): Promise<Result<{ referral: string; stage: Stage }, UseCaseError>> {
  const parsed = ProviderAction.safeParse(raw, { reportInput: true });
  if (!parsed.success) return err(invalidInput(parsed.error));
  const action = parsed.data;
  const provider = deps.directory.get(target.provider);
  if (!provider) return err({ code: 'not_found' });
  try {
    const referral = await referralOf(deps, provider.slug, target.referral);
    if (!referral) return err({ code: 'not_found' });
    const step = checkTransition(referral.stage, action);
    if (!step.ok) return step;
    const now = deps.clock.now();
    const messages: (OutboxMessage | null)[] = [];

    if (action.action === 'hand-on') {
      const partner = provider.partners.includes(action.partner) ? deps.directory.get(action.partner) : undefined;
      if (!partner) return err({ code: 'invalid_input', fieldErrors: { partner: ['Choose one of your partners.'] }, formErrors: [] });
      const respond = respondPath(deps, referral.id);
      if (!respond) return err({ code: 'not_configured' });
      messages.push(
        pending(
          {
            key: `${referral.id}-handoff-request`,
            provider: provider.slug,
            referral: referral.id,
            role: 'referee',
            to: [referral.referee.email],
            content: {
              template: 'handoff-request',
              ...optional('refereeFirstName', greetingName(referral.referee.name)),
              providerName: provider.name,
              partnerName: partner.name,
              partnerProfession: partner.profession,
              partnerHelpsBest: partner.helpsBest,
              respondPath: respond,
            },
          },
          now,
        ),
      );
      await deps.store.put('referrals', `id/${referral.id}`, advance(referral, step.value, 'provider', now, {
        handoff: { partner: partner.slug, proposedAt: now.toISOString() },
      }));
    } else {
      const reason = action.action === 'declined' ? action.reason : undefined;
      const updated = advance(referral, step.value, 'provider', now, optional('reason', reason));
      await deps.store.put('referrals', `id/${referral.id}`, updated);
      messages.push(await referrerNote(deps, updated, provider, action.action, optional('reason', reason)));
    }
    // Keys are per referral and stage, and written only if new: a repeated click sends nothing twice.
    await deliverSoon(deps, await enqueue(deps, messages.filter((m): m is OutboxMessage => m !== null)));
    return ok({ referral: referral.id, stage: step.value });
  } catch (error) {
    if (error instanceof StorageUnavailable) return err({ code: 'unavailable' });
    throw error;
  }
}
