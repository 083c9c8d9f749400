import { ReferrerCode } from '../referral.ts';
import { err, ok, type Result } from '../result.ts';
import { greetingName } from '../text.ts';
import type { Deps } from '../deps.ts';
import { storageGuarded } from '../use-case.ts';
import { referrerOf } from '../records/referrers.ts';

/** What a personal link's page shows: whose link it is (first name only, or "A friend") and for whom. */
export type Greeting = { code: string; provider: string; referrerFirstName: string };

/** Resolves a personal link's code; an unknown or malformed code is simply not found. */
export const greetReferee = storageGuarded(async (deps: Pick<Deps, 'store' | 'directory'>, code: string): Promise<Result<Greeting, { code: 'not_found' } | { code: 'unavailable' }>> => {
  if (!ReferrerCode.safeParse(code).success) return err({ code: 'not_found' });
  const referrer = await referrerOf(deps, code);
  if (!referrer || !deps.directory.get(referrer.provider)) return err({ code: 'not_found' });
  return ok({ code, provider: referrer.provider, referrerFirstName: greetingName(referrer.name) ?? 'A friend' });
});
