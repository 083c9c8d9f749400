import { pending } from './records/outbox.ts';
import type { OutboxMessage } from './ports.ts';
import type { ProviderEntry } from './provider.ts';
import type { Referral } from './referral.ts';
import type { Deps } from './deps.ts';
import { preferencesOf } from './records/referrer-preferences.ts';
import { referrerOf } from './records/referrers.ts';
import { type NoteStage, referrerMilestoneEmail } from './emails/referrer-milestone.ts';

/**
 * The short note a referrer gets when their referral moves on: reads the referrer and their
 * preferences, and answers the message the `referrer-milestone` template builds from them
 * (none for a self-referral, a referral without a referrer, or a referrer who stopped notes).
 */
export async function referrerNote(
  deps: Pick<Deps, 'store' | 'clock' | 'tokens'>,
  referral: Referral,
  provider: ProviderEntry,
  stage: NoteStage,
  reason?: Referral['reason'],
): Promise<OutboxMessage | null> {
  if (!referral.referrer) return null;
  const [referrer, preferences] = await Promise.all([referrerOf(deps, referral.referrer), preferencesOf(deps, referral.referrer)]);
  const draft = referrerMilestoneEmail(deps, referral, provider, referrer, preferences, stage, reason);
  return draft ? pending(draft, deps.clock.now()) : null;
}
