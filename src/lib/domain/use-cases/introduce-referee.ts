import { claimSlot } from '../caps.ts';
import type { UseCaseError } from '../errors.ts';
import { INTRODUCTIONS_PER_DAY } from '../limits.ts';
import { IntroductionInput } from '../referral.ts';
import { err, ok, type Result } from '../result.ts';
import { inboxOf } from '../addresses.ts';
import { dayOf } from '../time.ts';
import type { Deps } from '../deps.ts';
import { createReferral, type SubmittedReferral } from '../referral-intake.ts';
import { fingerprintOf, type ReferralDraft } from '../records/referrals.ts';
import { digestOf, introductionKeys } from '../records/introductions.ts';
import { referrerOfKey } from '../records/referrers.ts';
import { useCase } from '../use-case.ts';
import { deliver } from '../deliver.ts';
import { postWebhooks } from '../webhook-post.ts';

/** How the shared steps this use case calls send (`Senders` in deps.ts). */
const senders = { deliver, postWebhooks };

/** Why an introduction is not passed on, in words that do not say whether the address is known. */
const NOT_PASSED_ON =
  "We can't pass on this introduction. If they would like to hear from the provider, please send them your personal link instead.";

/**
 * A verified referrer introduces someone directly: the person is told at once that they were
 * introduced, to whom, and how to decline (never the referrer's words, which go to the provider
 * alone); the provider gets an introduction alert and the referrer an immediate thank-you.
 *
 * It mails someone who did not ask, so it is bounded: a referrer introduces at most
 * `introductionsPerDay` people a day, an address gets at most one introduction notice a day
 * whoever sends it, and an address whose owner declined or had their details erased is never
 * introduced again. Each limit is a conditional write of its own key, so that it holds under
 * any number of requests at once; a repeated submission reuses what the first one claimed.
 */
export const introduceReferee = useCase(IntroductionInput, async (deps: Deps, input): Promise<Result<SubmittedReferral, UseCaseError>> => {
  const found = await referrerOfKey(deps, input.key);
  if (!found.ok) return found;
  const { referrer, provider } = found.value;
  if (inboxOf(input.email) === inboxOf(referrer.email)) {
    return err({ code: 'invalid_input', fieldErrors: { email: ['That is your own address: give the address of the person you are introducing.'] }, formErrors: [] });
  }
  const draft: ReferralDraft = {
    kind: 'introduction',
    referrerCode: referrer.code,
    referee: { name: input.name, email: input.email, message: input.context },
    // They have not been asked yet whether the referrer may hear their name: the referrer gave it, so nothing is shared back.
    consent: { contact: true, shareFirstName: false },
  };
  const owner = fingerprintOf(deps, provider.slug, draft);
  const digest = digestOf(deps, input.email);
  const day = dayOf(deps.clock.now().getTime());
  const cap = deps.introductionsPerDay ?? INTRODUCTIONS_PER_DAY;

  if (await deps.store.get('suppressions', introductionKeys.refused(digest))) return err({ code: 'refused', message: NOT_PASSED_ON });
  const slot = await claimSlot(deps.store, 'access', introductionKeys.byReferrer(referrer.code, day), cap, owner);
  if (!slot) {
    return err({ code: 'too_many', message: `You can introduce at most ${cap} people a day. Please try again tomorrow.` });
  }
  const notice = introductionKeys.toAddress(digest, day);
  if ((await deps.store.create('access', notice, { owner })) === 'exists' && (await deps.store.get<{ owner?: string }>('access', notice))?.owner !== owner) {
    // Someone else introduced them today: this one is not passed on, and does not count.
    if (slot.fresh) await deps.store.delete('access', slot.key);
    return err({ code: 'refused', message: NOT_PASSED_ON });
  }
  return ok(await createReferral(deps, senders, provider, draft));
});
