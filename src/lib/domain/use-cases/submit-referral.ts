import { invalidInput, type UseCaseError } from '../errors.ts';
import { optional } from '../optional.ts';
import { StorageUnavailable } from '../ports.ts';
import { ReferralInput } from '../referral.ts';
import { err, ok, type Result } from '../result.ts';
import type { Deps } from '../deps.ts';
import { ALREADY_SUBMITTED_MESSAGE, AlreadySubmitted, createReferral, type SubmittedReferral } from '../referral-intake.ts';

export { messagesFor, THANKS_PER_LINK_PER_DAY, type SubmittedReferral } from '../referral-intake.ts';

/**
 * A referee asks a provider to contact them: a recommendation, through a referrer's link
 * or straight from the provider's page. See `createReferral` for what is stored and sent.
 */
export async function submitReferral(deps: Deps, raw: unknown): Promise<Result<SubmittedReferral, UseCaseError>> {
  const parsed = ReferralInput.safeParse(raw, { reportInput: true });
  if (!parsed.success) return err(invalidInput(parsed.error));
  const input = parsed.data;
  const provider = deps.directory.get(input.provider);
  if (!provider) return err({ code: 'unknown_provider' });
  try {
    return ok(
      await createReferral(deps, provider, {
        kind: 'recommendation',
        ...optional('referrerCode', input.ref),
        referee: { name: input.name, email: input.email, ...optional('phone', input.phone), message: input.message },
        consent: { contact: true, shareFirstName: input.shareFirstName },
      }),
    );
  } catch (error) {
    if (error instanceof AlreadySubmitted) return err({ code: 'refused', message: ALREADY_SUBMITTED_MESSAGE });
    if (error instanceof StorageUnavailable) return err({ code: 'unavailable' });
    throw error;
  }
}
