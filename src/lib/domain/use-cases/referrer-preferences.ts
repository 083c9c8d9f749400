import { z } from 'zod';
import type { UseCaseError } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import { openToken } from '../routes.ts';
import type { Deps } from '../deps.ts';
import { preferencesKey, preferencesOf } from '../records/referrer-preferences.ts';
import type { ReferrerPreferences } from '../referral.ts';
import { useCase, storageGuarded } from '../use-case.ts';
import { referrerOf } from '../records/referrers.ts';

/** What an unsubscribe stops: progress notes only, or every email about their referrals. */
export const StopScope = z.enum(['notes', 'all'], { error: 'Choose what to stop.' });
export type StopScope = z.infer<typeof StopScope>;

/** What the unsubscribe page's buttons and the one-click endpoint send. */
export const StopRequest = z.strictObject({
  /** `notes` (the default of a one-click unsubscribe from a note) or `all`. */
  stop: StopScope,
});
export type StopRequest = z.infer<typeof StopRequest>;

/** The referrer an unsubscribe token is for, with their current preferences; not found once they were erased. */
export const unsubscribeTarget = storageGuarded(async (deps: Pick<Deps, 'store' | 'tokens' | 'clock'>, token: unknown): Promise<Result<{ code: string; preferences: ReferrerPreferences }, UseCaseError>> => {
  const opened = openToken(deps, token, 'unsubscribe');
  if (!opened.ok) return opened;
  const code = opened.value.subject;
  const [referrer, preferences] = await Promise.all([referrerOf(deps, code), preferencesOf(deps, code)]);
  return referrer ? ok({ code, preferences }) : err({ code: 'not_found' });
});

/**
 * Stops progress notes, or every email about a referrer's referrals. Never turns anything
 * back on: stopping notes after stopping everything keeps the thank-yous stopped.
 */
export const stopEmails = useCase(StopRequest, async (deps: Pick<Deps, 'store' | 'clock'>, target: { code: string; preferences: ReferrerPreferences }, input: StopRequest): Promise<Result<ReferrerPreferences, UseCaseError>> => {
  const preferences: ReferrerPreferences = {
    notes: false,
    thanks: input.stop === 'all' ? false : target.preferences.thanks,
    at: deps.clock.now().toISOString(),
  };
  await deps.store.put('referrers', preferencesKey(target.code), preferences);
  return ok(preferences);
});

/** What the unsubscribe page's undo button sends: turn every email about their referrals back on. */
export const ResumeRequest = z.strictObject({ resume: z.literal('all', { error: 'Choose what to turn back on.' }) });
export type ResumeRequest = z.infer<typeof ResumeRequest>;

/**
 * Turns every email about a referrer's referrals back on (the undo of a stop, offered on the
 * page after stopping): the thank-you and the progress notes, from the next referral and the
 * next milestone on. Nothing missed meanwhile is sent late.
 */
export const resumeEmails = useCase(ResumeRequest, async (deps: Pick<Deps, 'store' | 'clock'>, target: { code: string }, _input: ResumeRequest): Promise<Result<ReferrerPreferences, UseCaseError>> => {
  const preferences: ReferrerPreferences = { notes: true, thanks: true, at: deps.clock.now().toISOString() };
  await deps.store.put('referrers', preferencesKey(target.code), preferences);
  return ok(preferences);
});
