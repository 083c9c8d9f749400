import type { Deps } from '../deps.ts';
import type { UseCaseError } from '../errors.ts';
import type { ProviderEntry } from '../provider.ts';
import type { Referrer } from '../referral.ts';
import { err, ok, type Result } from '../result.ts';
import { openToken } from '../tokens.ts';

/** Opens a referrer's page key (from their link email) to their record and provider. */
export async function referrerOfKey(deps: Deps, key: unknown): Promise<Result<{ referrer: Referrer; provider: ProviderEntry }, UseCaseError>> {
  const opened = openToken(deps, key, 'referrer');
  if (!opened.ok) return opened;
  const referrer = await deps.store.get<Referrer>('referrers', `code/${opened.value.subject}`);
  const provider = referrer ? deps.directory.get(referrer.provider) : undefined;
  if (!referrer || !provider) return err({ code: 'not_found' });
  return ok({ referrer, provider });
}
