import { z } from 'zod';
import { invalidInput, type UseCaseError } from '../errors.ts';
import { StorageUnavailable } from '../ports.ts';
import type { Referrer } from '../referral.ts';
import { err, ok, type Result } from '../result.ts';
import { openToken } from '../tokens.ts';
import type { Deps } from '../deps.ts';
import { preferencesKey, preferencesOf, type ReferrerPreferences } from '../records/referrer-preferences.ts';

/** What an unsubscribe stops: progress notes only, or every email about their referrals. */
export const StopScope = z.enum(['notes', 'all'], { error: 'Choose what to stop.' });
export type StopScope = z.infer<typeof StopScope>;

/** What the unsubscribe page's buttons and the one-click endpoint send. */
export const StopRequest = z.strictObject({
  /** `notes` (the default of a one-click unsubscribe from a note) or `all`. */
  stop: StopScope,
});

/** The referrer an unsubscribe token is for, with their current preferences; not found once they were erased. */
export async function unsubscribeTarget(
  deps: Pick<Deps, 'store' | 'tokens' | 'clock'>,
  token: unknown,
): Promise<Result<{ code: string; preferences: ReferrerPreferences }, UseCaseError>> {
  const opened = openToken(deps, token, 'unsubscribe');
  if (!opened.ok) return opened;
  const code = opened.value.subject;
  try {
    const [referrer, preferences] = await Promise.all([deps.store.get<Referrer>('referrers', `code/${code}`), preferencesOf(deps, code)]);
    return referrer ? ok({ code, preferences }) : err({ code: 'not_found' });
  } catch (error) {
    if (error instanceof StorageUnavailable) return err({ code: 'unavailable' });
    throw error;
  }
}

/**
 * Stops progress notes, or every email about a referrer's referrals. Never turns anything
 * back on: stopping notes after stopping everything keeps the thank-yous stopped.
 */
export async function stopEmails(
  deps: Pick<Deps, 'store' | 'clock'>,
  target: { code: string; preferences: ReferrerPreferences },
  raw: unknown,
): Promise<Result<ReferrerPreferences, UseCaseError>> {
  const parsed = StopRequest.safeParse(raw, { reportInput: true });
  if (!parsed.success) return err(invalidInput(parsed.error));
  const preferences: ReferrerPreferences = {
    notes: false,
    thanks: parsed.data.stop === 'all' ? false : target.preferences.thanks,
    at: deps.clock.now().toISOString(),
  };
  try {
    await deps.store.put('referrers', preferencesKey(target.code), preferences);
    return ok(preferences);
  } catch (error) {
    if (error instanceof StorageUnavailable) return err({ code: 'unavailable' });
    throw error;
  }
}
