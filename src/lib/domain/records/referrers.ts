import { z } from 'zod';
import type { UseCaseError } from '../errors.ts';
import type { ProviderEntry, Directory } from '../provider.ts';
import type { Referrer } from '../referral.ts';
import { err, ok, type Result } from '../result.ts';
import { openToken, type Tokens } from '../routes.ts';
import type { Store } from '../ports.ts';
import type { Clock } from '../time.ts';

/** Keys of the referrers store (`vouch-referrers`), built here only (a referrer's preferences: `records/referrer-preferences.ts`). */
export const referrerKeys = {
  /** A referrer's record, by the code of their personal link. */
  record: (code: string): string => `code/${code}`,
  /** Which referrer an address is for one provider, by a digest of the address: `{ code }`. */
  byAddress: (provider: string, addressDigest: string): string => `email/${provider}/${addressDigest}`,
};

/** A referrer's record as read back; one that does not read as one is no referrer. */
const StoredReferrer = z.object({ code: z.string(), provider: z.string(), name: z.string(), email: z.string(), createdAt: z.string() });

/** A referrer by the code of their personal link, or null when there is none (never created, or erased). */
export async function referrerOf(deps: { store: Store }, code: string): Promise<Referrer | null> {
  const parsed = StoredReferrer.safeParse(await deps.store.get<unknown>('referrers', referrerKeys.record(code)));
  return parsed.success ? parsed.data : null;
}

/** Opens a referrer's page key (from their link email) to their record and provider. */
export async function referrerOfKey(deps: { store: Store; tokens: Tokens; clock: Clock; directory: Directory }, key: unknown): Promise<Result<{ referrer: Referrer; provider: ProviderEntry }, UseCaseError>> {
  const opened = openToken(deps, key, 'referrer');
  if (!opened.ok) return opened;
  const referrer = await referrerOf(deps, opened.value.subject);
  const provider = referrer ? deps.directory.get(referrer.provider) : undefined;
  if (!referrer || !provider) return err({ code: 'not_found' });
  return ok({ referrer, provider });
}
