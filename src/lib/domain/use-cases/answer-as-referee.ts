import { deliver, deliverSoon } from '../deliver.ts';
import { enqueue, pending } from '../records/outbox.ts';
import type { UseCaseError } from '../errors.ts';
import { checkTransition, RefereeAnswerInput, type Stage, advance } from '../lifecycle.ts';
import type { OutboxMessage } from '../ports.ts';
import type { WebhookEvent } from '../webhook-events.ts';
import type { ProviderEntry } from '../provider.ts';
import type { Referral } from '../referral.ts';
import { err, ok, type Result } from '../result.ts';
import { openToken } from '../routes.ts';
import type { Deps } from '../deps.ts';
import { eraseReferee } from '../referee-erasure.ts';
import { indexReferral, messagesFor } from '../referral-intake.ts';
import { originOf } from '../stages.ts';
import { respondByOf } from '../time.ts';
import { referrerNote } from '../referrer-note.ts';
import { refereeWithdrewEmail } from '../emails/referee-withdrew.ts';
import { rememberRefusal } from '../records/introductions.ts';
import { changeReferral, loadReferral, referralKeys, noteReferralChange, unlistReferral } from '../records/referrals.ts';
import { useCase, storageGuarded } from '../use-case.ts';
import { referrerOf } from '../records/referrers.ts';
import { createdEvent, stageEvent } from '../webhook-messages.ts';
import { queueWebhooks } from '../webhook-delivery.ts';
import { postWebhooks } from '../webhook-post.ts';

/** How the shared steps this use case calls send (`Senders` in deps.ts). */
const senders = { deliver, postWebhooks };

/** What the referee's page shows: the referral's provider and stage, and a hand-off's partner. */
export type RefereeView = {
  referral: Referral;
  provider: ProviderEntry;
  partner?: ProviderEntry;
};

/** Opens a referee's link: the referral it is bound to, unless erased or gone. */
export const refereeView = storageGuarded(async (deps: Deps, token: unknown): Promise<Result<RefereeView, UseCaseError>> => {

  const opened = openToken(deps, token, 'respond');
  if (!opened.ok) return opened;
  const referral = await loadReferral(deps, opened.value.subject);
  const provider = referral ? deps.directory.get(referral.provider) : undefined;
  if (!referral || !provider || referral.erasedAt) return err({ code: 'not_found' });
  const partner = referral.handoff ? deps.directory.get(referral.handoff.partner) : undefined;
  return ok({ referral, provider, ...(partner ? { partner } : {}) });
});

/**
 * The referee answers, from a link in an email to them: they decline (the referral is
 * withdrawn and their details erased everywhere), or accept or refuse being handed on to
 * a better-placed partner. Accepting re-addresses the referral to the partner, who is
 * alerted; the referrer keeps the attribution and is told.
 */
export const answerAsReferee = useCase(RefereeAnswerInput, async (deps: Deps, input): Promise<Result<{ stage: Stage; partner?: string }, UseCaseError>> => {

  const { answer } = input;
  const view = await refereeView(deps, input.token);
  if (!view.ok) return view;
  const { referral, provider } = view.value;
  const step = checkTransition(referral.stage, { action: answer });
  if (!step.ok) return step;
  // Whoever declines or asks for erasure is never introduced again (kept as a digest only).
  if (answer === 'decline' || answer === 'erase') await rememberRefusal(deps, referral.referee.email);
  if (answer === 'erase') {
    await eraseReferee(deps, referral.id);
    return ok({ stage: referral.stage });
  }
  const now = deps.clock.now();
  const messages: (OutboxMessage | null)[] = [];
  const hooks: WebhookEvent[] = [];
  if (answer === 'accept-handoff') {
    const partner = view.value.partner;
    if (!partner) return err({ code: 'not_found' });
    const handed: Referral = {
      ...referral,
      // No dash: the partner's emails must not fall under the original's outbox prefix (its id and a dash).
      id: `${referral.id}h`,
      provider: partner.slug,
      thankReferrer: false,
      stage: 'new',
      history: [],
      handedOnFrom: { provider: provider.slug, referral: referral.id },
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    delete handed.handoff;
    delete handed.fromProvider;
    delete handed.contactedAt;
    delete handed.reason;
    const referrer = referral.referrer ? await referrerOf(deps, referral.referrer) : null;
    // The partner's copy first, so that a retried answer completes what a failed one started.
    const [made] = await Promise.all([deps.store.create('referrals', referralKeys.record(handed.id), handed), indexReferral(deps, handed, partner)]);
    if (made === 'created') await noteReferralChange(deps, null, handed);
    let refusal: UseCaseError | undefined;
    const outcome = await changeReferral(deps, referral.id, (current) => {
      const again = checkTransition(current.stage, { action: answer });
      refusal = current.erasedAt ? { code: 'not_found' } : again.ok ? undefined : again.error;
      return refusal ? null : advance(current, 'handed-on', 'referee', now, { handedOnTo: { provider: partner.slug, referral: handed.id } });
    });
    if (!outcome || refusal?.code === 'not_found') {
      // Erased meanwhile: the copy must not keep what the erasure took away.
      await Promise.all([deps.store.delete('referrals', referralKeys.record(handed.id)), unlistReferral(deps, handed), made === 'created' ? noteReferralChange(deps, handed, null) : null]);
      return err({ code: 'not_found' });
    }
    if (refusal) return err(refusal);
    messages.push(
      ...messagesFor(deps, handed, partner, referrer),
      await referrerNote(deps, outcome.referral, provider, 'handed-on'),
    );
    hooks.push(...stageEvent(deps, outcome.referral, provider), ...createdEvent(deps, handed, partner, { respondBy: respondByOf(handed, partner), origin: originOf(handed) }));
  } else {
    let stored: Referral | null;
    if (answer === 'decline') {
      // Erased whatever its stage has become meanwhile: that is what they asked for.
      stored = await eraseReferee(deps, referral.id, (current) => {
        const again = checkTransition(current.stage, { action: answer });
        return again.ok ? advance(current, again.value, 'referee', now) : current;
      });
    } else {
      let refusal: UseCaseError | undefined;
      const outcome = await changeReferral(deps, referral.id, (current) => {
        const again = checkTransition(current.stage, { action: answer });
        refusal = again.ok ? undefined : again.error;
        return again.ok ? advance(current, again.value, 'referee', now) : null;
      });
      if (refusal) return err(refusal);
      stored = outcome?.referral ?? null;
      if (stored) hooks.push(...stageEvent(deps, stored, provider));
    }
    if (!stored) return err({ code: 'not_found' });
    messages.push(
      pending(refereeWithdrewEmail(referral, provider, answer, stored), now),
      await referrerNote(deps, stored, provider, 'withdrawn'),
    );
  }
  await deliverSoon(deps, await enqueue(deps, messages.filter((m): m is OutboxMessage => m !== null)));
  await queueWebhooks(deps, senders, hooks);
  return ok({ stage: step.value, ...(view.value.partner && answer === 'accept-handoff' ? { partner: view.value.partner.slug } : {}) });
});
