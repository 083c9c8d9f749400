import { z } from 'zod';
import type { Store } from '../ports.ts';
import type { ReferrerPreferences } from '../referral.ts';

const ALL_ON: ReferrerPreferences = { notes: true, thanks: true };
/** Where a referrer's preferences are stored in `referrers`. */
export const preferencesKey = (code: string): string => `prefs/${code}`;

/**
 * A preferences record as read back. Only an explicit `false` stops an email, as it always has:
 * a field missing from an older record, or unreadable, leaves that email on.
 */
const StoredPreferences = z
  .object({
    notes: z.boolean().optional().catch(undefined),
    thanks: z.boolean().optional().catch(undefined),
    at: z.string().optional().catch(undefined),
  })
  .transform(({ notes, thanks, at }): ReferrerPreferences => ({ notes: notes !== false, thanks: thanks !== false, ...(at ? { at } : {}) }));

/** A referrer's preferences; one read. */
export async function preferencesOf(deps: { store: Store }, code: string): Promise<ReferrerPreferences> {
  const parsed = StoredPreferences.safeParse(await deps.store.get<unknown>('referrers', preferencesKey(code)));
  return parsed.success ? parsed.data : ALL_ON;
}
