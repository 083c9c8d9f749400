import type { Deps } from '../deps.ts';

/** What a referrer has chosen to stop; stored as `prefs/<code>` in `referrers`. No record: everything is on. */
export type ReferrerPreferences = {
  /** Milestone notes ("now working together"). */
  notes: boolean;
  /** The single thank-you per referral; stopped only when they stop everything. */
  thanks: boolean;
  /** When they last changed it, ISO 8601; absent while nothing was ever stopped. */
  at?: string;
};

const ALL_ON: ReferrerPreferences = { notes: true, thanks: true };
/** Where a referrer's preferences are stored in `referrers`. */
export const preferencesKey = (code: string): string => `prefs/${code}`;

/** A referrer's preferences; one read. */
export async function preferencesOf(deps: Pick<Deps, 'store'>, code: string): Promise<ReferrerPreferences> {
  const stored = await deps.store.get<Partial<ReferrerPreferences>>('referrers', preferencesKey(code));
  return stored ? { notes: stored.notes !== false, thanks: stored.thanks !== false, ...(stored.at ? { at: stored.at } : {}) } : ALL_ON;
}
