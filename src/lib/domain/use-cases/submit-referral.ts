import type { Deps } from '../deps.ts';
import { optional } from '../optional.ts';
import { ReferralInput } from '../referral.ts';
import { createReferral, type SubmittedReferral } from '../referral-intake.ts';
import { err, ok, type Result } from '../result.ts';
import type { UseCaseError } from '../errors.ts';
import { useCase } from '../use-case.ts';
import { deliver } from '../deliver.ts';
import { postWebhooks } from '../webhook-post.ts';

/** How the shared steps this use case calls send (`Senders` in deps.ts). */
const senders = { deliver, postWebhooks };

/**
 * A referee asks a provider to contact them: a recommendation, through a referrer's link
 * or straight from the provider's page. See `createReferral` for what is stored and sent.
 */
export const submitReferral = useCase(ReferralInput, async (deps: Deps, input): Promise<Result<SubmittedReferral, UseCaseError>> => {
  const provider = deps.directory.get(input.provider);
  if (!provider) return err({ code: 'unknown_provider' });
  return ok(
    await createReferral(deps, senders, provider, {
      kind: 'recommendation',
      ...optional('referrerCode', input.ref),
      referee: { name: input.name, email: input.email, ...optional('phone', input.phone), message: input.message },
      consent: { contact: true, shareFirstName: input.shareFirstName },
    }),
  );
});
