import { pending } from './deliver.ts';
import type { EmailContent } from './email-content.ts';
import { optional } from './optional.ts';
import type { OutboxMessage } from './ports.ts';
import type { ProviderEntry } from './provider.ts';
import { emailPhotoOf } from './provider-photo.ts';
import type { Referral } from './referral.ts';
import { greetingName } from './text.ts';
import type { Deps } from './deps.ts';
import { sharedFirstName } from './referral.ts';
import { referrerForgetPath, unsubscribePaths } from './routes.ts';
import { preferencesOf } from './records/referrer-preferences.ts';
import { referrerOf } from './records/referrers.ts';

type NoteStage = Extract<EmailContent, { template: 'referrer-milestone' }>['stage'];

/**
 * The short note a referrer gets when their referral moves on: a fixed phrase for the stage
 * (see the `referrer-milestone` template), the referee's first name only if they allowed it,
 * never anything else about them. None for a self-referral, a referral without a referrer, or
 * a referrer who stopped notes; each note carries a link and a one-click header to stop them.
 */
export async function referrerNote(
  deps: Pick<Deps, 'store' | 'clock' | 'tokens'>,
  referral: Referral,
  provider: ProviderEntry,
  stage: NoteStage,
  extra: { reason?: Referral['reason']; partnerName?: string } = {},
): Promise<OutboxMessage | null> {
  if (!referral.referrer || referral.selfReferral) return null;
  const [referrer, preferences] = await Promise.all([
    referrerOf(deps, referral.referrer),
    preferencesOf(deps, referral.referrer),
  ]);
  if (!referrer || !preferences.notes) return null;
  return pending(
    {
      key: `${referral.id}-note-${stage}`,
      provider: provider.slug,
      referral: referral.id,
      role: 'referrer',
      to: [referrer.email],
      content: {
        template: 'referrer-milestone',
        ...optional('referrerFirstName', greetingName(referrer.name)),
        providerName: provider.name,
        ...optional('providerPhoto', emailPhotoOf(provider)),
        stage,
        ...optional('reason', extra.reason),
        ...optional('refereeFirstName', sharedFirstName(referral)),
        ...optional('unsubscribe', unsubscribePaths(deps, referrer.code, 'notes')),
        ...optional('forgetPath', referrerForgetPath(deps, referrer.code)),
      },
    },
    deps.clock.now(),
  );
}
